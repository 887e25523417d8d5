import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Callbacks handed to the node's own sender as one row per flush (src/engine/callbacks/callback-batches.ts):
 * the parts whose final status the callbacks report, the time they report, and the lease. While the
 * lease lasts the callbacks live in the sender's memory; the row goes once each of them was answered
 * 200 or moved to the outbox, and a row whose lease ran out (its node died) becomes outbox rows again.
 * `part_ids` is text (ids separated by commas) on both databases.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // SQLite: AUTOINCREMENT, so that the id of a deleted batch is never given to a new one (a sender
  // still holding the old batch deletes it by id when done).
  await db.schema
    .createTable('callback_batches')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('lease_until', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('part_ids', 'text', (c) => c.notNull())
    .execute();
}
