/**
 * The console's campaign routes: a preview gives parts, cost and send time per country (quiet hours
 * hold a country's messages); a campaign is created from the console's JSON, listed with its counts
 * and shown in detail (progress, per country, short links); a Scheduled one is changed and withdrawn
 * with its refund; bad input gets the console envelope with the field; another account sees nothing.
 * On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console-session.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

// 12:30 UTC: 13:30 in Paris, 14:30 in Athens (inside the default 14:00-17:00 quiet window).
const NOON_THIRTY = Date.parse('2026-12-04T12:30:00Z');

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`console campaigns on ${sc.name}`, () => {
    let h: TestHerald;
    let s: ConsoleSession;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { fakeClock: true, balance: 10 });
      h.clock.now = NOON_THIRTY;
      s = await consoleSession(h);
    });
    afterAll(async () => h?.close());

    const balance = async () => (await s.call('GET', '/overview')).body.balance as number;

    it('previews a campaign: parts, encoding, cost and send time per country', async () => {
      const res = await s.call('POST', '/campaigns/preview', {
        from: 'Herald',
        body: 'Ώρα για προσφορές! Offer ends soon — reply STOP to opt out',
        to: ['+306948000001', '+306948000002', '+33612345678', '12'],
        respectQuietHours: true,
      });
      expect(res.status).toBe(200);
      expect(res.body.body).toMatchObject({ encoding: 'UCS2', parts: 1, unicode: true });
      expect(res.body.recipients).toBe(3);
      expect(res.body.invalidNumbers).toEqual(['12']);
      const gr = res.body.countries.find((c: { country: string }) => c.country === 'GR');
      const fr = res.body.countries.find((c: { country: string }) => c.country === 'FR');
      expect(gr).toMatchObject({ messages: 2, parts: 2, cost: 0.084 });
      expect(fr).toMatchObject({ messages: 1, parts: 1, cost: 0.045 });
      // Athens is in its 14:00-17:00 quiet hours: held until 17:00 local (15:00 UTC); Paris goes now.
      expect(gr.firstSendAt).toBe('2026-12-04T15:00:00.000Z');
      expect(fr.firstSendAt).toBe('2026-12-04T12:30:00.000Z');
      expect(res.body.cost).toBeCloseTo(0.129, 6);
      expect(await balance()).toBe(10); // a preview charges nothing
    });

    it('creates a campaign, lists it with its counts and shows it in detail', async () => {
      const created = await s.call('POST', '/campaigns', {
        campaignName: 'Winter sale',
        from: 'Herald',
        body: 'Winter sale: 20% off until Sunday',
        to: ['+306948000001', '+33612345678'],
      });
      expect(created.status).toBe(201);
      expect(created.body.state).toBe('Queued');
      expect(await balance()).toBeCloseTo(10 - 0.042 - 0.045, 6);

      const list = await s.call('GET', '/campaigns?size=5');
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 1, page: 0, size: 5 });
      expect(list.body.items[0]).toMatchObject({
        id: created.body.id,
        kind: 'sms',
        name: 'Winter sale',
        state: 'Queued',
        total: 2,
        final: 0,
        from: 'Herald',
      });
      expect(list.body.items[0].statuses).toMatchObject({ Queued: 2, Delivered: 0 });

      // Two messages reach a final status in the same minute: the progress shows them.
      await h.store.db
        .updateTable('messages')
        .set({ status: 'Delivered', updated_at: NOON_THIRTY + 90_000 })
        .where('campaign_id', '=', created.body.id)
        .execute();
      const detail = await s.call('GET', `/campaigns/${created.body.id}`);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        id: created.body.id,
        body: 'Winter sale: 20% off until Sunday',
        final: 2,
        parts: 1,
        recipientsPerCountry: { GR: 1, FR: 1 },
        progress: [{ at: '2026-12-04T12:31:00.000Z', final: 2 }],
      });
      expect(detail.body.perCountry).toEqual([
        expect.objectContaining({ country: 'FR', total: 1 }),
        expect.objectContaining({ country: 'GR', total: 1 }),
      ]);
      expect(detail.body.perCountry[1].statuses.Delivered).toBe(1);
    });

    it('changes and withdraws a Scheduled campaign, refunding it', async () => {
      const before = await balance();
      const scheduled = await s.call('POST', '/campaigns', {
        from: 'Herald',
        body: 'See you tomorrow',
        to: ['+306948000003'],
        scheduledDate: '2026-12-05T09:00:00Z',
      });
      expect(scheduled.status).toBe(201);
      expect(scheduled.body.state).toBe('Scheduled');
      const changed = await s.call('PUT', `/campaigns/${scheduled.body.id}`, {
        from: 'Herald',
        body: 'See you tomorrow',
        to: ['+306948000003', '+306948000004'],
        scheduledDate: '2026-12-05T10:00:00Z',
      });
      expect(changed.status).toBe(200);
      const detail = await s.call('GET', `/campaigns/${scheduled.body.id}`);
      expect(detail.body).toMatchObject({ total: 2, scheduledAt: '2026-12-05T10:00:00.000Z' });
      expect(await balance()).toBeCloseTo(before - 0.084, 6);
      const withdrawn = await s.call('DELETE', `/campaigns/${scheduled.body.id}`);
      expect(withdrawn.status).toBe(204);
      expect(await balance()).toBeCloseTo(before, 6);
      expect((await s.call('GET', `/campaigns/${scheduled.body.id}`)).status).toBe(404);
    });

    it('refuses bad input with the field in the console envelope, never a 500', async () => {
      const missing = await s.call('POST', '/campaigns', { body: 'no sender', to: ['+33612345678'] });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatchObject({ code: 'validation', fields: { from: 'is required' } });
      const unknown = await s.call('POST', '/campaigns', { from: 'Herald', body: 'x', to: [], tooo: 1 });
      expect(unknown.body.error.fields).toEqual({ tooo: 'is not a field of this request' });
      const badDate = await s.call('POST', '/campaigns', {
        from: 'Herald',
        body: 'x',
        to: ['+33612345678'],
        scheduledDate: 'tomorrow',
      });
      expect(badDate.status).toBe(400);
      expect(Object.keys(badDate.body.error.fields)).toEqual(['scheduledDate']);
      const nobody = await s.call('POST', '/campaigns', { from: 'Herald', body: 'x' });
      expect(nobody.status).toBe(400);
      expect(nobody.body.error.code).toBe('no-recipients');
      const page = await s.call('GET', '/campaigns?size=1000');
      expect(page.status).toBe(400);
      expect(page.body.error.fields).toHaveProperty('size');
      const noCsrf = await h.call('POST', '/console/api/campaigns', {
        headers: { cookie: s.cookie },
        json: { from: 'Herald', body: 'x', to: ['+33612345678'] },
      });
      expect(noCsrf.status).toBe(403);
    });

    it('shows another account none of these campaigns', async () => {
      const other = await consoleSession(h, await h.newAccount({ name: 'other' }));
      expect((await other.call('GET', '/campaigns')).body).toMatchObject({ total: 0, items: [] });
      const mine = (await s.call('GET', '/campaigns')).body.items[0].id as string;
      expect((await other.call('GET', `/campaigns/${mine}`)).status).toBe(404);
      expect((await other.call('DELETE', `/campaigns/${mine}`)).status).toBe(404);
    });
  });
}
