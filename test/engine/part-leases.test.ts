import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partClaimer, releaseLeasesOf } from '../../src/engine/part-claims.js';
import type { Store } from '../../src/store/database.js';
import { createMessageIngest } from '../../src/store/message-ingest.js';
import { ingestRecord } from '../helpers/messages.js';
import { fundedAccount, openTestStore, pgUrl } from '../helpers/stores.js';

/**
 * PostgreSQL leases: a claim gives parts to one node until its lease ends, without touching any
 * indexed column, so that it is a heap-only update (no new entry in any of the table's indexes).
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
  const hotUpdates = async () => {
    await sql`SELECT pg_stat_force_next_flush()`.execute(store.db);
    const r = await sql<{ hot: string; all: string }>`
      SELECT n_tup_hot_upd AS hot, n_tup_upd AS all FROM pg_stat_user_tables
       WHERE relname = 'message_parts' AND schemaname = current_schema()`.execute(store.db);
    return { hot: Number(r.rows[0]!.hot), all: Number(r.rows[0]!.all) };
  };

  it('keeps leased parts from other nodes until the lease ends, and then gives them to another node', async () => {
    const before = await hotUpdates();
    const a = partClaimer(store, 'node-a', leaseMs);
    const b = partClaimer(store, 'node-b', leaseMs);
    expect(ids(await a.claim(10, now))).toEqual(['m1', 'm2', 'm3']);
    expect(await b.claim(10, now + 1_000)).toEqual([]);
    const stored = await store.db
      .selectFrom('message_parts')
      .select(['queue_state', 'claimed_by', 'lease_until', 'next_attempt_at'])
      .execute();
    expect(stored).toEqual(
      Array.from({ length: 3 }, () => ({
        queue_state: 'ready',
        claimed_by: 'node-a',
        lease_until: now + leaseMs,
        next_attempt_at: now,
      })),
    );
    // Every claim's update stayed in its page without new index entries.
    const after = await hotUpdates();
    expect(after.all - before.all).toBe(3);
    expect(after.hot - before.hot).toBe(3);
    // node-a dies silently: when its lease ends, node-b takes the parts.
    expect(ids(await b.claim(10, now + leaseMs))).toEqual(['m1', 'm2', 'm3']);
  });

  it('makes the parts of a dead node due at once when it is released', async () => {
    const c = partClaimer(store, 'node-c', leaseMs);
    const later = now + 10 * leaseMs;
    expect(ids(await c.claim(10, later))).toEqual(['m1', 'm2', 'm3']);
    expect(await partClaimer(store, 'node-d', leaseMs).claim(10, later + 1)).toEqual([]);
    expect(await releaseLeasesOf(store, ['node-x'])).toBe(0);
    expect(await releaseLeasesOf(store, ['node-c'])).toBe(3);
    expect(ids(await partClaimer(store, 'node-d', leaseMs).claim(10, later + 1))).toEqual(['m1', 'm2', 'm3']);
  });
});
