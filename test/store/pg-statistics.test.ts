import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/database.js';
import { needsAnalysis, PlannerStatistics } from '../../src/store/pg-statistics.js';
import { openTestStore, pgUrl } from '../helpers/stores.js';

describe('when a queue table needs new planner statistics', () => {
  const table = (
    liveRows: number,
    changedSinceAnalysis: number,
    liveAtAnalysis: number,
    msSinceAnalysis: number,
  ) => ({ liveRows, changedSinceAnalysis, liveAtAnalysis, msSinceAnalysis });
  it('after 500 changed rows plus a tenth of the table, at most every 5 s', () => {
    expect(needsAnalysis(table(0, 500, 0, Infinity), 5_000)).toBe(false);
    expect(needsAnalysis(table(0, 501, 0, Infinity), 5_000)).toBe(true);
    expect(needsAnalysis(table(100_000, 10_000, 100_000, 60_000), 5_000)).toBe(false);
    expect(needsAnalysis(table(100_000, 10_501, 100_000, 60_000), 5_000)).toBe(true);
    expect(needsAnalysis(table(100_000, 10_501, 100_000, 4_999), 5_000)).toBe(false);
  });
  it('at once when the table more than doubled since (plus 1,000 rows)', () => {
    expect(needsAnalysis(table(3_001, 3_001, 1_000, 100), 5_000)).toBe(true);
    expect(needsAnalysis(table(3_000, 3_000, 1_000, 100), 5_000)).toBe(false);
    expect(needsAnalysis(table(7_001, 4_000, 3_000, 100), 5_000)).toBe(true);
    expect(needsAnalysis(table(7_000, 4_000, 3_000, 100), 5_000)).toBe(false);
  });
});

describe.skipIf(!pgUrl)('planner statistics on PostgreSQL', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore('postgres');
  });
  afterAll(async () => {
    await store.close();
  });

  async function tableStats(table: string) {
    const { rows } = await store.pgPool!.query<{ changed: string; analysed: Date | null }>(
      `SELECT n_mod_since_analyze AS changed, last_analyze AS analysed
         FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = $1`,
      [table],
    );
    return { changed: Number(rows[0]?.changed ?? 0), analysed: rows[0]?.analysed ?? null };
  }

  it('analyses a queue table that changed, once, and leaves the others', async () => {
    // Autovacuum (when the server runs it) must not analyse this table behind the test's back.
    await store.pgPool!.query('ALTER TABLE parked_receipts SET (autovacuum_enabled = false)');
    await store.pgPool!.query(
      `INSERT INTO parked_receipts (link_id, smsc_id, stat, err, received_at, next_attempt_at)
       SELECT 'l', g::text, 'DELIVRD', '000', 1, 1 FROM generate_series(1, 3000) g`,
    );
    // The statistics system publishes counts within a second or so of the commit.
    const deadline = Date.now() + 10_000;
    while ((await tableStats('parked_receipts')).changed < 3000 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect((await tableStats('parked_receipts')).changed).toBe(3000);
    expect((await tableStats('parked_receipts')).analysed).toBeNull();

    const keeper = new PlannerStatistics(store.pgPool!, createLogger('silent'), 1_000, 0);
    await keeper.check();
    expect(keeper.counters.analyses).toBe(1);
    expect((await tableStats('parked_receipts')).analysed).not.toBeNull();
    expect((await tableStats('messages')).analysed).toBeNull();
    // The planning columns have statistics; the others were left out.
    const { rows: columns } = await store.pgPool!.query<{ attname: string }>(
      `SELECT attname FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'parked_receipts'
        ORDER BY attname`,
    );
    expect(columns.map((c) => c.attname)).toEqual(['id', 'next_attempt_at', 'smsc_id']);
    // From a small sample: 11 histogram bounds over the 3,000 distinct ids (101 at the default target).
    const { rows: histogram } = await store.pgPool!.query<{ bounds: number }>(
      `SELECT array_length(histogram_bounds::text::text[], 1) AS bounds FROM pg_stats
        WHERE schemaname = current_schema() AND tablename = 'parked_receipts' AND attname = 'id'`,
    );
    expect(histogram[0]?.bounds).toBe(11);

    // Nothing changed since: no new analysis (PostgreSQL's own count still reads 3,000 changes).
    await keeper.check();
    expect(keeper.counters.analyses).toBe(1);
    // Enough new changes: analysed again.
    await store.pgPool!.query(
      `INSERT INTO parked_receipts (link_id, smsc_id, stat, err, received_at, next_attempt_at)
       SELECT 'l', g::text, 'DELIVRD', '000', 1, 1 FROM generate_series(1, 1000) g`,
    );
    while ((await tableStats('parked_receipts')).changed < 4000 && Date.now() < deadline + 10_000)
      await new Promise((r) => setTimeout(r, 200));
    await keeper.check();
    expect(keeper.counters.analyses).toBe(2);
  });
});
