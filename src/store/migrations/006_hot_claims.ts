import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Claims that rewrite no indexed column. A PostgreSQL claim now writes its lease in a column of its
 * own (lease_until, with claimed_by) and leaves queue_state and next_attempt_at alone: both are in an
 * index or a partial index's condition, so changing them made every claim a new tuple plus an entry
 * in each of the table's indexes. With room left in every page (fill factor 70) a claim, and a
 * receipt's final status, are heap-only (HOT) updates: one WAL record, no index entries. Parts still
 * `inflight` from the earlier scheme move to the new one (their lease was in next_attempt_at).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('message_parts').addColumn('lease_until', 'bigint').execute();
  await sql`UPDATE message_parts SET queue_state = 'ready', lease_until = next_attempt_at
             WHERE queue_state = 'inflight'`.execute(db);
  if (dialect === 'postgres') await sql`ALTER TABLE message_parts SET (fillfactor = 70)`.execute(db);
}
