import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The delivery engine: the queue state of each part, receipts waiting for their submit response,
 * the callback outbox, inbound (mobile-originated) messages, SMPP links and the nodes of a cluster.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const auto = <T extends { autoIncrement(): T }>(b: T) => (dialect === 'sqlite' ? b.autoIncrement() : b);

  // ready → inflight (claimed, lease in next_attempt_at) → done. status keeps the Routee status.
  await db.schema
    .alterTable('message_parts')
    .addColumn('queue_state', 'text', (c) => c.notNull().defaultTo('ready'))
    .execute();
  await db.schema.alterTable('message_parts').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('message_parts').addColumn('submitted_at', 'bigint').execute();
  await db.schema.alterTable('message_parts').addColumn('final_at', 'bigint').execute();
  await db.schema.alterTable('message_parts').addColumn('error', 'text').execute();
  await db.schema
    .createIndex('message_parts_due')
    .on('message_parts')
    .columns(['id'])
    .where(sql.ref('queue_state'), 'in', sql`('ready', 'inflight')`)
    .execute();
  await db.schema
    .createIndex('message_parts_smsc_id')
    .on('message_parts')
    .columns(['smsc_id'])
    .where(sql.ref('smsc_id'), 'is not', null)
    .execute();
  // Parts that are not final yet, for the ttl sweep.
  await db.schema
    .createIndex('messages_open')
    .on('messages')
    .columns(['expires_at'])
    .where(sql.ref('status'), 'in', sql`('Queued', 'Sent')`)
    .execute();

  await db.schema
    .createTable('parked_receipts')
    .addColumn('id', serial, (c) => auto(c.primaryKey()))
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('smsc_id', 'text', (c) => c.notNull())
    .addColumn('stat', 'text', (c) => c.notNull())
    .addColumn('err', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('parked_receipts_due')
    .on('parked_receipts')
    .columns(['next_attempt_at'])
    .execute();

  await db.schema
    .createTable('callback_outbox')
    .addColumn('id', serial, (c) => auto(c.primaryKey()))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Callbacks with the same key (one SMS part) are delivered one after the other, in order.
    .addColumn('order_key', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('callback_outbox_due')
    .on('callback_outbox')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();

  await db.schema
    .createIndex('callback_outbox_order')
    .on('callback_outbox')
    .columns(['order_key', 'id'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text')
    .addColumn('link_id', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inbound_messages_account')
    .on('inbound_messages')
    .columns(['account_id', 'received_at'])
    .execute();

  await db.schema
    .createTable('smpp_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .execute();
}
