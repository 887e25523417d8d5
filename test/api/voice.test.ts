import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSum } from '../../src/store/repositories/ledger.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { windowAroundNow } from '../helpers/local-time.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`voice campaign API on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 10 });
      token = await h.token();
    });
    afterAll(async () => {
      await h.close();
    });
    const balance = async () =>
      (await h.call('GET', '/accounts/me/balance', { token })).body.balance as number;
    const message = { text: 'Reminder: your appointment is tomorrow', language: 'el-GR', gender: 'male' };

    it('schedules, updates while Scheduled, withdraws with a refund', async () => {
      const start = await balance();
      const when = new Date(Date.now() + 3600_000).toISOString();
      const created = await h.call('POST', '/voice/campaign', {
        token,
        json: {
          from: '302100000000',
          to: ['+306900000011'],
          message,
          scheduledDate: when,
          name: 'Later calls',
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      expect(created.body).toMatchObject({
        state: 'Scheduled',
        campaignName: 'Later calls',
        statuses: { Queued: 1 },
      });
      const id = created.body.trackingId as string;
      const reserved = Math.round((start - (await balance())) * 1e6);
      expect(reserved).toBeGreaterThan(0);
      expect(created.body.cost).toBeCloseTo(reserved / 1e6, 6);

      const updated = await h.call('PUT', `/voice/campaign/${id}`, {
        token,
        json: {
          from: '302100000000',
          to: ['+306900000011', '+306900000012'],
          message,
          scheduledDate: when,
          name: 'Later calls',
        },
      });
      expect(updated.status, JSON.stringify(updated.body)).toBe(200);
      expect(updated.body).toMatchObject({ trackingId: id, state: 'Scheduled', statuses: { Queued: 2 } });
      expect(Math.round((start - (await balance())) * 1e6)).toBe(2 * reserved);

      expect((await h.call('DELETE', `/voice/campaign/${id}`, { token })).status).toBe(200);
      expect(await balance()).toBe(start);
      expect((await h.call('GET', `/voice/campaign/${id}`, { token })).body.code).toBe('404009001');
      expect(await ledgerSum(h.store.db, h.account.accountId)).toBe(Math.round(start * 1e6));

      const now = await h.call('POST', '/voice/campaign', {
        token,
        json: { from: '302100000000', to: ['+306900000013'], message },
      });
      expect(now.body.state).toBe('Queued');
      expect(
        (
          await h.call('PUT', `/voice/campaign/${now.body.trackingId}`, {
            token,
            json: { from: '30210', to: ['+306900000013'], message },
          })
        ).body.code,
      ).toBe('400009002');
      expect((await h.call('DELETE', `/voice/campaign/${now.body.trackingId}`, { token })).body.code).toBe(
        '400009002',
      );
    });

    it('analyses a voice campaign without calling', async () => {
      const r = await h.call('POST', '/voice/analysis', {
        token,
        json: { from: '30210', to: ['+306900000041', '+33600000041', 'nope'], message },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        numberOfRecipients: 2,
        recipientsPerCountry: { GR: 1, FR: 1 },
        errors: [{ code: '400005000', property: 'nope' }],
      });
    });

    it('leaves the do-not-disturb list out unless ignoreDnd', async () => {
      const c = (await h.call('POST', '/contacts/my', { token, json: { mobile: '+306900000021' } })).body;
      await h.call('POST', '/contacts/my/blacklist/Voice', { token, json: [c.id] });
      const skipped = await h.call('POST', '/voice/campaign', {
        token,
        json: { from: '30210', to: ['+306900000021', '+306900000022'], message },
      });
      expect(skipped.body.voiceAnalysis.numberOfRecipients).toBe(1);
      const forced = await h.call('POST', '/voice/campaign', {
        token,
        json: { from: '30210', to: ['+306900000021', '+306900000022'], message, ignoreDnd: true },
      });
      expect(forced.body.voiceAnalysis.numberOfRecipients).toBe(2);
    });

    it("holds calls in the recipient's quiet hours", async () => {
      await h.herald.ctx.store.db
        .updateTable('accounts')
        .set({ settings: JSON.stringify({ quietHours: [windowAroundNow('Europe/Athens', 30, 60)] }) })
        .where('id', '=', h.account.accountId)
        .execute();
      await new Promise((r) => setTimeout(r, 1100)); // the account cache keeps rows for 1 s
      const res = await h.call('POST', '/voice/campaign', {
        token,
        json: { from: '30210', to: ['+306900000031'], message, respectQuietHours: true },
      });
      expect(res.status).toBe(200);
      const call = await h.store.db
        .selectFrom('voice_calls')
        .select(['queue_state', 'send_at'])
        .where('campaign_id', '=', res.body.trackingId)
        .executeTakeFirstOrThrow();
      expect(call.queue_state).toBe('scheduled');
      expect(call.send_at - Date.now()).toBeGreaterThan(55 * 60_000);
      await h.herald.ctx.store.db
        .updateTable('accounts')
        .set({ settings: '{}' })
        .where('id', '=', h.account.accountId)
        .execute();
    });

    it('serves Octopush voice SMS (vocal-campaign/send) on the same services', async () => {
      const headers = {
        'api-login': h.account.credentials.apiLogin,
        'api-key': h.account.credentials.apiKey,
      };
      const res = await h.call('POST', '/v1/public/vocal-campaign/send', {
        headers,
        json: {
          text: 'Bonjour, votre code est 1 2 3',
          recipients: [{ phone_number: '+33600004001' }],
          type: 'vocal_sms',
          voice_gender: 'male',
          voice_language: 'fr-FR',
          sender: 'Herald',
          send_at: null,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ number_of_contacts: 1, estimated_duration: expect.any(Number) });
      expect(res.body.vocal_ticket).toMatch(/^vocal_[0-9a-f]{13}$/);
      expect(res.body.total_cost).toBeGreaterThan(0);
      const calls = await h.store.db
        .selectFrom('voice_calls')
        .select(['recipient', 'status'])
        .where('campaign_id', '=', res.body.vocal_ticket)
        .execute();
      expect(calls).toEqual([{ recipient: '+33600004001', status: 'Queued' }]);
      expect(
        (
          await h.call('POST', '/v1/public/vocal-campaign/send', {
            headers,
            json: { recipients: [{ phone_number: '+33600004001' }] },
          })
        ).body.code,
      ).toBe(107);
    });
  });
}
