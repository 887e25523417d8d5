import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Delivery receipts owed to client applications bound to Herald's SMPP server: one row per message
 * submitted with registered_delivery, kept until its receipt is acknowledged by a receiver bind of
 * the account, or the message's ttl has passed.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('smpp_receipts')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('smpp_receipts_account')
    .on('smpp_receipts')
    .columns(['account_id', 'message_id'])
    .execute();
}
