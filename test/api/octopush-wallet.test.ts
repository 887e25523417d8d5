/**
 * Octopush wallet answers as real clients read them, and one price per product: premium SMS, low-cost
 * SMS, voice message (and voice minute for Routee) in the price list, used alike by sends, balances and
 * credits. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Octopush wallet and product prices on ${sc.name}`, () => {
    let h: TestHerald;
    let headers: Record<string, string>;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 100 });
      headers = { 'api-login': h.account.credentials.apiLogin, 'api-key': h.account.credentials.apiKey };
    });
    afterAll(async () => {
      await h?.close();
    });
    const get = (path: string) => h.call('GET', `/v1/public${path}`, { headers });
    const priceOf = async (service: string, country: string) =>
      Number(
        (
          await h.store.db
            .selectFrom('prices')
            .select('price_micros')
            .where('service', '=', service)
            .where('country', '=', country)
            .executeTakeFirstOrThrow()
        ).price_micros,
      );

    it('lists wallet packs with_details, and nothing more without', async () => {
      const plain = await get('/wallet/check-balance');
      expect(plain.body).toEqual({ amount: 100, unit: 'euros' });
      const detailed = await get('/wallet/check-balance?with_details=1');
      expect(detailed.body).toEqual({
        amount: 100,
        unit: 'euros',
        wallet_packs: [
          {
            wallet_pack_id: expect.stringMatching(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/),
            credit: 100,
            expiration_date: null,
          },
        ],
      });
      const units = await get(
        '/wallet/check-balance?product_name=sms_premium&country_code=FR&with_details=true',
      );
      expect(units.body.wallet_packs).toHaveLength(1);
      expect(units.body.wallet_packs[0].wallet_pack_id).toBe(detailed.body.wallet_packs[0].wallet_pack_id);
    });

    it('counts a product in its own units, in France when no country is named', async () => {
      const micros = 100_000_000;
      const expected = {
        premium_sms: Math.floor(micros / (await priceOf('sms', 'FR'))),
        low_cost_sms: Math.floor(micros / (await priceOf('sms_low_cost', 'FR'))),
        vocal_sms: Math.floor(micros / (await priceOf('vocal_sms', 'FR'))),
      };
      expect(expected.low_cost_sms).toBeGreaterThan(expected.premium_sms);
      const credits = await get('/wallet/check-credits?country_codes[]=FR');
      expect(credits.body.FR).toEqual({ ...expected, hlr: 0 });
      for (const [product, amount] of Object.entries(expected)) {
        for (const query of [`product_name=${product}`, `product_name=${product}&country_code=FR`]) {
          const r = await get(`/wallet/check-balance?${query}`);
          expect([query, r.body]).toEqual([query, { amount, unit: product }]);
        }
      }
      const gr = await get('/wallet/check-balance?product_name=vocal_sms&country_code=GR');
      expect(gr.body.amount).toBe(Math.floor(micros / (await priceOf('vocal_sms', 'GR'))));
    });

    it('charges sends at their product price', async () => {
      const sms = async (type: string) =>
        (
          await h.call('POST', '/v1/public/sms-campaign/send', {
            headers,
            json: {
              text: 'Hi',
              recipients: [{ phone_number: '+33600000201' }],
              purpose: 'alert',
              type,
              simulation_mode: true,
            },
          })
        ).body.total_cost as number;
      expect(await sms('sms_premium')).toBeCloseTo((await priceOf('sms', 'FR')) / 1e6, 6);
      expect(await sms('sms_low_cost')).toBeCloseTo((await priceOf('sms_low_cost', 'FR')) / 1e6, 6);
      const vocal = await h.call('POST', '/v1/public/vocal-campaign/send', {
        headers,
        json: {
          text: 'Bonjour',
          recipients: [{ phone_number: '+33600000202' }, { phone_number: '+33600000203' }],
          send_at: new Date(Date.now() + 3600_000).toISOString(),
        },
      });
      expect(vocal.status, JSON.stringify(vocal.body)).toBe(201);
      expect(vocal.body.total_cost).toBeCloseTo((2 * (await priceOf('vocal_sms', 'FR'))) / 1e6, 6);
      const legacy = await h.call('POST', '/api/balance', {
        form: { user_login: h.account.credentials.apiLogin, api_key: h.account.credentials.apiKey },
      });
      const balance = (type: string) =>
        Number(new RegExp(`<balance type="${type}">(\\d+)<`).exec(legacy.text)?.[1]);
      expect(balance('XXX')).toBeGreaterThan(balance('FR'));
    });
  });
}
