import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * SMPP credentials of accounts, for client applications that bind to Herald's SMPP server (issue
 * 27): a system_id (unique across Herald: a bind names no account) with its password's salted scrypt
 * hash (an SMPP password has at most 8 characters, too few for a plain hash), and an optional list of
 * the addresses a bind may come from.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('smpp_credentials')
    .addColumn('system_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('allowed_ips', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('smpp_credentials_account')
    .on('smpp_credentials')
    .column('account_id')
    .execute();
}
