/**
 * Herald's SMPP server in TLS (smppTls: a port, a certificate and its key): a client application
 * binds over TLS and submits as over plain TCP; a client that speaks plain TCP to the TLS port gets
 * no bind. The certificate is made for the test by Debian's openssl. On SQLite and PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

type Session = ReturnType<typeof smpp.connect>;

const call = (s: Session, command: string, fields: Record<string, unknown> = {}) =>
  new Promise<smpp.PDU>((resolve) =>
    (s[command] as (f: unknown, cb: (p: smpp.PDU) => void) => void).call(s, fields, resolve),
  );

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`SMPP server over TLS on ${sc.name}`, () => {
    let h: TestHerald;
    let dir: string;
    const open: Session[] = [];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'herald-tls-'));
      const certFile = join(dir, 'cert.pem');
      const keyFile = join(dir, 'key.pem');
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
        '-keyout', keyFile, '-out', certFile,
      ], { stdio: 'ignore' }); // prettier-ignore
      h = await startTestHerald(sc.name, { config: { smppTls: { port: 0, certFile, keyFile } } });
    });
    afterAll(async () => {
      for (const s of open) s.destroy();
      await h?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('binds and takes a submission over TLS', async () => {
      expect(h.herald.smppPort).toBeUndefined();
      const s = await new Promise<Session>((resolve, reject) => {
        const c = smpp.connect(
          {
            url: `ssmpp://127.0.0.1:${h.herald.smppTlsPort}`,
            auto_enquire_link_period: 0,
            rejectUnauthorized: false,
          },
          () => resolve(c),
        );
        c.on('error', reject);
      });
      open.push(s);
      const bound = await call(s, 'bind_transceiver', {
        system_id: h.account.smpp.systemId,
        password: h.account.smpp.password,
      });
      expect(bound.command_status).toBe(0);
      const resp = await call(s, 'submit_sm', {
        source_addr: 'Herald',
        destination_addr: '33612345678',
        short_message: 'over TLS',
      });
      expect(resp.command_status).toBe(0);
      const row = await h.store.db
        .selectFrom('messages')
        .select(['body', 'recipient'])
        .where('id', '=', String(resp.message_id))
        .executeTakeFirst();
      expect(row).toEqual({ body: 'over TLS', recipient: '+33612345678' });
    });

    it('gives no bind to a client that does not speak TLS', async () => {
      const s = smpp.connect({
        url: `smpp://127.0.0.1:${h.herald.smppTlsPort}`,
        auto_enquire_link_period: 0,
      });
      open.push(s);
      s.on('error', () => undefined);
      const outcome = await Promise.race([
        call(s, 'bind_transceiver', {
          system_id: h.account.smpp.systemId,
          password: h.account.smpp.password,
        }).then((p) => `answered ${p.command_status}`),
        new Promise<string>((resolve) => s.on('close', () => resolve('closed'))),
      ]);
      expect(outcome).toBe('closed');
    });
  });
}
