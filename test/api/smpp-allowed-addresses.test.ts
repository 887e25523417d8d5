/**
 * Where an account's SMPP credentials may bind from (admin API `GET`/`PUT /admin/accounts/{id}/smpp`):
 * addresses and CIDR blocks, checked at each bind (ESME_RBINDFAIL from elsewhere); null lets any
 * address bind; a list that is not addresses is refused whole. On SQLite and PostgreSQL.
 */
import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

type Session = ReturnType<typeof smpp.connect>;
const headers = { authorization: 'Bearer admin-secret-token' };

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`SMPP bind addresses on ${sc.name}`, () => {
    let h: TestHerald;
    const open: Session[] = [];
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { config: { smppPort: 0, adminToken: 'admin-secret-token' } });
    });
    afterAll(async () => {
      for (const s of open) s.destroy();
      await h?.close();
    });

    /** The command status of a bind from this machine (127.0.0.1). */
    const bindStatus = async () => {
      const s = await new Promise<Session>((resolve, reject) => {
        const c = smpp.connect(
          { url: `smpp://127.0.0.1:${h.herald.smppPort}`, auto_enquire_link_period: 0 },
          () => resolve(c),
        );
        c.on('error', reject);
      });
      open.push(s);
      const bind = s.bind_transceiver as (f: unknown, cb: (p: smpp.PDU) => void) => void;
      const r = await new Promise<smpp.PDU>((resolve) =>
        bind.call(s, { system_id: h.account.smpp.systemId, password: h.account.smpp.password }, resolve),
      );
      return r.command_status;
    };
    const put = (allowedAddresses: unknown) =>
      h.call('PUT', `/admin/accounts/${h.account.accountId}/smpp`, { headers, json: { allowedAddresses } });

    it('binds only from the addresses and blocks listed', async () => {
      const path = `/admin/accounts/${h.account.accountId}/smpp`;
      expect((await h.call('GET', path, { headers })).body).toEqual({
        systemId: h.account.smpp.systemId,
        allowedAddresses: null,
      });
      expect(await bindStatus()).toBe(0);

      expect((await put(['10.0.0.0/8', '2001:db8::/32'])).status).toBe(200);
      expect(await bindStatus()).toBe(0x0d);

      const refused = await put(['10.0.0.0/8', 'localhost', '10.0.0.0/33']);
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body.properties).sort()).toEqual([
        'allowedAddresses[1]',
        'allowedAddresses[2]',
      ]);
      expect((await h.call('GET', path, { headers })).body.allowedAddresses).toEqual([
        '10.0.0.0/8',
        '2001:db8::/32',
      ]);

      expect((await put(['10.0.0.0/8', '127.0.0.0/8'])).status).toBe(200);
      expect(await bindStatus()).toBe(0);
      expect((await put(['127.0.0.1'])).status).toBe(200);
      expect(await bindStatus()).toBe(0);
      expect((await put(null)).body).toEqual({ systemId: h.account.smpp.systemId, allowedAddresses: null });
      expect(await bindStatus()).toBe(0);
      expect((await put('127.0.0.1')).status).toBe(400);
    });
  });
}
