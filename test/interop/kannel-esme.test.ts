/**
 * Debian's Kannel as an ESME of Herald's SMPP server (issue 27): a bearerbox whose smsc group binds to
 * Herald as transceiver with an account's SMPP credentials, and an smsbox taking HTTP sendsms. A
 * short GSM message, a long one (Kannel splits it with a UDH; Herald puts it together again) and a
 * Unicode one go through Herald to the operator simulator, and Kannel gets each one's delivery report
 * back (its DLR URL is called with status 1), matched to its message by the id Herald answered.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { freePort, waitFor } from '../helpers/process.js';

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
text = "No service"
catch-all = true
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
});
