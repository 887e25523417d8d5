/**
 * Every store test runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. Each PostgreSQL
 * store lives in a schema of its own, dropped when the store closes, so test files can run in parallel.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { insertAccount } from '../../src/store/repositories/accounts.js';
import { credit } from '../../src/store/repositories/ledger.js';

export interface StoreCase {
  name: 'sqlite' | 'postgres';
  /** No database to run this case on (PostgreSQL without TEST_DATABASE_URL): its tests show as skipped. */
  skip: boolean;
  open(): Promise<Store>;
}

export const pgUrl = process.env.TEST_DATABASE_URL || undefined;

/** SQLite always; PostgreSQL when TEST_DATABASE_URL is set, else reported as skipped (never silently dropped). */
export function storeCases(): StoreCase[] {
  return [
    { name: 'sqlite', skip: false, open: () => openTestStore('sqlite') },
    { name: 'postgres', skip: !pgUrl, open: () => openTestStore('postgres') },
  ];
}

/** Opens the case's store before the suite's tests (handing it to `use`) and closes it after them. */
export function storeForSuite(sc: StoreCase, use: (store: Store) => void): void {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await sc.open();
    use(store);
  });
  afterAll(async () => {
    await store?.close();
  });
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A store migrated to the latest schema, or only up to the migration named `upTo`. */
export async function openTestStore(
  kind: 'sqlite' | 'postgres',
  pgPoolSize = 20,
  upTo?: string,
): Promise<Store> {
  if (kind === 'sqlite') {
    const file = path.join(os.tmpdir(), `${uniqueName('herald_test')}.db`);
    const store = await openStore({ sqliteFile: file });
    await migrateToLatest(store, upTo);
    return store;
  }
  if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set');
  const schema = uniqueName('herald_t');
  const store = await openStore({ databaseUrl: pgUrl, pgSchema: schema, pgPoolSize });
  await migrateToLatest(store, upTo);
  const close = store.close;
  store.close = async () => {
    await close();
    await dropSchema(schema);
  };
  return store;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** An account with the given balance (a top-up on its ledger), for store tests. */
export async function fundedAccount(store: Store, id: string, balanceMicros: number): Promise<void> {
  await insertAccount(store.db, {
    id,
    name: id,
    currency: 'EUR',
    balance_micros: 0,
    client_id: `app-${id}`,
    client_secret_hash: 'x',
    api_login: `${id}@example.com`,
    api_key_hash: 'y',
    scopes: 'sms',
    settings: '{}',
    created_at: 1,
  });
  await credit(store.db, { accountId: id, amountMicros: balanceMicros, kind: 'topup', now: 1 });
}
