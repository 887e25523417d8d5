/**
 * Seed 003 (Send a Voice Campaign) read field by field: `hangupDelay` defaults to null, the analysis
 * reports the placeholders of the message text, and the documented errors — 403 "User is not
 * authenticated" for a missing, invalid or expired token, 404 "User is not found" for a valid token of
 * an account that no longer exists. With account disable/enable/delete through the admin API. On
 * SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/security/secrets.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

const ADMIN = { authorization: 'Bearer admin-secret' };
const message = { text: 'Hello [~firstName], your code is [~code]', language: 'en-GB', gender: 'female' };

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`voice campaigns as seed 003 reads on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { config: { adminToken: 'admin-secret' } });
      token = await h.token();
      const c = await h.call('POST', '/contacts/my', {
        token,
        json: { mobile: '+306900000021', firstName: 'Maria' },
      });
      expect(c.status, JSON.stringify(c.body)).toBe(200);
    });
    afterAll(async () => {
      await h?.close();
    });

    const campaign = (extra: Record<string, unknown> = {}) => ({
      from: '302100000000',
      to: ['+306900000021', '+306900000022', '+306900000023'],
      message,
      scheduledDate: new Date(Date.now() + 3600_000).toISOString(),
      ...extra,
    });

    it('echoes hangupDelay as null unless given', async () => {
      const none = await h.call('POST', '/voice/campaign', { token, json: campaign() });
      expect(none.status, JSON.stringify(none.body)).toBe(200);
      expect(none.body).toHaveProperty('hangupDelay', null);
      const given = await h.call('POST', '/voice/campaign', { token, json: campaign({ hangupDelay: 20 }) });
      expect(given.body.hangupDelay).toBe(20);
      for (const id of [none.body.trackingId, given.body.trackingId])
        await h.call('DELETE', `/voice/campaign/${id}`, { token });
    });

    it('reports each placeholder and how many recipients lack a value', async () => {
      const expected = {
        placeholder: {
          firstName: { recipientsWithoutValue: 2 },
          code: { recipientsWithoutValue: 3 },
        },
      };
      const analysis = await h.call('POST', '/voice/analysis', { token, json: campaign() });
      expect(analysis.body.dialPlanAnalysis).toEqual(expected);
      const created = await h.call('POST', '/voice/campaign', { token, json: campaign() });
      expect(created.body.voiceAnalysis.dialPlanAnalysis).toEqual(expected);
      await h.call('DELETE', `/voice/campaign/${created.body.trackingId}`, { token });
      const plain = await h.call('POST', '/voice/analysis', {
        token,
        json: campaign({ message: { ...message, text: 'Hello' } }),
      });
      expect(plain.body.dialPlanAnalysis).toEqual({ placeholder: {} });
    });

    it('answers a missing, invalid or expired token with 403 "User is not authenticated"', async () => {
      const expired = await h.token();
      await h.store.db
        .updateTable('access_tokens')
        .set({ expires_at: 1 })
        .where('token_hash', '=', sha256Hex(expired))
        .execute();
      for (const bearer of [undefined, 'not-a-token', expired]) {
        for (const [method, path] of [
          ['POST', '/voice/campaign'],
          ['GET', '/voice/campaign/x'],
          ['GET', '/voice/tracking/campaign/x'],
        ] as const) {
          const r = await h.call(method, path, {
            ...(bearer && { token: bearer }),
            ...(method === 'POST' && { json: campaign() }),
          });
          expect([path, r.status, r.body]).toEqual([
            path,
            403,
            { code: '403000000', developerMessage: 'User is not authenticated' },
          ]);
        }
      }
      // Elsewhere a missing token stays Routee's 401.
      expect((await h.call('GET', '/accounts/me/balance')).status).toBe(401);
    });

    it('refuses a disabled account and answers "User is not found" once it is deleted', async () => {
      const other = await h.newAccount({ name: 'leaving' });
      const otherToken = await h.token(other);
      const octopush = { 'api-login': other.credentials.apiLogin, 'api-key': other.credentials.apiKey };
      const voiceGet = () => h.call('GET', '/voice/tracking/campaign/x', { token: otherToken });
      expect((await voiceGet()).status).toBe(404); // the campaign, not the user

      const disabled = await h.call('POST', `/admin/accounts/${other.accountId}/disable`, { headers: ADMIN });
      expect(disabled.body).toEqual({ accountId: other.accountId, state: 'disabled' });
      await new Promise((r) => setTimeout(r, 1100)); // the account cache's second
      expect((await voiceGet()).body.developerMessage).toBe('User is not authenticated');
      expect((await h.call('GET', '/accounts/me/balance', { token: otherToken })).status).toBe(401);
      await expect(h.token(other)).rejects.toThrow(/401/);
      const oct = await h.call('GET', '/v1/public/wallet/check-balance', { headers: octopush });
      expect([oct.status, oct.body.code]).toEqual([401, 101]);

      await h.call('POST', `/admin/accounts/${other.accountId}/enable`, { headers: ADMIN });
      await new Promise((r) => setTimeout(r, 1100));
      expect((await h.call('GET', '/accounts/me/balance', { token: otherToken })).status).toBe(200);

      const scheduled = await h.call('POST', '/sms/campaign', {
        token: otherToken,
        json: {
          from: 'Herald',
          to: ['+306948530920'],
          body: 'Later',
          scheduledDate: Date.now() / 1000 + 3600,
        },
      });
      expect(scheduled.status).toBe(200);
      const deleted = await h.call('DELETE', `/admin/accounts/${other.accountId}`, { headers: ADMIN });
      expect(deleted.body).toEqual({ accountId: other.accountId, state: 'deleted', withdrawnCampaigns: 1 });
      await new Promise((r) => setTimeout(r, 1100));
      const notFound = { code: '404001001', developerMessage: 'User is not found' };
      const v = await voiceGet();
      expect([v.status, v.body]).toEqual([404, notFound]);
      const b = await h.call('GET', '/accounts/me/balance', { token: otherToken });
      expect([b.status, b.body]).toEqual([404, notFound]);
      // Its scheduled campaign was withdrawn and refunded; its ledger stays whole.
      const rows = await h.store.db
        .selectFrom('ledger_entries')
        .select(['kind', 'amount_micros'])
        .where('account_id', '=', other.accountId)
        .execute();
      expect(rows.reduce((s, r) => s + Number(r.amount_micros), 0)).toBe(100_000_000);
      expect(rows.length).toBe(3);
      expect((await h.call('DELETE', `/admin/accounts/${other.accountId}`, { headers: ADMIN })).status).toBe(
        404,
      );
    });
  });
}
