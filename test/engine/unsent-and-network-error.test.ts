/**
 * The two final statuses Routee names beside Delivered/Undelivered/Failed: `Unsent` (a scheduled
 * message whose recipient opted out before it was due: not sent, refunded) and `Network Error` (a
 * message tried and never taken by an operator before its ttl ran out: refunded), in tracking,
 * campaign counts and callbacks. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_LAG_MS } from '../../src/engine/sms/ttl-sweep.js';
import { ledgerSum } from '../../src/store/repositories/ledger.js';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Unsent and Network Error on ${sc.name}`, () => {
    let e: EngineHerald;
    let token: string;
    beforeAll(async () => {
      // 0x08 (system error) is a temporary refusal: the part is tried again and again.
      e = await startEngineHerald(sc.name, {
        smsc: { rules: [{ match: '30694005', stat: 'NONE', submitStatus: 0x08 }] },
      });
      token = await e.h.token();
    });
    afterAll(async () => {
      await e?.close();
    });
    const call = (method: string, path: string, json?: unknown) =>
      e.h.call(method, path, { token, ...(json !== undefined && { json }) });
    const balance = async () => (await call('GET', '/accounts/me/balance')).body.balance as number;

    it('leaves a scheduled message Unsent when its recipient opts out before it is due', async () => {
      const before = await balance();
      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Doors open',
        to: ['+306948700001', '+306948700002'],
        scheduledDate: new Date(Date.now() + 1500).toISOString(),
        callback: { url: `${e.hook.url}/sms`, strategy: 'OnCompletion' },
        campaignCallback: { url: `${e.hook.url}/campaign`, strategy: 'OnCompletion' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const id = res.body.trackingId as string;
      // The second recipient answers STOP (blacklisted for SMS) before the campaign starts.
      const contact = await call('POST', '/contacts/my', { mobile: '+306948700002' });
      expect((await call('POST', '/contacts/my/blacklist/Sms', [contact.body.id])).status).toBe(200);
      let details: any;
      await waitFor(
        async () => {
          details = (await call('GET', `/campaigns/${id}`)).body;
          return details.state === 'Finished';
        },
        10_000,
        'campaign finished',
      );
      expect(details.statuses).toMatchObject({ Delivered: 1, Unsent: 1, Queued: 0, 'Network Error': 0 });
      expect(e.smsc.received.some((r) => r.destination === '306948700002')).toBe(false);
      const tracking = (await call('GET', `/sms/tracking/campaign/${id}`)).body.content as any[];
      const unsent = tracking.find((t) => t.to === '+306948700002');
      expect(unsent.status.status).toBe('Unsent');
      // Only the delivered message was paid for.
      expect(Math.round((before - (await balance())) * 1e6)).toBe(42_000);
      expect(await ledgerSum(e.h.store.db, e.h.account.accountId)).toBe(Math.round((await balance()) * 1e6));
      await waitFor(
        () => e.hook.received.some((r) => r.path === '/sms' && r.body.to === '+306948700002'),
        5000,
        'callback',
      );
      expect(
        e.hook.received.find((r) => r.path === '/sms' && r.body.to === '+306948700002')!.body.status,
      ).toMatchObject({
        name: 'Unsent',
      });
      await waitFor(() => e.hook.received.some((r) => r.path === '/campaign'), 5000, 'campaign callback');
      expect(e.hook.received.find((r) => r.path === '/campaign')!.body).toMatchObject({
        campaignStatus: 'Finished',
        messageStatuses: { Delivered: 1, Unsent: 1 },
      });
    });

    it('ends a message no operator took before its ttl as Network Error, refunded', async () => {
      const before = await balance();
      const res = await call('POST', '/sms', {
        from: 'Herald',
        to: '+306940051234',
        body: 'Hello',
        ttl: 1,
        callback: { url: `${e.hook.url}/single`, strategy: 'OnCompletion' },
      });
      expect(res.status).toBe(200);
      const id = res.body.trackingId as string;
      // Tried at least once and refused for now.
      await waitFor(
        async () =>
          Number(
            (
              await e.h.store.db
                .selectFrom('message_parts')
                .select('attempts')
                .where('message_id', '=', id)
                .executeTakeFirstOrThrow()
            ).attempts,
          ) > 0,
        5000,
        'an attempt',
      );
      await e.h.store.db
        .updateTable('messages')
        .set({ expires_at: Date.now() - SWEEP_LAG_MS })
        .where('id', '=', id)
        .execute();
      await waitFor(
        async () => (await call('GET', `/sms/tracking/single/${id}`)).body[0].status.status !== 'Queued',
        10_000,
        'final status',
      );
      const part = (await call('GET', `/sms/tracking/single/${id}`)).body[0];
      expect(part.status).toMatchObject({ status: 'Network Error', reason: { detailedStatus: 'Expired' } });
      expect(await balance()).toBeCloseTo(before, 6);
      await waitFor(
        () => e.hook.received.some((r) => r.path === '/single' && r.body.messageId === id),
        5000,
        'callback',
      );
      expect(
        e.hook.received.find((r) => r.path === '/single' && r.body.messageId === id)!.body.status.name,
      ).toBe('Network Error');
    });
  });
}
