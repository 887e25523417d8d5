import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Two-way messaging: the numbers (long and short codes) the operator assigned to accounts, the pools an
 * account groups them in (Routee's /pools/my), keyword rules per number, which pool and strategy sent
 * a message (its callbacks say so), and mobile-originated messages owed to an account's SMPP receiver
 * binds until one acknowledges them.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('number_pools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON: sticky, geomatch, transcode, defaultCountry, alphanumericSenderId, inboundSMSCallbackUrl, callback.
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('number_pools_account').on('number_pools').column('account_id').execute();

  await db.schema
    .createTable('account_numbers')
    // Digits only (an E.164 number without '+', or a short code): what a handset writes to.
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('pool_id', 'text')
    // 'LongCode' or 'ShortCode'.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    // Where its inbound messages go: 'callback' or 'smpp' (the account's receiver binds).
    .addColumn('inbound_route', 'text', (c) => c.notNull().defaultTo('callback'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_numbers_account').on('account_numbers').column('account_id').execute();
  await db.schema.createIndex('account_numbers_pool').on('account_numbers').column('pool_id').execute();

  await db.schema
    .createTable('keyword_rules')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    // Upper case, one word.
    .addColumn('keyword', 'text', (c) => c.notNull())
    .addColumn('reply', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('keyword_rules_pk', ['number', 'keyword'])
    .execute();

  await db.schema.alterTable('messages').addColumn('pool_id', 'text').execute();
  await db.schema.alterTable('messages').addColumn('pool_strategy', 'text').execute();
  await db.schema.alterTable('inbound_messages').addColumn('pool_id', 'text').execute();
  // The sticky sender and the message a reply to a pool number answers; only pool messages are indexed.
  await db.schema
    .createIndex('messages_pool_recipient')
    .on('messages')
    .columns(['pool_id', 'recipient', 'created_at'])
    .where(sql.ref('pool_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('smpp_inbound')
    .addColumn('inbound_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('smpp_inbound_account').on('smpp_inbound').column('account_id').execute();
}
