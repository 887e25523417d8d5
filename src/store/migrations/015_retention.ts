import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Retention: messages, calls and their companions are purged once past an account's retention
 * period, and what they counted is kept per day (`usage_daily`: messages, parts and money per day,
 * service, country and status), so that usage reports and the balance's story outlive the rows; the
 * ledger is never purged. Indexes for the purge's lookups by age where none existed.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('usage_daily')
    .addColumn('account_id', 'text', (c) => c.notNull())
    /** UTC day, YYYY-MM-DD. */
    .addColumn('day', 'text', (c) => c.notNull())
    /** Sms or Voice. */
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('messages', 'bigint', (c) => c.notNull())
    .addColumn('parts', 'bigint', (c) => c.notNull())
    .addColumn('price_micros', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_daily_pk', ['account_id', 'day', 'service', 'country', 'status'])
    .execute();
  await db.schema
    .createIndex('inbound_messages_received')
    .on('inbound_messages')
    .columns(['received_at'])
    .execute();
  await db.schema
    .createIndex('callback_outbox_failed')
    .on('callback_outbox')
    .columns(['created_at'])
    .where(sql.ref('state'), '=', 'failed')
    .execute();
  await db.schema.createIndex('campaigns_ended').on('campaigns').columns(['ended_at']).execute();
  await db.schema
    .createIndex('contact_imports_created')
    .on('contact_imports')
    .columns(['created_at'])
    .execute();
}
