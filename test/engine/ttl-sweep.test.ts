import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SWEEP_LAG_MS, TtlSweep } from '../../src/engine/sms/ttl-sweep.js';
import type { Store } from '../../src/store/database.js';
import { createMessageIngest } from '../../src/store/message-ingest.js';
import { ingestRecord } from '../helpers/messages.js';
import { up as migrateTtlSweep } from '../../src/store/migrations/008_ttl_sweep.js';
import { fundedAccount, openTestStore, storeCases } from '../helpers/stores.js';

const HOUR = 3_600_000;

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`ttl sweep (${sc.name})`, () => {
    let store: Store;
    /** What the sweep handed over, round by round; the handler closes them as the state writer would. */
    let rounds: string[][];
    const expire = async (ids: string[]) => {
      rounds.push([...ids]);
      await store.db
        .updateTable('messages')
        .set({ status: 'Undelivered', detailed_status: 'Expired' })
        .where('id', 'in', ids)
        .execute();
    };

    beforeEach(async () => {
      store = await sc.open();
      rounds = [];
      await fundedAccount(store, 'ttl', 100_000_000);
      const ingest = createMessageIngest(store);
      // Stored at t (the helper's expiry: t + 1 h): m1..m5 expire at 1, 2, 3, 4 and 5 hours.
      await Promise.all(
        [1, 2, 3, 4, 5].map((h) =>
          ingest.accept(ingestRecord({ accountId: 'ttl', id: `m${h}`, priceMicros: 1, now: (h - 1) * HOUR })),
        ),
      );
    });
    afterEach(async () => {
      await store.close();
    });

    it('hands each expired open message over once, earliest first, in rounds of at most the limit', async () => {
      const sweep = new TtlSweep(store);
      // Before the first expiry (and within the lag after it): nothing.
      expect(await sweep.round(HOUR - 1, 2, expire)).toBe(0);
      expect(await sweep.round(HOUR + SWEEP_LAG_MS - 1, 2, expire)).toBe(0);
      // Four expired: two rounds of two, then the mark moves past them.
      const at = 4 * HOUR + SWEEP_LAG_MS;
      expect(await sweep.round(at, 2, expire)).toBe(2);
      expect(await sweep.round(at, 2, expire)).toBe(2);
      expect(await sweep.round(at, 2, expire)).toBe(0);
      expect(rounds).toEqual([
        ['m1', 'm2'],
        ['m3', 'm4'],
      ]);
      // A message closed before its expiry is not handed over.
      await store.db.updateTable('messages').set({ status: 'Delivered' }).where('id', '=', 'm5').execute();
      expect(await sweep.round(6 * HOUR, 2, expire)).toBe(0);
      expect(rounds).toHaveLength(2);
    });

    it('goes on after a restart from the mark it stored, not from the beginning', async () => {
      const first = new TtlSweep(store);
      expect(await first.round(2 * HOUR + SWEEP_LAG_MS, 10, expire)).toBe(2);
      // A message behind the stored mark that is still open (reopened here by hand) is not read again.
      await store.db.updateTable('messages').set({ status: 'Sent' }).where('id', '=', 'm1').execute();
      const restarted = new TtlSweep(store);
      expect(await restarted.round(5 * HOUR + SWEEP_LAG_MS, 10, expire)).toBe(3);
      expect(rounds).toEqual([
        ['m1', 'm2'],
        ['m3', 'm4', 'm5'],
      ]);
    });

    it('is not held up by a message that its expiry left open', async () => {
      const sweep = new TtlSweep(store);
      // The handler closes every message but m1 (say, its parts were final already).
      const leaky = async (ids: string[]) =>
        expire(ids.filter((id) => id !== 'm1')).then(() => {
          rounds[rounds.length - 1] = ids;
        });
      const at = 5 * HOUR + SWEEP_LAG_MS;
      expect(await sweep.round(at, 2, leaky)).toBe(2);
      expect(await sweep.round(at, 2, leaky)).toBe(2);
      expect(await sweep.round(at, 2, leaky)).toBe(1);
      expect(await sweep.round(at, 2, leaky)).toBe(0);
      expect(rounds).toEqual([['m1', 'm2'], ['m3', 'm4'], ['m5']]);
    });

    it('does not move the mark past messages whose expiry was not committed', async () => {
      const sweep = new TtlSweep(store);
      const failing = () => Promise.reject(new Error('flush failed'));
      await expect(sweep.round(2 * HOUR + SWEEP_LAG_MS, 10, failing)).rejects.toThrow('flush failed');
      expect(await sweep.round(2 * HOUR + SWEEP_LAG_MS, 10, expire)).toBe(2);
      expect(rounds).toEqual([['m1', 'm2']]);
    });

    it('expires Sent messages as well as Queued ones', async () => {
      await store.db
        .updateTable('messages')
        .set({ status: 'Sent' })
        .where('id', 'in', ['m2', 'm3'])
        .execute();
      expect(await new TtlSweep(store).round(3 * HOUR + SWEEP_LAG_MS, 10, expire)).toBe(3);
      expect(rounds).toEqual([['m1', 'm2', 'm3']]);
    });

    it('pages through messages that expire at the same instant, each once', async () => {
      // m6..m8 expire together at 5 h 30; nothing closes them (the handler leaves them open).
      const ingest = createMessageIngest(store);
      for (const id of ['m6', 'm7', 'm8'])
        await ingest.accept(ingestRecord({ accountId: 'ttl', id, priceMicros: 1, now: 4.5 * HOUR }));
      await store.db
        .updateTable('messages')
        .set({ status: 'Delivered' })
        .where('id', 'like', 'm_')
        .where('id', '<', 'm6')
        .execute();
      const sweep = new TtlSweep(store);
      const seen: string[][] = [];
      const keepOpen = async (ids: string[]) => {
        seen.push(ids);
      };
      const at = 5.5 * HOUR + SWEEP_LAG_MS;
      expect(await sweep.round(at, 2, keepOpen)).toBe(2);
      expect(await sweep.round(at, 2, keepOpen)).toBe(1);
      expect(await sweep.round(at, 2, keepOpen)).toBe(0);
      // Later rounds start after the instant already swept, even though the messages are still open.
      expect(await sweep.round(at + 1_000, 2, keepOpen)).toBe(0);
      expect(seen).toEqual([['m6', 'm7'], ['m8']]);
    });

    it('hands over a message expiring exactly at the end of a round once, not again in the next', async () => {
      const sweep = new TtlSweep(store);
      const seen: string[][] = [];
      const keepOpen = async (ids: string[]) => {
        seen.push(ids);
      };
      expect(await sweep.round(HOUR + SWEEP_LAG_MS, 10, keepOpen)).toBe(1);
      expect(await sweep.round(HOUR + SWEEP_LAG_MS + 1_000, 10, keepOpen)).toBe(0);
      expect(seen).toEqual([['m1']]);
    });

    it('stores its mark under its name, at most once every saveEveryMs', async () => {
      const sweep = new TtlSweep(store, 10_000);
      const marks = async () =>
        (await store.db.selectFrom('engine_marks').select(['name', 'value']).execute()).map((m) => ({
          name: m.name,
          value: Number(m.value),
        }));
      const t = 30 * HOUR;
      await sweep.round(t, 100, expire);
      expect(await marks()).toEqual([{ name: 'ttl_swept_until', value: t - SWEEP_LAG_MS }]);
      await sweep.round(t + 9_999, 100, expire);
      expect(await marks()).toEqual([{ name: 'ttl_swept_until', value: t - SWEEP_LAG_MS }]);
      await sweep.round(t + 10_000, 100, expire);
      expect(await marks()).toEqual([{ name: 'ttl_swept_until', value: t + 10_000 - SWEEP_LAG_MS }]);
    });

    it('starts, in a database upgraded to it, just before the earliest expiry still open', async () => {
      // Back to the schema before migration 008, m1 closed and m2..m5 open.
      await store.db.updateTable('messages').set({ status: 'Delivered' }).where('id', '=', 'm1').execute();
      await sql`DROP TABLE engine_marks`.execute(store.db);
      if (sc.name === 'postgres') {
        await sql`DROP INDEX messages_expiry`.execute(store.db);
        await sql`CREATE INDEX messages_open ON messages (expires_at) WHERE status IN ('Queued', 'Sent')`.execute(
          store.db,
        );
      }
      await migrateTtlSweep(store.db as unknown as Kysely<unknown>, sc.name);
      const mark = await store.db.selectFrom('engine_marks').select(['name', 'value']).execute();
      expect(mark.map((m) => ({ ...m, value: Number(m.value) }))).toEqual([
        { name: 'ttl_swept_until', value: 2 * HOUR - 1 },
      ]);
      expect(await new TtlSweep(store).round(2 * HOUR + SWEEP_LAG_MS, 10, expire)).toBe(1);
      expect(rounds).toEqual([['m2']]);
    });

    it.skipIf(sc.name !== 'postgres')(
      'updates the status of a message in its page, without index entries (heap-only)',
      async () => {
        // One connection: the statistics read come from the session that made the updates.
        const one = await openTestStore('postgres', 1);
        try {
          await fundedAccount(one, 'hot', 100_000_000);
          const ingest = createMessageIngest(one);
          const ids = Array.from({ length: 40 }, (_, i) => `h${i}`);
          await Promise.all(
            ids.map((id) => ingest.accept(ingestRecord({ accountId: 'hot', id, priceMicros: 1 }))),
          );
          const updates = async () => {
            await sql`SELECT pg_stat_force_next_flush()`.execute(one.db);
            const r = await sql<{ hot: string; all: string }>`
            SELECT n_tup_hot_upd AS hot, n_tup_upd AS all FROM pg_stat_user_tables
             WHERE relname = 'messages' AND schemaname = current_schema()`.execute(one.db);
            return { hot: Number(r.rows[0]!.hot), all: Number(r.rows[0]!.all) };
          };
          const before = await updates();
          // Sent, then final: the two updates of a message's life.
          for (const status of ['Sent', 'Delivered'])
            await one.db
              .updateTable('messages')
              .set({ status, updated_at: 2 })
              .where('id', 'in', ids)
              .execute();
          const after = await updates();
          expect(after.all - before.all).toBe(80);
          // With the status in a partial index's condition none was; a version that finds its page full
          // (before pruning frees it) is not either.
          expect(after.hot - before.hot).toBeGreaterThanOrEqual(72);
        } finally {
          await one.close();
        }
      },
    );
  });
}
