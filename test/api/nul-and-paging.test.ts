/**
 * NUL characters and paging: a U+0000 anywhere a client can put text (body, label, names, filters,
 * query, path, forms, CSV) is the same 400 on SQLite and PostgreSQL (PostgreSQL's text cannot hold
 * it; it had answered 500), and every page/size is bounded with a 400 instead of a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NUL_REFUSED } from '../../src/api/http/body-parsers.js';
import { timezoneIndex } from '../../src/reference-data/timezones.js';
import { receiveInbound } from '../../src/services/inbound.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';
import { callbackRenderers } from '../../src/api/callback-renderers.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`NUL characters and paging on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name);
      token = await h.token();
    });
    afterAll(async () => {
      await h?.close();
    });

    const refused = (r: { status: number; body: any }) => [r.status, r.body?.code, r.body?.developerMessage];

    it('refuses NUL in every JSON field with the same 400', async () => {
      const sms = { from: 'Herald', to: '+306948530920', body: 'Hi' };
      const cases: Array<[string, string, unknown]> = [
        ['POST', '/sms', { ...sms, body: 'a\u0000b' }],
        ['POST', '/sms', { ...sms, label: 'l\u0000' }],
        ['POST', '/sms/analyze', { ...sms, body: '\u0000' }],
        ['POST', '/sms/campaign', { ...sms, to: [sms.to], body: 'x\u0000y' }],
        ['POST', '/contacts/my', { mobile: '+306948530921', firstName: 'Ann\u0000' }],
        ['POST', '/groups/my', { name: 'grp\u0000' }],
        ['POST', '/contacts/labels/my', [{ name: 'lab\u0000', type: 'Text' }]],
        ['POST', '/sms/tracking', [{ fieldName: 'label', searchTerm: '\u0000' }]],
      ];
      for (const [method, path, json] of cases) {
        const r = await h.call(method, path, { token, json });
        expect([path, ...refused(r)]).toEqual([path, 400, '400000000', NUL_REFUSED]);
      }
      // An escaped backslash before "u0000" is six characters of text, not a NUL.
      const text = await h.call('POST', '/sms', {
        token,
        rawBody: '{"from":"Herald","to":"+306948530920","body":"\\\\u0000"}',
        headers: { 'content-type': 'application/json' },
      });
      expect(text.status, text.text).toBe(200);
      expect(text.body.body).toBe('\\u0000');
    });

    it('refuses NUL in queries, paths, forms and CSV, and in the Octopush APIs', async () => {
      const messages = () =>
        h.store.db
          .selectFrom('messages')
          .select('id')
          .where('account_id', '=', h.account.accountId)
          .execute();
      const before = await messages();
      for (const path of [
        '/sms/tracking?trackingId=%00',
        '/groups/my/a%00b',
        '/contacts/my/mobile?value=%2B30%00',
      ]) {
        const method = path.startsWith('/sms/tracking') ? 'POST' : 'GET';
        const r = await h.call(method, path, { token, ...(method === 'POST' && { json: [] }) });
        expect([path, ...refused(r)]).toEqual([path, 400, '400000000', NUL_REFUSED]);
      }
      const form = await h.call('POST', '/oauth/token', {
        rawBody: 'grant_type=client%00',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(refused(form)).toEqual([400, '400000000', NUL_REFUSED]);
      const csv = await h.call('POST', '/contacts/my/import', {
        token,
        rawBody: 'mobile,firstName\n+306948530922,A\u0000\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(refused(csv)).toEqual([400, '400000000', NUL_REFUSED]);
      const octopush = await h.call('POST', '/v1/public/sms-campaign/send', {
        headers: { 'api-login': h.account.credentials.apiLogin, 'api-key': h.account.credentials.apiKey },
        json: { text: 'Bonjour\u0000', recipients: [{ phone_number: '+33600000001' }], purpose: 'alert' },
      });
      expect(octopush.status).toBe(400);
      expect(octopush.body).toEqual({ code: 100, message: NUL_REFUSED });
      const legacy = await h.call('POST', '/api/sms', {
        rawBody: `user_login=${encodeURIComponent(h.account.credentials.apiLogin)}&api_key=${h.account.credentials.apiKey}&sms_text=a%00b&sms_recipients=%2B33600000001`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(legacy.status).toBe(200);
      expect(legacy.text).toContain('<error_code>100</error_code>');
      expect(await messages()).toEqual(before);
    });

    it('keeps a NUL an operator sends in a reply as the replacement character', async () => {
      const r = await receiveInbound(
        h.store,
        timezoneIndex(),
        { linkId: 'op', from: '306948530999', to: 'Herald\u0000', text: 'a\u0000b' },
        Date.now(),
        callbackRenderers,
      );
      const row = await h.store.db
        .selectFrom('inbound_messages')
        .selectAll()
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow();
      expect([row.body, row.recipient]).toEqual(['a\uFFFDb', 'Herald']);
    });

    it('bounds every page and size with a 400', async () => {
      const campaign = await h.call('POST', '/sms/campaign', {
        token,
        json: { from: 'Herald', to: ['+306948530920'], body: 'Hi', scheduledDate: Date.now() / 1000 + 3600 },
      });
      const id = campaign.body.trackingId as string;
      const routes: Array<[string, string]> = [
        ['POST', '/sms/tracking'],
        ['GET', `/sms/tracking/campaign/${id}`],
        ['GET', '/accounts/me/transactions'],
        ['GET', '/contacts/my'],
        ['GET', '/groups/my/page'],
        ['GET', '/groups/my/All/contacts'],
        ['GET', `/voice/tracking/campaign/${id}`],
      ];
      const bad: Array<[string, string]> = [
        ['page=99999999999999999999', 'page'],
        ['page=1000001', 'page'],
        ['page=-1', 'page'],
        ['page=1.5', 'page'],
        ['size=0', 'size'],
        ['size=2001', 'size'],
        ['size=1e3', 'size'],
      ];
      for (const [method, path] of routes)
        for (const [query, field] of bad) {
          const r = await h.call(method, `${path}?${query}`, {
            token,
            ...(method === 'POST' && { json: [] }),
          });
          expect([path, query, r.status, Object.keys(r.body.properties ?? {})]).toEqual([
            path,
            query,
            400,
            [field],
          ]);
        }
      const last = await h.call('GET', '/contacts/my?page=1000000&size=2000', { token });
      expect(last.status).toBe(200);
    });
  });
}
