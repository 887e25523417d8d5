import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import smpp from 'smpp';
import { afterAll, describe, expect, it } from 'vitest';
import { exitOf, freePort, runHerald, spawnHerald, waitFor } from '../helpers/process.js';

describe('herald CLI', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-cli-'));
  const env = { HERALD_DATA_DIR: dataDir, DATABASE_URL: '', HERALD_CONFIG: '' };
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the operator simulator on its own', async () => {
    const port = await freePort();
    const sim = spawnHerald(['smsc-sim', '--port', String(port), '--id-format', 'hex'], env);
    try {
      await waitFor(() => sim.output().includes('listening on smpp://'), 10_000, 'simulator');
      expect(sim.output()).toContain(`127.0.0.1:${port}`);
    } finally {
      sim.kill('SIGTERM');
      await exitOf(sim);
    }
  });

  it('prints help listing its commands', async () => {
    const r = await runHerald(['--help'], env);
    expect(r.code).toBe(0);
    for (const c of ['start', 'migrate', 'account', 'price', 'smsc-sim']) expect(r.stdout).toContain(c);
  });

  it('creates accounts (--json with credentials) and lists them without secrets', async () => {
    const r = await runHerald(['account', 'create', '--name', 'shop', '--balance', '12.5', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout);
    expect(created).toMatchObject({ name: 'shop', balance: 12.5, currency: 'EUR' });
    expect(created.routee.applicationId).toMatch(/^[0-9a-f]{24}$/);
    expect(created.routee.applicationSecret.length).toBeGreaterThanOrEqual(32);
    expect(created.octopush.apiKey.length).toBeGreaterThanOrEqual(32);
    // SMPP credentials within SMPP 3.4's sizes (system_id ≤ 15, password ≤ 8 characters).
    expect(created.smpp.systemId).toMatch(/^h[a-z0-9]{11}$/);
    expect(created.smpp.password).toMatch(/^[A-Za-z0-9]{8}$/);
    const list = await runHerald(['account', 'list', '--json'], env);
    const accounts = JSON.parse(list.stdout);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({
      name: 'shop',
      balance: 12.5,
      applicationId: created.routee.applicationId,
    });
    expect(list.stdout).not.toContain(created.routee.applicationSecret);
    // The secret is stored hashed: the raw database file never contains it.
    expect(fs.readFileSync(path.join(dataDir, 'herald.db')).includes(created.routee.applicationSecret)).toBe(
      false,
    );
  });

  it('disables, enables and deletes accounts', async () => {
    const created = JSON.parse(
      (await runHerald(['account', 'create', '--name', 'shortlived', '--json'], env)).stdout,
    );
    const state = async () =>
      (JSON.parse((await runHerald(['account', 'list', '--json'], env)).stdout) as any[]).find(
        (a) => a.accountId === created.accountId,
      ).state;
    expect(await state()).toBe('active');
    expect((await runHerald(['account', 'disable', 'shortlived'], env)).code).toBe(0);
    expect(await state()).toBe('disabled');
    expect((await runHerald(['account', 'enable', created.accountId], env)).code).toBe(0);
    expect(await state()).toBe('active');
    const deleted = await runHerald(['account', 'delete', 'shortlived'], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('"withdrawn":0');
    expect(await state()).toBe('deleted');
    // Deleted: no longer found by name.
    const again = await runHerald(['account', 'disable', 'shortlived'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('no account shortlived');
  });

  it('gives an account numbers with keyword rules, lists them and takes one back', async () => {
    const add = await runHerald(['number', 'add', 'shop', '+306912345678'], env);
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ number: '306912345678', kind: 'LongCode', country: 'GR' });
    const short = await runHerald(
      ['number', 'add', 'shop', '38300', '--country', 'FR', '--route', 'smpp'],
      env,
    );
    expect(JSON.parse(short.stdout)).toMatchObject({
      number: '38300',
      kind: 'ShortCode',
      inboundRoute: 'smpp',
    });
    expect((await runHerald(['number', 'add', 'shop', '38301'], env)).code).not.toBe(0);
    const rules = await runHerald(
      ['number', 'keywords', 'shop', '306912345678', 'INFO=Open 9-18', 'join=Welcome!'],
      env,
    );
    expect(rules.code, rules.stderr).toBe(0);
    const list = JSON.parse((await runHerald(['number', 'list', 'shop'], env)).stdout);
    expect(list.map((n: { number: string }) => n.number)).toEqual(['306912345678', '38300']);
    expect(list[0].keywords).toEqual([
      { keyword: 'INFO', reply: 'Open 9-18' },
      { keyword: 'JOIN', reply: 'Welcome!' },
    ]);
    expect((await runHerald(['number', 'remove', 'shop', '38300'], env)).code).toBe(0);
    expect(JSON.parse((await runHerald(['number', 'list', 'shop'], env)).stdout)).toHaveLength(1);
  });

  it('edits the price list', async () => {
    expect((await runHerald(['price', 'set', 'GR', '0.05'], env)).code).toBe(0);
    expect((await runHerald(['price', 'set', '--service', 'voice', '*', '0.04'], env)).code).toBe(0);
    const list = JSON.parse((await runHerald(['price', 'list', '--json'], env)).stdout);
    expect(list).toContainEqual({ service: 'sms', country: 'GR', price: 0.05 });
    expect(list).toContainEqual({ service: 'voice', country: '*', price: 0.04 });
    expect((await runHerald(['price', 'set', 'Greece', '1'], env)).code).not.toBe(0);
  });

  it('starts on an empty database with a demo account, serves it, and stops on SIGTERM', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-start-'));
    // PORT=0: the system picks a free port (no race with other tests); the banner names it.
    const child = spawnHerald(['start'], {
      ...env,
      HERALD_DATA_DIR: fresh,
      PORT: '0',
      HERALD_SIMULATOR: 'auto',
      HERALD_SMPP_PORT: '0', // on, at a free port (the embedded default's 2775 may be taken here)
    });
    const started = (c: typeof child, what: string) => () => {
      if (c.exitCode !== null) throw new Error(`herald exited during ${what}: ${c.output()}`);
      return c.output().includes('Herald started');
    };
    try {
      await waitFor(started(child, 'first start'), 45_000, 'first start');
      const out = child.output();
      const id = /applicationId:\s+(\S+)/.exec(out)![1]!;
      const secret = /applicationSecret:\s+(\S+)/.exec(out)![1]!;
      const base = /export HERALD=(\S+)/.exec(out)![1]!.replace('localhost', '127.0.0.1');
      // The SMPP server takes the demo account's SMPP credentials from the banner.
      const smppPort = Number(/SMPP server: localhost:(\d+)/.exec(out)![1]);
      const systemId = /system_id:\s+(\S+)/.exec(out)![1]!;
      const smppPassword = /\n\s+password:\s+(\S+)/.exec(out)![1]!;
      const client = await new Promise<ReturnType<typeof smpp.connect>>((resolve, reject) => {
        const c = smpp.connect({ url: `smpp://127.0.0.1:${smppPort}`, auto_enquire_link_period: 0 }, () =>
          resolve(c),
        );
        c.on('error', reject);
      });
      try {
        const bound = await new Promise<smpp.PDU>((resolve) =>
          (client.bind_transceiver as (f: unknown, cb: (p: smpp.PDU) => void) => void)(
            { system_id: systemId, password: smppPassword },
            resolve,
          ),
        );
        expect(bound.command_status).toBe(0);
      } finally {
        client.destroy();
      }
      // No admin token configured: the banner says how to open the operator pages.
      expect(out).toMatch(
        /Operator pages: start with HERALD_ADMIN_TOKEN=\S.* to use http:\/\/localhost:\d+\/console\/operator/,
      );
      const tokenRes = await fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const sms = await fetch(`${base}/sms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'Herald', to: '+306948530920', body: 'Hello from the CLI test' }),
      });
      expect(sms.status).toBe(200);
      // The bundled operator simulator delivers it: Queued → Sent → Delivered with no set-up.
      const { trackingId } = (await sms.json()) as { trackingId: string };
      await waitFor(
        async () => {
          const t = await fetch(`${base}/sms/tracking/single/${trackingId}`, {
            headers: { authorization: `Bearer ${access_token}` },
          });
          const parts = (await t.json()) as Array<{ status: { status: string } }>;
          return parts[0]?.status.status === 'Delivered';
        },
        10_000,
        'the demo message to be Delivered',
      );
      // A voice campaign goes to the bundled callee simulator: the call completes and its digit is collected.
      const voice = await fetch(`${base}/voice/campaign`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          from: '302100000000',
          to: ['+306948530920'],
          message: { text: 'Hello from Herald', language: 'en-US', gender: 'female' },
          collectDtmfDigits: true,
          collectDtmfAwaitSeconds: 2,
        }),
      });
      expect(voice.status).toBe(200);
      const campaign = (await voice.json()) as { trackingId: string };
      let call: { status: { status: string }; collectedTones: string } | undefined;
      await waitFor(
        async () => {
          const t = await fetch(`${base}/voice/tracking/campaign/${campaign.trackingId}`, {
            headers: { authorization: `Bearer ${access_token}` },
          });
          call = ((await t.json()) as { content: Array<typeof call> }).content[0];
          return call?.status.status === 'Completed';
        },
        15_000,
        'the demo call to complete',
      );
      expect(call!.collectedTones).toBe('1');
      // Secrets never reach the log.
      const logs = child
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'));
      expect(logs.join('\n')).not.toContain(secret);
      child.kill('SIGTERM');
      expect(await exitOf(child)).toBe(0);
      // A second start on the same database creates no new demo account.
      const admin = { HERALD_ADMIN_TOKEN: 'cli-admin-token-0123456789' };
      const again = spawnHerald(['start'], { ...env, ...admin, HERALD_DATA_DIR: fresh, PORT: '0' });
      await waitFor(started(again, 'second start'), 45_000, 'second start');
      expect(again.output()).not.toContain('applicationSecret');
      // Two-way on the embedded default: the operator gives the demo account a number and the bundled
      // operator simulator writes to it, as a handset would; tracking shows the reply.
      const base2 = /Operator pages: (http:\/\/localhost:\d+)/
        .exec(again.output())![1]!
        .replace('localhost', '127.0.0.1');
      const given = await runHerald(['number', 'add', 'demo', '+306912345678'], {
        ...env,
        HERALD_DATA_DIR: fresh,
      });
      expect(given.code, given.stderr).toBe(0);
      const mo = await runHerald(
        [
          'simulate-inbound',
          '--from',
          '+306948530920',
          '--to',
          '306912345678',
          '--text',
          'Yes please',
          '--url',
          base2,
        ],
        { ...env, ...admin, HERALD_DATA_DIR: fresh },
      );
      expect(mo.code, mo.stderr).toBe(0);
      expect(mo.stdout).toContain('delivered');
      const token2 = (await (
        await fetch(`${base2}/oauth/token`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials',
        })
      ).json()) as { access_token: string };
      await waitFor(
        async () => {
          const t = await fetch(`${base2}/sms/tracking`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token2.access_token}`, 'content-type': 'application/json' },
            body: JSON.stringify([{ fieldName: 'direction', searchTerm: 'Inbound' }]),
          });
          const page = (await t.json()) as { content: Array<{ body: string; direction: string }> };
          return page.content.some((c) => c.body === 'Yes please' && c.direction === 'Inbound');
        },
        10_000,
        'the reply in tracking',
      );
      again.kill('SIGTERM');
      expect(await exitOf(again)).toBe(0);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
