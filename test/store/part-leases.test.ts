import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partClaimer, releaseLeasesOf } from '../../src/store/part-claims.js';
import type { Store } from '../../src/store/database.js';
import { createMessageIngest } from '../../src/store/message-ingest.js';
import { ingestRecord } from '../helpers/messages.js';
import { fundedAccount, openTestStore, pgUrl } from '../helpers/stores.js';

/**
 * PostgreSQL leases: a claim gives parts to one node until its lease ends, as one part_leases row per
 * claim; the parts themselves are not written.
 */
describe.skipIf(!pgUrl)('part leases on PostgreSQL', () => {
  let store: Store;
  const now = 1_700_000_000_000;
  const leaseMs = 30_000;
  beforeAll(async () => {
    // One connection: the statistics read at the end come from the session that made the claims.
    store = await openTestStore('postgres', 1);
    await fundedAccount(store, 'lease', 10_000_000);
    const ingest = createMessageIngest(store);
    await Promise.all(
      ['m1', 'm2', 'm3'].map((id) =>
        ingest.accept(ingestRecord({ accountId: 'lease', id, priceMicros: 1_000, now })),
      ),
    );
  });
  afterAll(async () => {
    await store.close();
  });

  const ids = (parts: Array<{ messageId: string }>) => parts.map((p) => p.messageId).sort();
  const partUpdates = async () => {
    await sql`SELECT pg_stat_force_next_flush()`.execute(store.db);
    const r = await sql<{ all: string }>`
      SELECT n_tup_upd AS all FROM pg_stat_user_tables
       WHERE relname = 'message_parts' AND schemaname = current_schema()`.execute(store.db);
    return Number(r.rows[0]!.all);
  };
  const leases = () =>
    store.db.selectFrom('part_leases').select(['node_id', 'lease_until', 'part_ids']).orderBy('id').execute();

  it('keeps leased parts from other nodes until the lease ends, and then gives them to another node', async () => {
    const before = await partUpdates();
    const a = partClaimer(store, 'node-a', leaseMs);
    const b = partClaimer(store, 'node-b', leaseMs);
    const claimed = await a.claim(10, now);
    expect(ids(claimed)).toEqual(['m1', 'm2', 'm3']);
    expect(await b.claim(10, now + 1_000)).toEqual([]);
    // One lease row for the batch; the parts stay as they were, not one of them rewritten.
    expect(await leases()).toEqual([
      { node_id: 'node-a', lease_until: now + leaseMs, part_ids: claimed.map((p) => String(p.id)) },
    ]);
    const stored = await store.db
      .selectFrom('message_parts')
      .select(['queue_state', 'next_attempt_at'])
      .execute();
    expect(stored).toEqual(Array.from({ length: 3 }, () => ({ queue_state: 'ready', next_attempt_at: now })));
    expect((await partUpdates()) - before).toBe(0);
    // node-a dies silently: when its lease ends, node-b takes the parts.
    const taken = await b.claim(10, now + leaseMs);
    expect(ids(taken)).toEqual(['m1', 'm2', 'm3']);
    // A node deletes its lease with its next claim once every part in it has its outcome.
    const sent = taken.slice(0, 2).map((p) => p.id);
    await store.db
      .updateTable('message_parts')
      .set({ queue_state: 'done' })
      .where('id', 'in', sent)
      .execute();
    for (const id of sent) b.release(id);
    await b.claim(10, now + leaseMs + 1);
    expect((await leases()).filter((l) => l.node_id === 'node-b')).toHaveLength(1);
    b.release(taken[2]!.id);
    // Its last part is released with no outcome written (a failed flush): due again, claimed again.
    expect((await b.claim(10, now + leaseMs + 2)).map((p) => p.id)).toEqual([taken[2]!.id]);
    const left = await leases();
    expect(left.filter((l) => l.node_id === 'node-b')).toHaveLength(1);
    expect(left.find((l) => l.node_id === 'node-b')!.lease_until).toBe(now + 2 * leaseMs + 2);
  });

  it('makes the parts of a dead node due at once when it is released', async () => {
    await store.db.updateTable('message_parts').set({ queue_state: 'ready' }).execute();
    await store.db.deleteFrom('part_leases').execute();
    const c = partClaimer(store, 'node-c', leaseMs);
    const later = now + 10 * leaseMs;
    expect(ids(await c.claim(10, later))).toEqual(['m1', 'm2', 'm3']);
    expect(await partClaimer(store, 'node-d', leaseMs).claim(10, later + 1)).toEqual([]);
    expect(await releaseLeasesOf(store, ['node-x'])).toBe(0);
    expect(await releaseLeasesOf(store, ['node-c'])).toBe(3);
    expect(ids(await partClaimer(store, 'node-d', leaseMs).claim(10, later + 1))).toEqual(['m1', 'm2', 'm3']);
  });

  it('never gives one part to two nodes claiming at the same time', async () => {
    const shared = await openTestStore('postgres', 6);
    try {
      await fundedAccount(shared, 'race', 100_000_000);
      const ingest = createMessageIngest(shared);
      const count = 300;
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          ingest.accept(ingestRecord({ accountId: 'race', id: `r${i}`, priceMicros: 1_000, now })),
        ),
      );
      const nodes = ['n1', 'n2', 'n3'].map((n) => partClaimer(shared, n, leaseMs));
      const got = new Map<string, number>();
      // Each node claims small batches in a loop, all at once, until nothing is left.
      await Promise.all(
        nodes.map(async (node) => {
          for (;;) {
            const parts = await node.claim(7, now);
            if (parts.length === 0) return;
            for (const p of parts) got.set(p.messageId, (got.get(p.messageId) ?? 0) + 1);
          }
        }),
      );
      expect(got.size).toBe(count);
      expect([...got.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await shared.close();
    }
  });
});
