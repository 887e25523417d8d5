import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * CSV contact imports as resources of their own: their state (reading, writing, done, failed) and
 * progress (rows read, rows stored, errors so far), so that a client (or another node) can follow a
 * large import while it runs.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('contact_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_stored', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    /** JSON: the final report (done), or the reason (failed). */
    .addColumn('result', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contact_imports_account')
    .on('contact_imports')
    .columns(['account_id', 'created_at'])
    .execute();
}
