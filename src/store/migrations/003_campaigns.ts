import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Contacts, labels, groups, blacklists, SMS campaigns and short links. Built-in groups (`All`,
 * `NotListed`) are not rows: they are computed from contacts and memberships.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const auto = <T extends { autoIncrement(): T }>(b: T) => (dialect === 'sqlite' ? b.autoIncrement() : b);
  const account = (c: ColumnDefinitionBuilder) => c.notNull().references('accounts.id').onDelete('cascade');

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('mobile', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('email', 'text')
    .addColumn('vip', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON object: custom label name → value.
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contacts_account_mobile', ['account_id', 'mobile'])
    .execute();
  await db.schema.createIndex('contacts_account_id').on('contacts').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('label_definitions')
    .addColumn('account_id', 'text', account)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('label_definitions_pk', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('contact_groups')
    .addColumn('account_id', 'text', account)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_groups_pk', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['account_id', 'group_name', 'contact_id'])
    .addForeignKeyConstraint(
      'group_members_group',
      ['account_id', 'group_name'],
      'contact_groups',
      ['account_id', 'name'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema.createIndex('group_members_contact').on('group_members').columns(['contact_id']).execute();

  await db.schema
    .createTable('blacklist_entries')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('blacklist_entries_pk', ['account_id', 'service', 'contact_id'])
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('type', 'text', (c) => c.notNull())
    // Unique per account when present (NULLs never collide).
    .addColumn('name', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON: the accepted request (recipients, options) as the API echoes it.
    .addColumn('request', 'text', (c) => c.notNull())
    // JSON: smsAnalysis.
    .addColumn('analysis', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'bigint')
    .addColumn('send_at', 'bigint', (c) => c.notNull())
    .addColumn('cost_micros', 'bigint', (c) => c.notNull())
    .addColumn('total_messages', 'integer', (c) => c.notNull())
    .addColumn('callback_url', 'text')
    .addColumn('callback_strategy', 'text')
    .addColumn('campaign_callback_url', 'text')
    .addColumn('campaign_callback_strategy', 'text')
    // Progress already reported to an OnChange campaign callback, in fifths of the messages.
    .addColumn('reported_fifths', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ended_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('campaigns_account_name', ['account_id', 'name'])
    .execute();
  await db.schema
    .createIndex('campaigns_open')
    .on('campaigns')
    .columns(['send_at'])
    .where(sql.ref('state'), 'in', sql`('Scheduled', 'Queued', 'Running', 'Sent')`)
    .execute();

  // Position of a message in its campaign (per-recipient short links) and reminders of a campaign.
  await db.schema.alterTable('messages').addColumn('campaign_seq', 'integer').execute();
  await db.schema.alterTable('messages').addColumn('reminder_of', 'text').execute();
  await db.schema.alterTable('messages').addColumn('restrictions', 'text').execute();
  await db.schema
    .createIndex('messages_campaign_seq')
    .on('messages')
    .columns(['campaign_id', 'campaign_seq'])
    .where(sql.ref('campaign_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('messages_reminder')
    .on('messages')
    .columns(['reminder_of'])
    .where(sql.ref('reminder_of'), 'is not', null)
    .execute();
  // Parts waiting for their send time (scheduled campaigns, quiet hours, reminders).
  await db.schema
    .createIndex('message_parts_scheduled')
    .on('message_parts')
    .columns(['next_attempt_at'])
    .where(sql.ref('queue_state'), '=', 'scheduled')
    .execute();

  await db.schema
    .createTable('short_links')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', account)
    .addColumn('campaign_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('long_url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('short_links_campaign').on('short_links').columns(['campaign_id']).execute();

  await db.schema
    .createTable('short_link_clicks')
    .addColumn('id', serial, (c) => auto(c.primaryKey()))
    .addColumn('code', 'text', (c) => c.notNull())
    // The recipient's position in the campaign (null for a single SMS's link).
    .addColumn('campaign_seq', 'integer')
    .addColumn('user_agent', 'text')
    .addColumn('clicked_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('short_link_clicks_code').on('short_link_clicks').columns(['code']).execute();
}
