import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Console sign-ins: one row per session, found by the SHA-256 of the cookie's token (the token itself
 * is never stored), ending at `expires_at` or at sign-out. In the database rather than in a node's
 * memory so that any node of a cluster serves a signed-in browser.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('console_sessions_expiry')
    .on('console_sessions')
    .column('expires_at')
    .execute();
}
