import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Routee account endpoints on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 20.5 });
      token = await h.token();
    });
    afterAll(async () => {
      await h.close();
    });

    it('GET /accounts/me/balance gives the balance and currency', async () => {
      const res = await h.call('GET', '/accounts/me/balance', { token });
      expect(res.body).toEqual({ balance: 20.5, currency: { code: 'EUR', name: 'Euro', sign: '€' } });
    });

    it('GET /accounts/me/transactions pages the ledger, newest first', async () => {
      for (let i = 0; i < 3; i++) {
        await h.call('POST', '/sms', { token, json: { from: 'Herald', to: '+33612345678', body: `m${i}` } });
      }
      const page0 = await h.call('GET', '/accounts/me/transactions?page=0&size=2', { token });
      expect(page0.status).toBe(200);
      expect(page0.body).toMatchObject({
        totalElements: 4,
        totalPages: 2,
        size: 2,
        number: 0,
        first: true,
        last: false,
      });
      expect(page0.body.content[0]).toMatchObject({
        transactionType: 'Charge',
        amount: -0.045,
        balanceBefore: 20.41,
        balanceAfter: 20.365,
        status: 'Completed',
      });
      const page1 = await h.call('GET', '/accounts/me/transactions?page=1&size=2', { token });
      expect(page1.body.content.at(-1)).toMatchObject({
        transactionType: 'Topup',
        amount: 20.5,
        balanceAfter: 20.5,
      });
      expect(page1.body.last).toBe(true);
      const bad = await h.call('GET', '/accounts/me/transactions?size=5000', { token });
      expect(bad.status).toBe(400);
      expect(bad.body.properties.size).toBeDefined();
    });

    it('GET /accounts/me/usage refuses a bad period, naming the field', async () => {
      const bad = async (q: string) => (await h.call('GET', `/accounts/me/usage?${q}`, { token })).body;
      expect((await bad('from=2026-03-05&to=2026-03-01')).properties).toEqual({
        from: 'must not be after to',
      });
      expect((await bad('from=2024-01-01&to=2026-01-01')).properties).toEqual({
        from: 'at most 366 days at a time',
      });
      expect((await bad('from=2026-3-1')).properties).toEqual({ from: 'must be a day, YYYY-MM-DD' });
      const ok = await h.call('GET', '/accounts/me/usage?from=2025-01-01&to=2026-01-01', { token });
      expect(ok.status).toBe(200);
    });

    it('GET /system/prices lists prices per service and filters by mcc', async () => {
      const all = await h.call('GET', '/system/prices', { token });
      expect(all.status).toBe(200);
      const gr = all.body.sms.find((e: { iso: string }) => e.iso === 'GR');
      expect(gr).toEqual({
        mcc: '202',
        country: 'Greece',
        iso: 'GR',
        networks: [{ network: 'All networks', mnc: '', price: 0.042 }],
      });
      expect(all.body.currency.code).toBe('EUR');
      const onlyFr = await h.call('GET', '/system/prices?mcc=208&service=Sms', { token });
      expect(onlyFr.body.sms).toHaveLength(1);
      expect(onlyFr.body.sms[0]).toMatchObject({ iso: 'FR', networks: [{ price: 0.045 }] });
      expect(onlyFr.body.voice).toBeUndefined();
    });
  });
}
