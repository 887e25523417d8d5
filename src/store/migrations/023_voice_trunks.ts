import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * Voice trunks added or changed by operators (console, admin API), beside those of the configuration
 * file, as SMPP links are (002 `smpp_links`): the id and the trunk's JSON configuration. Every node's
 * engine reads them, so a change reaches the whole cluster.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('voice_trunks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
