import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/** Octopush: request ids remembered for 24 hours (a repeated request sends nothing twice). */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('request_ids')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_ids_pk', ['account_id', 'request_id'])
    .execute();
  // Inbound messages: what Herald made of them (reply, stop).
  await db.schema.alterTable('inbound_messages').addColumn('kind', 'text').execute();
}
