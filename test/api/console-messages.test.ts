/**
 * The console's message search and timeline: filters by number prefix, status, label and campaign
 * within a time range (newest first, `more` when another page follows), refuses a range too wide or a
 * number with letters in the console envelope, shows a message's parts and timeline, and never shows
 * another account's messages. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession, type ConsoleSession } from '../helpers/console-session.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

const T0 = Date.parse('2026-12-04T09:00:00Z');

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`console messages on ${sc.name}`, () => {
    let h: TestHerald;
    let s: ConsoleSession;
    const ids: string[] = [];
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { fakeClock: true, balance: 10 });
      h.clock.now = T0;
      s = await consoleSession(h);
      const token = await h.token();
      const send = async (to: string, body: string, label?: string) => {
        h.clock.advance(1000);
        const r = await h.call('POST', '/sms', {
          token,
          json: { from: 'Herald', to, body, ...(label && { label }) },
        });
        expect(r.status).toBe(200);
        ids.push(r.body.trackingId);
      };
      await send('+33612345678', 'one', 'orders');
      await send('+33698765432', 'two');
      await send('+306948000001', 'three '.repeat(30), 'orders'); // two parts
    });
    afterAll(async () => h?.close());

    const search = async (query: string) => (await s.call('GET', `/messages?${query}`)).body;

    it('finds messages by number prefix, label and status, newest first', async () => {
      const all = await search('size=2');
      expect(all.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
      expect(all.more).toBe(true);
      const next = await search('size=2&page=1');
      expect(next.items.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
      expect(next.more).toBe(false);
      expect((await search('number=%2B336')).items.map((m: { id: string }) => m.id)).toEqual([
        ids[1],
        ids[0],
      ]);
      expect((await search('number=3069')).items.map((m: { to: string }) => m.to)).toEqual(['+306948000001']);
      expect((await search('label=orders')).items).toHaveLength(2);
      expect((await search('status=Queued')).items).toHaveLength(3);
      expect((await search('status=Delivered')).items).toHaveLength(0);
      const window = await search(
        `from=${encodeURIComponent('2026-12-04T09:00:01.500Z')}&to=${encodeURIComponent('2026-12-04T09:00:02.500Z')}`,
      );
      expect(window.items.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
    });

    it('refuses bad searches in the console envelope', async () => {
      const wide = await s.call('GET', '/messages?from=2026-01-01T00:00:00Z&to=2026-12-04T00:00:00Z');
      expect(wide.status).toBe(400);
      expect(wide.body.error.fields).toHaveProperty('from');
      const letters = await s.call('GET', '/messages?number=33abc');
      expect(letters.status).toBe(400);
      expect(letters.body.error.fields).toEqual({ number: 'digits only, with an optional +' });
      const badStatus = await s.call('GET', '/messages?status=Lost');
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.error.fields).toHaveProperty('status');
    });

    it('shows a message’s parts and timeline', async () => {
      // The engine's writes, as they would land: part 1 sent and delivered, part 2 sent.
      const parts = await h.store.db
        .selectFrom('message_parts')
        .select(['id', 'part_index'])
        .where('message_id', '=', ids[2]!)
        .orderBy('part_index')
        .execute();
      expect(parts).toHaveLength(2);
      await h.store.db
        .updateTable('message_parts')
        .set({
          status: 'Delivered',
          detailed_status: 'DELIVRD',
          smsc_id: 'abc123',
          link_id: 'op1',
          submitted_at: T0 + 4000,
          final_at: T0 + 6000,
          updated_at: T0 + 6000,
        })
        .where('id', '=', parts[0]!.id)
        .execute();
      await h.store.db
        .updateTable('message_parts')
        .set({
          status: 'Sent',
          smsc_id: 'abc124',
          link_id: 'op1',
          submitted_at: T0 + 4100,
          updated_at: T0 + 4100,
        })
        .where('id', '=', parts[1]!.id)
        .execute();
      const m = (await s.call('GET', `/messages/${ids[2]}`)).body;
      expect(m).toMatchObject({ to: '+306948000001', parts: 2, label: 'orders', country: 'GR' });
      expect(m.events).toEqual([
        { at: '2026-12-04T09:00:03.000Z', what: 'accepted', part: null, status: 'Queued', detail: null },
        {
          at: '2026-12-04T09:00:04.000Z',
          what: 'submitted',
          part: 1,
          status: 'Sent',
          detail: 'operator id abc123 on op1',
        },
        {
          at: '2026-12-04T09:00:04.100Z',
          what: 'submitted',
          part: 2,
          status: 'Sent',
          detail: 'operator id abc124 on op1',
        },
        { at: '2026-12-04T09:00:06.000Z', what: 'final', part: 1, status: 'Delivered', detail: 'DELIVRD' },
      ]);
      expect(m.partList.map((p: { operatorId: string }) => p.operatorId)).toEqual(['abc123', 'abc124']);
    });

    it('shows another account none of them', async () => {
      const other = await consoleSession(h, await h.newAccount({ name: 'other' }));
      expect((await other.call('GET', '/messages')).body.items).toEqual([]);
      expect((await other.call('GET', `/messages/${ids[0]}`)).status).toBe(404);
    });
  });
}
