import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { Store } from './database.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_delivery_engine.js';
import * as m003 from './migrations/003_campaigns.js';
import * as m004 from './migrations/004_octopush.js';
import * as m005 from './migrations/005_voice.js';
import * as m006 from './migrations/006_hot_claims.js';
import * as m007 from './migrations/007_part_leases.js';
import * as m008 from './migrations/008_ttl_sweep.js';
import * as m009 from './migrations/009_sqlite_expiry_index.js';
import * as m010 from './migrations/010_pg_lean_message_writes.js';
import * as m011 from './migrations/011_callback_batches.js';
import * as m012 from './migrations/012_account_state.js';
import * as m013 from './migrations/013_product_prices.js';
import * as m014 from './migrations/014_contact_imports.js';
import * as m015 from './migrations/015_retention.js';
import * as m016 from './migrations/016_neutral_callback_strategy.js';
import * as m017 from './migrations/017_neutral_credential_columns.js';
import * as m018 from './migrations/018_neutral_campaign_settings.js';
import * as m019 from './migrations/019_console_sessions.js';
import * as m020 from './migrations/020_console_lists.js';
import * as m021 from './migrations/021_operator_sessions.js';
import * as m022 from './migrations/022_access_tokens_account.js';
import * as m023 from './migrations/023_voice_trunks.js';
import * as m024 from './migrations/024_smpp_credentials.js';
import * as m025 from './migrations/025_smpp_receipts.js';
import * as m026 from './migrations/026_smpp_segments.js';
import * as m027 from './migrations/027_numbers_and_pools.js';

type DialectMigration = { up(db: Kysely<unknown>, dialect: Store['dialect']): Promise<void> };

/** Every migration in order; names never change once released. */
const MIGRATIONS: ReadonlyArray<readonly [string, DialectMigration]> = [
  ['001_foundation', m001],
  ['002_delivery_engine', m002],
  ['003_campaigns', m003],
  ['004_octopush', m004],
  ['005_voice', m005],
  ['006_hot_claims', m006],
  ['007_part_leases', m007],
  ['008_ttl_sweep', m008],
  ['009_sqlite_expiry_index', m009],
  ['010_pg_lean_message_writes', m010],
  ['011_callback_batches', m011],
  ['012_account_state', m012],
  ['013_product_prices', m013],
  ['014_contact_imports', m014],
  ['015_retention', m015],
  ['016_neutral_callback_strategy', m016],
  ['017_neutral_credential_columns', m017],
  ['018_neutral_campaign_settings', m018],
  ['019_console_sessions', m019],
  ['020_console_lists', m020],
  ['021_operator_sessions', m021],
  ['022_access_tokens_account', m022],
  ['023_voice_trunks', m023],
  ['024_smpp_credentials', m024],
  ['025_smpp_receipts', m025],
  ['026_smpp_segments', m026],
  ['027_numbers_and_pools', m027],
];

/**
 * Brings the schema up to date (Kysely's migrator locks, so several nodes may start at once), or up to
 * and including the migration named `upTo` (tests of a migration's data changes).
 */
export async function migrateToLatest(store: Store, upTo?: string): Promise<string[]> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of MIGRATIONS) {
    migrations[name] = { up: (db) => m.up(db, store.dialect) };
  }
  // Kysely looks for its migration tables in every schema unless told which one: name ours, or another
  // schema's (a second cluster, another application) would be taken for this one's.
  let migrationTableSchema: string | undefined;
  if (store.dialect === 'postgres') {
    const r = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(store.db);
    migrationTableSchema = r.rows[0]?.schema;
  }
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema && { migrationTableSchema }),
  });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
