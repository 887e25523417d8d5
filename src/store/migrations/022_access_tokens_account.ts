import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * An account's access tokens by account: replacing its application secret revokes them all (a leaked
 * secret must not leave tokens minted with it alive), in one index range rather than a scan.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('access_tokens_account').on('access_tokens').column('account_id').execute();
}
