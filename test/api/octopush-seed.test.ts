/**
 * Seed 004 (Octopush `sms-campaign/send`) read field by field: `recipients` up to 100,001, and
 * `auto_delete_optout_contacts` taking the contacts who opted out off the list named in the request.
 * On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Octopush send as seed 004 reads on ${sc.name}`, () => {
    let h: TestHerald;
    let headers: Record<string, string>;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 20 });
      headers = { 'api-login': h.account.credentials.apiLogin, 'api-key': h.account.credentials.apiKey };
      token = await h.token();
    });
    afterAll(async () => {
      await h?.close();
    });

    const send = (json: Record<string, unknown>) =>
      h.call('POST', '/v1/public/sms-campaign/send', {
        headers,
        json: { purpose: 'alert', text: 'Hi', ...json },
      });
    const numbers = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ phone_number: `+3361${String(i).padStart(7, '0')}` }));

    it('takes up to 100,001 recipients', async () => {
      const most = await send({ recipients: numbers(100_001), simulation_mode: true });
      expect(most.status, JSON.stringify(most.body).slice(0, 300)).toBe(201);
      expect(most.body.number_of_contacts).toBe(100_001);
      const over = await send({ recipients: numbers(100_002), simulation_mode: true });
      expect(over.status).toBe(400);
      expect(typeof over.body.code).toBe('number');
    }, 60_000);

    it('takes contacts who opted out off the named list with auto_delete_optout_contacts', async () => {
      const members = async (list: string) =>
        (
          await h.store.db
            .selectFrom('group_members as g')
            .innerJoin('contacts as c', 'c.id', 'g.contact_id')
            .select('c.mobile')
            .where('g.account_id', '=', h.account.accountId)
            .where('g.group_name', '=', list)
            .orderBy('c.mobile')
            .execute()
        ).map((r) => r.mobile);
      for (const list of ['kept', 'cleaned']) {
        const created = await h.call('POST', '/v1/public/contact/create', {
          headers,
          json: {
            list_name: list,
            contacts: [{ phone_number: '+33600000101' }, { phone_number: '+33600000102' }],
          },
        });
        expect(created.status).toBe(201);
      }
      // +33600000102 opts out (blacklisted for SMS).
      const contact = await h.call('GET', '/contacts/my/mobile?value=%2B33600000102', { token });
      const listed = await h.call('POST', '/contacts/my/blacklist/Sms', { token, json: [contact.body.id] });
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      for (const [list, flag] of [
        ['kept', false],
        ['cleaned', true],
      ] as const) {
        const res = await send({
          recipients: [{ phone_number: '+33600000101' }, { phone_number: '+33600000103' }],
          list_name: list,
          auto_delete_optout_contacts: flag,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      expect(await members('kept')).toEqual(['+33600000101', '+33600000102', '+33600000103']);
      expect(await members('cleaned')).toEqual(['+33600000101', '+33600000103']);
    });
  });
}
