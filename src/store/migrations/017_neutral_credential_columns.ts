import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The accounts' credentials are named for what they are, not for the API that first used them: OAuth
 * client credentials (`client_id`, `client_secret_hash`; the Routee face's application id and
 * secret, whose hash also signs callbacks) and an API login and key (`api_login`, `api_key_hash`; the
 * Octopush faces'). Renamed in place: values, uniqueness and indexes stay. Nodes of one cluster are
 * upgraded together (an older node reads the old names).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const [from, to] of [
    ['routee_app_id', 'client_id'],
    ['routee_secret_hash', 'client_secret_hash'],
    ['octopush_login', 'api_login'],
    ['octopush_key_hash', 'api_key_hash'],
  ] as const)
    await sql`ALTER TABLE accounts RENAME COLUMN ${sql.ref(from)} TO ${sql.ref(to)}`.execute(db);
}
