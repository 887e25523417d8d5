import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Parts of concatenated messages submitted over SMPP (UDH or SAR), kept until the whole set has come
 * (then they are one message) or for an hour: each part is answered as it arrives, so it must be
 * durable before its answer. The set's message id is chosen with its first part.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('smpp_segments')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('set_key', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // 1 when this part asked for a receipt (registered_delivery): it is owed under the part's id.
    .addColumn('receipt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('smpp_segments_pk', ['account_id', 'set_key', 'seq'])
    .execute();
  await db.schema.createIndex('smpp_segments_created').on('smpp_segments').column('created_at').execute();
}
