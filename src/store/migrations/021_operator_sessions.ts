import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Operator sign-ins to the console (with HERALD_ADMIN_TOKEN): one row per session, found by the
 * SHA-256 of the cookie's token, with the SHA-256 of the admin token it was opened with, so that
 * changing HERALD_ADMIN_TOKEN ends every operator session at once. Apart from the accounts' sessions
 * (019) because an operator session belongs to no account.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('operator_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('admin_token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('operator_sessions_expiry')
    .on('operator_sessions')
    .column('expires_at')
    .execute();
}
