/**
 * URLs a tenant gives Herald to call or fetch are judged by the outbound policy when the request is
 * accepted: a refused literal address is a 400 in the API's own envelope, with nothing stored or
 * charged. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_REFUSED } from '../../src/services/outbound-urls.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

const METADATA = 'http://169.254.169.254/latest/meta-data/';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`outbound URLs at acceptance on ${sc.name}`, () => {
    let open: TestHerald;
    let closed: TestHerald;
    let token: string;
    let closedToken: string;
    beforeAll(async () => {
      open = await startTestHerald(sc.name, { config: { adminToken: 'admin-secret' } });
      closed = await startTestHerald(sc.name, { config: { outbound: { denyPrivate: true, allow: [] } } });
      token = await open.token();
      closedToken = await closed.token();
    });
    afterAll(async () => {
      await open?.close();
      await closed?.close();
    });

    const stored = async (h: TestHerald) => {
      const db = h.store.db;
      const count = async (table: 'messages' | 'campaigns' | 'voice_calls') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('account_id', '=', h.account.accountId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        messages: await count('messages'),
        campaigns: await count('campaigns'),
        calls: await count('voice_calls'),
        balance: (await h.call('GET', '/accounts/me/balance', { token: await h.token() })).body.balance,
      };
    };

    it('refuses a link-local callback on POST /sms and campaigns, in every spelling', async () => {
      const before = await stored(open);
      for (const url of [
        METADATA,
        'http://[::ffff:a9fe:a9fe]/x',
        'http://0.0.0.0:8080/cb',
        'http://2852039166/',
      ]) {
        const sms = await open.call('POST', '/sms', {
          token,
          json: { from: 'Herald', to: '+306948530920', body: 'Hi', callback: { url } },
        });
        expect([url, sms.status, sms.body.code, sms.body.properties]).toEqual([
          url,
          400,
          '400000000',
          { 'callback.url': ADDRESS_REFUSED },
        ]);
        const campaign = await open.call('POST', '/sms/campaign', {
          token,
          json: { from: 'Herald', to: ['+306948530920'], body: 'Hi', campaignCallback: { url } },
        });
        expect([campaign.status, campaign.body.properties]).toEqual([
          400,
          { 'campaignCallback.url': ADDRESS_REFUSED },
        ]);
      }
      expect(await stored(open)).toEqual(before);
    });

    it('refuses a voice fileURL on a refused address before anything is stored', async () => {
      const before = await stored(open);
      const res = await open.call('POST', '/voice/campaign', {
        token,
        json: { from: '302100000000', to: ['+306900000011'], fileURL: 'http://[fe80::1]/prompt.wav' },
      });
      expect([res.status, res.body.code, res.body.properties]).toEqual([
        400,
        '400000000',
        { fileURL: ADDRESS_REFUSED },
      ]);
      expect(await stored(open)).toEqual(before);
    });

    it('refuses refused addresses in Octopush callback settings with an Octopush error', async () => {
      const headers = {
        'api-login': open.account.credentials.apiLogin,
        'api-key': open.account.credentials.apiKey,
      };
      const res = await open.call('PATCH', '/v1/public/user/campaign-parameters/edit', {
        headers,
        json: { callback_url_for_deliveries: METADATA },
      });
      expect(res.status).toBe(400);
      expect(typeof res.body.code).toBe('number');
      expect(res.body.message).toContain(ADDRESS_REFUSED);
      const after = await open.call('GET', '/v1/public/user/campaign-parameters', { headers });
      expect(after.body.callback_url_for_deliveries).toBeNull();
    });

    it('refuses them in the account defaults set by the operator', async () => {
      const res = await open.call('PATCH', `/admin/accounts/${open.account.accountId}/settings`, {
        headers: { authorization: 'Bearer admin-secret' },
        json: { callback: { url: METADATA } },
      });
      expect([res.status, res.body.properties]).toEqual([400, { 'callback.url': ADDRESS_REFUSED }]);
    });

    it('refuses loopback and private addresses when the operator denies them', async () => {
      const before = await stored(closed);
      for (const url of [
        'http://127.0.0.1:9/cb',
        'http://localhost:8080/cb',
        'http://10.1.2.3/cb',
        'http://[::1]/',
      ]) {
        const res = await closed.call('POST', '/sms', {
          token: closedToken,
          json: {
            from: 'Herald',
            to: '+306948530920',
            body: 'Hi',
            callback: { url, strategy: 'OnCompletion' },
          },
        });
        expect([url, res.status, res.body.properties]).toEqual([
          url,
          400,
          { 'callback.url': ADDRESS_REFUSED },
        ]);
      }
      const voice = await closed.call('POST', '/voice/campaign', {
        token: closedToken,
        json: { from: '302100000000', to: ['+306900000011'], fileURL: 'http://127.0.0.1:9/prompt.wav' },
      });
      expect([voice.status, voice.body.properties]).toEqual([400, { fileURL: ADDRESS_REFUSED }]);
      expect(await stored(closed)).toEqual(before);
      // The same URLs are fine where private addresses are allowed (the default).
      const ok = await open.call('POST', '/sms', {
        token,
        json: { from: 'Herald', to: '+306948530920', body: 'Hi', callback: { url: 'http://127.0.0.1:9/cb' } },
      });
      expect(ok.status).toBe(200);
    });
  });
}
