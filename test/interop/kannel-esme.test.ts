/**
 * Debian's Kannel as an ESME of Herald's SMPP server (issue 27): a bearerbox whose smsc group binds to
 * Herald as transceiver with an account's SMPP credentials, and an smsbox taking HTTP sendsms. A
 * short GSM message, a long one (Kannel splits it with a UDH; Herald puts it together again) and a
 * Unicode one go through Herald to the operator simulator, and Kannel gets each one's delivery report
 * back (its DLR URL is called with status 1), matched to its message by the id Herald answered.
 * Handsets' messages to the account's number routed to SMPP reach Kannel's sms-service as deliver_sm
 * (GSM, long in message_payload, UCS-2).
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { freePort, waitFor } from '../helpers/process.js';
import { assignNumber } from '../../src/services/numbers.js';

const hasKannel = (() => {
  try {
    execSync('command -v bearerbox && command -v smsbox', { stdio: 'ignore', shell: '/bin/bash' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasKannel)('Kannel as an ESME of Herald’s SMPP server', () => {
  let e: EngineHerald;
  let dir: string;
  let sendsms: number;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    e = await startEngineHerald('sqlite', { config: { smppPort: 0 } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kannel-esme-'));
    const [admin, box] = [await freePort(), await freePort()];
    sendsms = await freePort();
    const conf = `group = core
admin-port = ${admin}
admin-password = adminpw
admin-interface = 127.0.0.1
admin-allow-ip = "127.0.0.1"
smsbox-port = ${box}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-file = "${dir}/bearerbox.log"
log-level = 1
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = herald
host = 127.0.0.1
port = ${e.h.herald.smppPort}
transceiver-mode = true
smsc-username = ${e.h.account.smpp.systemId}
smsc-password = ${e.h.account.smpp.password}
system-type = ""
log-level = 1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${box}
sendsms-port = ${sendsms}
sendsms-interface = 127.0.0.1
log-file = "${dir}/smsbox.log"
log-level = 1

group = sendsms-user
username = tester
password = foobar
max-messages = 5
concatenation = true

group = sms-service
keyword = default
get-url = "${e.hook.url}/mo?from=%p&to=%P&coding=%c&charset=%C&text=%a"
catch-all = true
max-messages = 0
`;
    fs.writeFileSync(path.join(dir, 'kannel.conf'), conf);
    children.push(spawn('bearerbox', [path.join(dir, 'kannel.conf')], { stdio: 'ignore' }));
    // smsbox gives up at once when bearerbox does not answer yet (it takes seconds to start).
    const listening = (port: number) =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    await waitFor(() => listening(box), 30_000, 'bearerbox');
    children.push(spawn('smsbox', [path.join(dir, 'kannel.conf')], { stdio: 'ignore' }));
    // Bound: Herald's server has the account's bind; smsbox answers HTTP.
    await waitFor(
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${sendsms}/cgi-bin/sendsms`)).status > 0;
        } catch {
          return false;
        }
      },
      20_000,
      'smsbox',
    );
    await new Promise((r) => setTimeout(r, 1500)); // the smsc bind
  }, 60_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await e?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const send = async (id: string, params: Record<string, string>) => {
    const q = new URLSearchParams({
      username: 'tester',
      password: 'foobar',
      from: 'Herald',
      'dlr-mask': '1',
      'dlr-url': `${e.hook.url}/dlr?id=${id}&status=%d`,
      ...params,
    });
    const res = await fetch(`http://127.0.0.1:${sendsms}/cgi-bin/sendsms?${q}`);
    expect(res.status, await res.text()).toBeLessThan(300);
  };
  const dlrs = (id: string) => e.hook.received.filter((r) => r.path.includes(`id=${id}&`));
  const stored = (to: string) =>
    e.h.store.db.selectFrom('messages').selectAll().where('recipient', '=', to).execute();

  it(
    'sends short, long and Unicode messages through Herald and gets their delivery reports',
    { timeout: 60_000 },
    async () => {
      const long = `${'Long message through Kannel and Herald. '.repeat(8)}The end.`;
      await send('short', { to: '33612345671', text: 'Hello from Kannel' });
      await send('long', { to: '33612345672', text: long });
      await send('greek', {
        to: '306948000003',
        text: 'Γειά σου από το Kannel',
        charset: 'UTF-8',
        coding: '2',
      });

      await waitFor(async () => (await stored('+33612345671')).length === 1, 20_000, 'short stored');
      await waitFor(async () => (await stored('+33612345672')).length === 1, 20_000, 'long put together');
      await waitFor(async () => (await stored('+306948000003')).length === 1, 20_000, 'greek stored');
      expect((await stored('+33612345671'))[0]).toMatchObject({
        body: 'Hello from Kannel',
        encoding: 'GSM7',
      });
      expect((await stored('+33612345672'))[0]).toMatchObject({ body: long, parts: 3 });
      expect((await stored('+306948000003'))[0]).toMatchObject({
        body: 'Γειά σου από το Kannel',
        encoding: 'UCS2',
      });

      for (const id of ['short', 'long', 'greek'])
        await waitFor(
          () => dlrs(id).some((r) => r.path.includes('status=1')),
          30_000,
          `${id} delivery report`,
        );
    },
  );

  it(
    'hands Kannel the messages handsets write to the account’s number routed to SMPP',
    { timeout: 60_000 },
    async () => {
      await assignNumber(e.h.herald.ctx, e.h.account.accountId, {
        number: '+306912345679',
        inboundRoute: 'smpp',
      });
      const long = `${'A long answer from a handset. '.repeat(10)}Bye.`;
      await e.smsc.sendMo({ from: '+306948530921', to: '306912345679', text: 'Yes, book it' });
      await e.smsc.sendMo({ from: '+306948530921', to: '306912345679', text: long });
      await e.smsc.sendMo({ from: '+306948530921', to: '306912345679', text: 'Ναι, ευχαριστώ' });
      const mo = () =>
        e.hook.received
          .filter((r) => r.path.startsWith('/mo?'))
          .map((r) => Object.fromEntries(new URL(r.path, 'http://x').searchParams));
      await waitFor(() => mo().length === 3, 30_000, 'Kannel’s sms-service called for each message');
      const got = mo();
      // Both numbers international (TON 1): Kannel writes them with '+'.
      for (const m of got) expect(m).toMatchObject({ from: '+306948530921', to: '+306912345679' });
      expect(got.map((m) => m.text).slice(0, 2)).toEqual(['Yes, book it', long]);
      const greek = got[2]!;
      expect(greek.coding).toBe('2');
      // Kannel passes a UCS-2 text on as it came (UTF-16BE, percent-encoded byte by byte): read the
      // raw bytes of the query's text so.
      expect(greek.charset).toBe('UTF-16BE');
      const raw = e.hook.received.filter((r) => r.path.startsWith('/mo?'))[2]!.path.split('&text=')[1]!;
      const bytes: number[] = [];
      for (let i = 0; i < raw.length; i++) {
        if (raw[i] === '%') {
          bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(raw[i] === '+' ? 0x20 : raw.charCodeAt(i));
      }
      expect(Buffer.from(bytes).swap16().toString('utf16le')).toBe('Ναι, ευχαριστώ');
      // Each was acknowledged by Kannel: none is owed any more.
      await waitFor(
        async () => (await e.h.store.db.selectFrom('smpp_inbound').selectAll().execute()).length === 0,
        5000,
        'acknowledged',
      );
    },
  );
});
