import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Accounts can be disabled (their credentials and tokens refused, their data kept, enabled again at
 * will) and deleted (gone to every API: a token of theirs is "User is not found"). Both are times,
 * null while it has not happened; a deleted account's row stays, so that its ledger stays whole.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('disabled_at', 'bigint').execute();
  await db.schema.alterTable('accounts').addColumn('deleted_at', 'bigint').execute();
}
