import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Delivery receipts owed to client applications bound to Herald's SMPP server: one row per id a
 * client was answered with and asked a receipt for (a message's, or each part's of a concatenated
 * message), kept until it is acknowledged by a receiver bind of the account, or the message's ttl
 * has passed.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('smpp_receipts')
    .addColumn('receipt_id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('smpp_receipts_account')
    .on('smpp_receipts')
    .columns(['account_id', 'message_id'])
    .execute();
}
