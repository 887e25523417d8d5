import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The console's lists, newest first per account: campaigns (no index had the account) and callbacks
 * being retried or given up on (the outbox was indexed only for the sender's claims). Each page is
 * then an index range, however many rows the account has. The outbox index is partial: a callback
 * enters it only once an attempt failed, so the hot path's inserts never touch it.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex('campaigns_account_created')
    .on('campaigns')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('callback_outbox_account')
    .on('callback_outbox')
    .columns(['account_id', 'id'])
    .where(sql<boolean>`(state = 'failed' OR attempts > 0)`)
    .execute();
}
