import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { monitorCampaigns, SMS_CAMPAIGNS } from '../../src/engine/runtime/campaign-monitor.js';
import { releaseScheduledParts } from '../../src/store/scheduled-parts.js';
import { expiredMessages } from '../../src/store/expiry-sweep.js';
import { LOCAL_CLAIM_SQL, partClaimer } from '../../src/store/part-claims.js';
import type { Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { Database } from '../../src/store/schema.js';
import { callbackRenderers } from '../../src/api/callback-renderers.js';

/**
 * The engine's recurring queries must reach their rows through the partial indexes: SQLite uses a
 * partial index only when the query states the index's condition with the same literals, and a
 * query that misses it reads the whole table every time it runs (every second, for ever larger tables).
 */
describe('recurring engine queries on SQLite', () => {
  it('use the partial indexes, never a scan of messages, parts or campaigns', async () => {
    const sqlite = new SqliteDatabase(':memory:');
    const seen: Array<{ sql: string; parameters: readonly unknown[] }> = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (e) => {
        if (e.level === 'query') seen.push({ sql: e.query.sql, parameters: e.query.parameters });
      },
    });
    const store: Store = { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
    await migrateToLatest(store);
    seen.length = 0;
    const now = Date.now();
    await releaseScheduledParts(store.db, now);
    await monitorCampaigns(store, callbackRenderers, now, SMS_CAMPAIGNS);
    await expiredMessages(store.db, { at: now - 60_000, id: null }, now, 500);
    await expiredMessages(store.db, { at: now - 60_000, id: 'm' }, now, 500);
    await partClaimer(store, 'node', 30_000).claim(100, now);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    // The SQLite claim runs without the query builder.
    seen.push({ sql: LOCAL_CLAIM_SQL, parameters: [now, 0, 100] });
    for (const q of seen) {
      const plan = sqlite
        .prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
        .all(...(q.parameters as unknown[])) as Array<{ detail: string }>;
      const details = plan.map((p) => p.detail).join(' | ');
      expect(details, q.sql).not.toMatch(/SCAN (messages|message_parts|campaigns|m|p)\b/);
    }
    await store.close();
  });
});
