/**
 * Campaigns end to end through the delivery engine and the operator simulator: personalised bodies,
 * flash, scheduled start, reminders, per-message and campaign callbacks, states to Finished, ttl
 * expiry of messages held by quiet hours. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_LAG_MS } from '../../src/engine/sms/ttl-sweep.js';
import type { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import type { TestHerald } from '../helpers/herald.js';
import { windowAroundNow } from '../helpers/local-time.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';
import type { WebhookReceiver } from '../helpers/webhook-receiver.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`campaign delivery on ${sc.name}`, () => {
    let env: EngineHerald;
    let smsc: SmscSimulator;
    let hook: WebhookReceiver;
    let h: TestHerald;
    let token: string;

    beforeAll(async () => {
      env = await startEngineHerald(sc.name, {
        smsc: { rules: [{ match: '306949', stat: 'UNDELIV', err: '001' }] },
        link: { restrictionTlvs: { principalEntityId: 0x1400, contentTemplateId: 0x1401 } },
        config: { adminToken: 'adm' },
      });
      ({ h, smsc, hook } = env);
      token = await h.token();
    });
    afterAll(async () => {
      await env.close();
    });
    const call = (method: string, path: string, json?: unknown) =>
      h.call(method, path, { token, ...(json !== undefined && { json }) });

    it('runs a scheduled, personalised flash campaign with a reminder to Finished, with every callback', async () => {
      const c1 = (await call('POST', '/contacts/my', { mobile: '+306948100001', firstName: 'Eleni' })).body;
      const c2 = (await call('POST', '/contacts/my', { mobile: '+306948100002', firstName: 'Petros' })).body;
      await call('POST', '/groups/my', { name: 'team' });
      await call('POST', '/groups/my/team/contacts', [c1.id, c2.id]);
      const start = Date.now() + 1500;
      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Dear [~firstName], doors open now',
        groups: ['team'],
        to: ['+306949000001'],
        flash: true,
        scheduledDate: new Date(start).toISOString(),
        campaignName: 'Doors open',
        fallbackValues: { firstName: 'guest' },
        reminder: { minutesBefore: 60, to: ['+306948100009'] },
        callback: { url: `${hook.url}/sms`, strategy: 'OnCompletion' },
        campaignCallback: { url: `${hook.url}/campaign`, strategy: 'OnChange' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.state).toBe('Scheduled');
      const id = res.body.trackingId as string;

      // The reminder goes at once (its time is already past); the campaign waits for its date.
      await waitFor(() => smsc.received.some((r) => r.destination === '306948100009'), 5000, 'reminder');
      expect(smsc.received.find((r) => r.destination === '306948100009')!.text).toBe(
        'Dear guest, doors open now',
      );
      expect(smsc.received.some((r) => r.destination === '306948100001')).toBe(false);

      let details: any;
      await waitFor(
        async () => {
          details = (await call('GET', `/campaigns/${id}`)).body;
          return details.state === 'Finished';
        },
        10_000,
        'campaign finished',
      );
      expect(
        Math.min(...smsc.received.filter((r) => r.destination !== '306948100009').map((r) => r.receivedAt)),
      ).toBeGreaterThanOrEqual(start - 50);
      expect(details.statuses).toEqual({
        Queued: 0,
        Sent: 0,
        Unsent: 0,
        Failed: 0,
        Delivered: 2,
        Undelivered: 1,
        'Network Error': 0,
      });
      expect(details.endedAt).toBeDefined();
      // What each phone shows.
      const texts = Object.fromEntries(
        smsc.handsets.messages
          .filter((m) => m.destination !== '306948100009')
          .map((m) => [m.destination, m.text]),
      );
      expect(texts).toEqual({
        '306948100001': 'Dear Eleni, doors open now',
        '306948100002': 'Dear Petros, doors open now',
        '306949000001': 'Dear guest, doors open now',
      });
      // Flash: message class 0 in data_coding.
      expect(smsc.received.filter((r) => r.destination === '306948100001')[0]!.dataCoding & 0x13).toBe(0x10);

      await waitFor(
        () =>
          hook.received.filter((r) => r.path === '/sms').length === 3 &&
          hook.received.some((r) => r.body?.campaignStatus === 'Finished'),
        5000,
        'callbacks',
      );
      const smsCallbacks = hook.received.filter((r) => r.path === '/sms').map((r) => r.body);
      expect(smsCallbacks.map((b) => b.status.name).sort()).toEqual([
        'Delivered',
        'Delivered',
        'Undelivered',
      ]);
      expect(smsCallbacks[0]).toMatchObject({ campaignTrackingId: id, campaignName: 'Doors open' });
      const campaignCallbacks = hook.received.filter((r) => r.path === '/campaign').map((r) => r.body);
      // Every state once, in order (progress callbacks repeat the state they report in).
      const states = campaignCallbacks.map((b) => b.campaignStatus);
      expect(states.filter((s, i) => s !== states[i - 1])).toEqual([
        'Scheduled',
        'Queued',
        'Running',
        'Sent',
        'Finished',
      ]);
      expect(campaignCallbacks.at(-1)).toEqual({
        trackingId: id,
        name: 'Doors open',
        totalRecipients: 3,
        campaignStatus: 'Finished',
        messageStatuses: {
          Queued: 0,
          Sent: 0,
          Unsent: 0,
          Failed: 0,
          Delivered: 2,
          Undelivered: 1,
          'Network Error': 0,
        },
        callbackInfo: { url: `${hook.url}/campaign`, strategy: 'OnChange' },
      });
    });

    it('delivers contacts, drops invalid numbers, shortens links, transcodes, sets validity, reports OnCompletion once', async () => {
      const c = (await call('POST', '/contacts/my', { mobile: '+306948400001', firstName: 'Ioanna' })).body;
      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Γεια σου [~firstName]! Δες https://shop.example.com/a την προσφορα μας για ολους τους πελατες μας σημερα',
        contacts: [c.id],
        to: ['+306948400002', 'not-a-number'],
        allowInvalid: true,
        urlShortener: {},
        transcode: true,
        ttl: 90,
        campaignCallback: { url: `${hook.url}/done`, strategy: 'OnCompletion' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      // allowInvalid: the invalid number is left out and not returned (seed 000).
      expect(res.body.errors).toBeUndefined();
      expect(res.body.to).toEqual(['+306948400002']);
      const id = res.body.trackingId as string;
      await waitFor(
        async () => (await call('GET', `/campaigns/${id}`)).body.state === 'Finished',
        10_000,
        'finished',
      );
      const got = smsc.received.filter((r) => ['306948400001', '306948400002'].includes(r.destination));
      expect(got.map((r) => r.destination).sort()).toEqual(['306948400001', '306948400002']);
      for (const r of got) {
        // Transcoded to GSM 7-bit (data_coding 0), one part.
        expect(r.dataCoding).toBe(0);
        expect(r.concat).toBeUndefined();
        expect(r.text).toMatch(/^ΓEIA ΣOY (Ioanna|)! ΔEΣ http:\/\/127\.0\.0\.1:\d+\/s\/\w+ THN ΠPOΣΦOPA/);
        expect(r.source).toBe('Herald');
        // Validity period: the ttl (90 minutes) from the campaign's start.
        const validUntil = Date.parse(r.validityPeriod);
        expect(Math.abs(validUntil - (Date.parse(res.body.createdAt) + 90 * 60_000))).toBeLessThan(60_000);
      }
      // The short link works from what the phone received.
      const link = /(http:\/\/\S+)/.exec(got[0]!.text)![1]!;
      const follow = await fetch(link, { redirect: 'manual' });
      expect(follow.headers.get('location')).toBe('https://shop.example.com/a');
      await waitFor(() => hook.received.some((r) => r.path === '/done'), 5000, 'completion callback');
      await new Promise((r) => setTimeout(r, 300));
      const done = hook.received.filter((r) => r.path === '/done');
      expect(done).toHaveLength(1);
      expect(done[0]!.body).toMatchObject({ trackingId: id, campaignStatus: 'Finished', totalRecipients: 2 });
    });

    it('passes restrictions to the link as the TLVs it maps them to', async () => {
      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'DLT registered',
        to: ['+306948300001'],
        restrictions: { principalEntityId: '1101234567890', contentTemplateId: 1107160000000000 },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.restrictions).toEqual({
        principalEntityId: '1101234567890',
        contentTemplateId: 1107160000000000,
      });
      await waitFor(() => smsc.received.some((r) => r.destination === '306948300001'), 5000, 'submit');
      expect(smsc.received.find((r) => r.destination === '306948300001')!.tlvs).toEqual({
        tlv_0x1400: '1101234567890',
        tlv_0x1401: '1107160000000000',
      });
      // A message without restrictions carries no such TLV.
      expect(smsc.received.find((r) => r.destination === '306948100001')!.tlvs).toBeUndefined();
      const bad = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'x',
        to: ['+306948300002'],
        restrictions: { principalEntityId: 'abc' },
      });
      expect(bad.body).toMatchObject({
        code: '400000000',
        properties: { 'restrictions.principalEntityId': expect.any(String) },
      });
    });

    it('holds messages in quiet hours (account windows) and still expires them at their ttl', async () => {
      // A window around the current time in Athens, set through the admin API.
      const window = windowAroundNow('Europe/Athens', 60, 120);
      const set = await h.call('PATCH', `/admin/accounts/${h.account.accountId}/settings`, {
        headers: { authorization: 'Bearer adm' },
        json: { quietHours: [window] },
      });
      expect(set.status, set.text).toBe(200);
      expect(set.body.quietHours).toEqual([window]);
      await new Promise((r) => setTimeout(r, 1100)); // the account cache keeps rows for 1 s

      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Quiet please',
        to: ['+306948200001'],
        respectQuietHours: true,
        ttl: 5,
      });
      expect(res.status).toBe(200);
      const msg = await h.store.db
        .selectFrom('messages')
        .select(['id', 'send_at', 'expires_at'])
        .where('campaign_id', '=', res.body.trackingId)
        .executeTakeFirstOrThrow();
      // Held until the window ends, about two hours from now.
      expect(msg.send_at - Date.now()).toBeGreaterThan(115 * 60_000);
      expect(msg.send_at - Date.now()).toBeLessThan(121 * 60_000);
      // The ttl (5 minutes from the start) ends before the window does.
      expect(msg.expires_at).toBeLessThan(msg.send_at);
      expect(msg.expires_at - Date.parse(res.body.createdAt)).toBe(5 * 60_000);
      // Let time pass for it: its ttl ended a moment ago (the sweep looks SWEEP_LAG_MS behind the clock).
      await h.store.db
        .updateTable('messages')
        .set({ expires_at: Date.now() - SWEEP_LAG_MS })
        .where('id', '=', msg.id)
        .execute();
      let tracked: any;
      await waitFor(
        async () => {
          tracked = (await call('GET', `/sms/tracking/single/${msg.id}`)).body;
          return tracked[0]?.status?.status === 'Undelivered';
        },
        5000,
        'expiry of the held message',
      );
      expect(tracked[0].status.reason.detailedStatus).toBe('Expired');
      expect(smsc.received.some((r) => r.destination === '306948200001')).toBe(false);
      // Never handed to the operator: refunded.
      const refund = await h.store.db
        .selectFrom('ledger_entries')
        .select('amount_micros')
        .where('reference', '=', msg.id)
        .where('kind', '=', 'refund')
        .executeTakeFirst();
      expect(refund?.amount_micros).toBe(42_000);
      await h.call('PATCH', `/admin/accounts/${h.account.accountId}/settings`, {
        headers: { authorization: 'Bearer adm' },
        json: { quietHours: null },
      });
    });
  });
}
