import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/** Accounts, tokens, ledger, prices, single messages and their parts. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const big = 'bigint';

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('balance_micros', big, (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`balance_micros >= 0`),
    )
    .addColumn('routee_app_id', 'text', (c) => c.notNull().unique())
    .addColumn('routee_secret_hash', 'text', (c) => c.notNull())
    .addColumn('octopush_login', 'text', (c) => c.notNull().unique())
    .addColumn('octopush_key_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_tokens_expiry').on('access_tokens').column('expires_at').execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', serial, (c) =>
      c.primaryKey().$call((b) => (dialect === 'sqlite' ? b.autoIncrement() : b)),
    )
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('amount_micros', big, (c) => c.notNull())
    .addColumn('balance_after_micros', big, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_entries_account')
    .on('ledger_entries')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('prices')
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('price_micros', big, (c) => c.notNull().check(sql`price_micros >= 0`))
    .addColumn('updated_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('prices_pk', ['service', 'country'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text')
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('flash', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detailed_status', 'text')
    .addColumn('parts', 'integer', (c) => c.notNull())
    .addColumn('characters', 'integer', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('transcoded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('price_micros', big, (c) => c.notNull())
    .addColumn('callback_url', 'text')
    .addColumn('callback_strategy', 'text')
    .addColumn('ttl_minutes', 'integer', (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('send_at', big, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messages_account_created')
    .on('messages')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('messages_campaign')
    .on('messages')
    .columns(['campaign_id'])
    .where(sql.ref('campaign_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('message_parts')
    .addColumn('id', serial, (c) =>
      c.primaryKey().$call((b) => (dialect === 'sqlite' ? b.autoIncrement() : b)),
    )
    .addColumn('sms_id', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('part_index', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detailed_status', 'text')
    .addColumn('price_micros', big, (c) => c.notNull())
    .addColumn('smsc_id', 'text')
    .addColumn('link_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_parts_message')
    .on('message_parts')
    .columns(['message_id', 'part_index'])
    .execute();

  // A starting price list (EUR per SMS part / per voice minute); edit with `herald price set`.
  const now = Date.now();
  for (const [service, country, price] of DEFAULT_PRICES) {
    await sql`INSERT INTO prices (service, country, price_micros, updated_at) VALUES (${service}, ${country}, ${price}, ${now})`.execute(
      db,
    );
  }
}

const DEFAULT_PRICES: ReadonlyArray<readonly [string, string, number]> = [
  ['sms', '*', 50_000],
  ['sms', 'GR', 42_000],
  ['sms', 'CY', 30_000],
  ['sms', 'FR', 45_000],
  ['sms', 'GB', 40_000],
  ['sms', 'DE', 75_000],
  ['sms', 'IT', 50_000],
  ['sms', 'ES', 55_000],
  ['sms', 'US', 10_000],
  ['sms', 'CA', 10_000],
  ['sms', 'IN', 6_000],
  ['voice', '*', 30_000],
  ['voice', 'GR', 20_000],
  ['voice', 'FR', 25_000],
];
