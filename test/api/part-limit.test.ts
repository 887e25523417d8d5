/**
 * The most parts a message may have: the server's `maxPartsPerMessage` (default 20, never above 255:
 * concatenation carries the total in one byte) or the account's `maxParts`. Above it a body is refused
 * in every API with nothing stored or charged, per recipient after personalisation for campaigns, and
 * the analyses say so. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

const ADMIN = { authorization: 'Bearer admin-secret' };

describe('the part limit in the configuration', () => {
  it('defaults to 20 and may never pass 255', () => {
    expect(loadConfig({ env: {} }).maxPartsPerMessage).toBe(20);
    expect(loadConfig({ env: { HERALD_MAX_PARTS: '255' } }).maxPartsPerMessage).toBe(255);
    expect(() => loadConfig({ env: { HERALD_MAX_PARTS: '256' } })).toThrow(/maxPartsPerMessage/);
    expect(() => loadConfig({ env: { HERALD_MAX_PARTS: '0' } })).toThrow(/maxPartsPerMessage/);
  });
});

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`the part limit on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { config: { adminToken: 'admin-secret' } });
      token = await h.token();
    });
    afterAll(async () => {
      await h?.close();
    });
    const snapshot = async () => ({
      balance: (await h.call('GET', '/accounts/me/balance', { token })).body.balance,
      messages: (
        await h.store.db
          .selectFrom('messages')
          .select('id')
          .where('account_id', '=', h.account.accountId)
          .execute()
      ).length,
    });
    const sms = (body: string) => ({ from: 'Herald', to: '+306948530920', body });

    it('refuses a single SMS above 20 parts and reports it in the analysis', async () => {
      const before = await snapshot();
      const huge = 'a'.repeat(100_000);
      const refused = await h.call('POST', '/sms', { token, json: sms(huge) });
      expect([refused.status, refused.body.code, refused.body.properties]).toEqual([
        400,
        '400000000',
        { body: 'the message would be sent in 654 parts; at most 20 are allowed' },
      ]);
      expect(await snapshot()).toEqual(before);
      const analysis = await h.call('POST', '/sms/analyze', { token, json: sms(huge) });
      expect(analysis.status).toBe(200);
      expect(analysis.body.bodyAnalysis.parts).toBe(654);
      expect(analysis.body.errors).toEqual([
        {
          code: '400000000',
          developerMessage: 'the message would be sent in 654 parts; at most 20 are allowed',
          property: 'body',
        },
      ]);
      // 20 parts of 153 septets go; one septet more does not.
      expect((await h.call('POST', '/sms', { token, json: sms('a'.repeat(20 * 153)) })).status).toBe(200);
      expect((await h.call('POST', '/sms', { token, json: sms('a'.repeat(20 * 153 + 1)) })).status).toBe(400);
      expect(
        (await h.call('POST', '/sms/analyze', { token, json: sms('a'.repeat(20 * 153)) })).body.errors,
      ).toBeUndefined();
    });

    it("follows the account's own limit", async () => {
      const set = await h.call('PATCH', `/admin/accounts/${h.account.accountId}/settings`, {
        headers: ADMIN,
        json: { maxParts: 2 },
      });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect((await h.call('POST', '/sms', { token, json: sms('a'.repeat(306)) })).status).toBe(200);
      const three = await h.call('POST', '/sms', { token, json: sms('a'.repeat(307)) });
      expect(three.body.properties.body).toBe('the message would be sent in 3 parts; at most 2 are allowed');
      for (const bad of [0, 256, 'x'])
        expect(
          (
            await h.call('PATCH', `/admin/accounts/${h.account.accountId}/settings`, {
              headers: ADMIN,
              json: { maxParts: bad },
            })
          ).status,
        ).toBe(400);
      await h.call('PATCH', `/admin/accounts/${h.account.accountId}/settings`, {
        headers: ADMIN,
        json: { maxParts: null },
      });
    });

    it('judges each campaign message after personalisation, refusing the campaign whole', async () => {
      await h.call('POST', '/contacts/labels/my', { token, json: [{ name: 'story', type: 'Text' }] });
      const short = await h.call('POST', '/contacts/my', {
        token,
        json: { mobile: '+306948600001', firstName: 'Ann' },
      });
      const long = await h.call('POST', '/contacts/my', {
        token,
        json: {
          mobile: '+306948600002',
          firstName: 'Bo',
          labels: [{ name: 'story', value: 'x'.repeat(3200) }],
        },
      });
      expect([short.status, long.status]).toEqual([200, 200]);
      const before = await snapshot();
      const campaign = {
        from: 'Herald',
        body: 'Hi [~firstName] [~story]',
        contacts: [short.body.id, long.body.id],
      };
      const refused = await h.call('POST', '/sms/campaign', { token, json: campaign });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        {
          code: '400000000',
          developerMessage: expect.stringMatching(/at most 20 are allowed$/),
          property: '+306948600002',
        },
      ]);
      expect(await snapshot()).toEqual(before);
      const campaigns = await h.store.db
        .selectFrom('campaigns')
        .select('id')
        .where('account_id', '=', h.account.accountId)
        .execute();
      expect(campaigns).toEqual([]);
      const analysis = await h.call('POST', '/sms/analyze/campaign', { token, json: campaign });
      expect(analysis.status).toBe(200);
      expect(analysis.body.errors).toEqual([
        {
          code: '400000000',
          developerMessage: expect.stringMatching(/at most 20 are allowed$/),
          property: '+306948600002',
        },
      ]);
    });

    it('refuses Octopush sends above the limit with 102', async () => {
      await h.call('PATCH', `/admin/accounts/${h.account.accountId}/settings`, {
        headers: ADMIN,
        json: { maxParts: 3 },
      });
      try {
        const res = await h.call('POST', '/v1/public/sms-campaign/send', {
          headers: { 'api-login': h.account.credentials.apiLogin, 'api-key': h.account.credentials.apiKey },
          json: {
            text: 'é'.repeat(1000),
            recipients: [{ phone_number: '+33600000301' }],
            purpose: 'alert',
            auto_optimize_text: false,
          },
        });
        expect([res.status, res.body.code]).toEqual([400, 102]);
      } finally {
        await h.call('PATCH', `/admin/accounts/${h.account.accountId}/settings`, {
          headers: ADMIN,
          json: { maxParts: null },
        });
      }
    });
  });
}
