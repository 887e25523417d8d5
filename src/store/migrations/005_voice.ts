import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/** Voice campaigns: one row per call, queued like SMS parts (scheduled → ready → inflight → done). */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('voice_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON array of {status, date}: the call's status history.
    .addColumn('history', 'text', (c) => c.notNull())
    .addColumn('queue_state', 'text', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('reserved_micros', 'bigint', (c) => c.notNull())
    .addColumn('price_micros', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('price_per_minute_micros', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('digits', 'text')
    .addColumn('sip_status', 'integer')
    .addColumn('callback_url', 'text')
    .addColumn('callback_strategy', 'text')
    .addColumn('send_at', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('voice_calls_due')
    .on('voice_calls')
    .columns(['next_attempt_at'])
    .where(sql.ref('queue_state'), 'in', sql`('ready', 'scheduled', 'inflight')`)
    .execute();
  await db.schema
    .createIndex('voice_calls_campaign')
    .on('voice_calls')
    .columns(['campaign_id', 'seq'])
    .execute();
}
