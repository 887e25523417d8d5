/**
 * One write transaction for bulk work (a campaign's messages): ordinary queries go through Kysely,
 * the many message and part rows go through the fastest path of each database — prepared statements
 * on SQLite (inside a manual BEGIN IMMEDIATE on Kysely's single connection, so nothing interleaves),
 * one unnest INSERT per table on PostgreSQL (see pg-unnest).
 */
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Store } from './database.js';
import { insertUnnest } from './pg-unnest.js';
import type { Queryable } from './repositories/queryable.js';
import type { MessageRow } from './schema.js';

// prettier-ignore
export const MESSAGE_COLUMNS = [
  'id', 'account_id', 'campaign_id', 'sender', 'recipient', 'country', 'body', 'label', 'flash', 'status',
  'detailed_status', 'parts', 'characters', 'encoding', 'transcoded', 'price_micros', 'callback_url',
  'callback_strategy', 'ttl_minutes', 'expires_at', 'send_at', 'created_at', 'updated_at', 'campaign_seq',
  'reminder_of', 'restrictions', 'pool_id', 'pool_strategy',
] as const satisfies ReadonlyArray<keyof MessageRow>;

// prettier-ignore
export const BULK_PART_COLUMNS = [
  'sms_id', 'message_id', 'account_id', 'part_index', 'status', 'detailed_status', 'price_micros', 'smsc_id',
  'link_id', 'attempts', 'next_attempt_at', 'updated_at', 'queue_state',
] as const;

export type BulkPart = Record<(typeof BULK_PART_COLUMNS)[number], string | number | null>;

/**
 * SQLite: an INSERT of these columns with positional parameters, run for one row object. Binding by
 * position is about a third cheaper than better-sqlite3's named binding for a row of 26 columns
 * (measured per insert: 6.3 µs against 9–10 µs). The row is read by a function made for these
 * columns, one property by name after the other: reading them through a loop over the column names
 * is a megamorphic keyed load per column (2.4 µs against 1.95 for a message row, before what such
 * loads cost once other code fills the inline caches). The column names are this code's constants.
 */
export function positionalInsert(
  sqlite: SqliteDatabase.Database,
  table: string,
  columns: readonly string[],
  conflict: '' | 'OR IGNORE ' = '',
): (row: object) => void {
  const stmt = sqlite.prepare(
    `INSERT ${conflict}INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const args = columns.map((c) => `r[${JSON.stringify(c)}] ?? null`).join(', ');
  const make = new Function('stmt', `return (r) => { stmt.run(${args}); };`) as (
    s: SqliteDatabase.Statement,
  ) => (row: object) => void;
  return make(stmt);
}

export interface BulkWriter {
  db: Queryable;
  insertMessages(rows: MessageRow[]): Promise<void>;
  insertParts(rows: BulkPart[]): Promise<void>;
  /** Many rows of one table, every row with the same columns; `ignoreConflicts` skips duplicates. */
  insertRows(
    table: BulkTable,
    rows: Array<Record<string, unknown>>,
    ignoreConflicts?: boolean,
  ): Promise<void>;
}

export type BulkTable = 'contacts' | 'group_members' | 'blacklist_entries';

export class RollbackSignal<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

/**
 * Runs `work` in one transaction. Throwing rolls everything back; throw a RollbackSignal to roll
 * back and still return a value.
 */
export async function bulkWriteTransaction<T>(store: Store, work: (w: BulkWriter) => Promise<T>): Promise<T> {
  try {
    // SQLite: the threads' shared write lock first (the engine's writer waits for it without
    // stalling its thread, instead of sleeping in SQLite's busy handler while bulk work commits).
    if (store.dialect === 'sqlite')
      return await (store.writeLock
        ? store.writeLock.run(() => sqliteTransaction(store, work))
        : sqliteTransaction(store, work));
    return await store.db.transaction().execute((trx) =>
      work({
        db: trx,
        insertMessages: (rows) => insertUnnest(trx, 'messages', MESSAGE_COLUMNS, rows),
        insertParts: (rows) => insertUnnest(trx, 'message_parts', BULK_PART_COLUMNS, rows),
        insertRows: async (table, rows, ignoreConflicts = false) => {
          for (let i = 0; i < rows.length; i += 1000) {
            const q = trx.insertInto(table).values(rows.slice(i, i + 1000) as never);
            await (ignoreConflicts ? q.onConflict((oc) => oc.doNothing()) : q).execute();
          }
        },
      }),
    );
  } catch (err) {
    if (err instanceof RollbackSignal) return err.value as T;
    throw err;
  }
}

function sqliteTransaction<T>(store: Store, work: (w: BulkWriter) => Promise<T>): Promise<T> {
  const sqlite = store.sqlite!;
  const message = positionalInsert(sqlite, 'messages', MESSAGE_COLUMNS);
  const part = positionalInsert(sqlite, 'message_parts', BULK_PART_COLUMNS);
  const inserts = new Map<string, (row: object) => void>();
  const rowInsert = (table: BulkTable, columns: string[], ignore: boolean) => {
    const key = `${table}|${ignore}|${columns.join(',')}`;
    let insert = inserts.get(key);
    if (!insert) {
      insert = positionalInsert(sqlite, table, columns, ignore ? 'OR IGNORE ' : '');
      inserts.set(key, insert);
    }
    return insert;
  };
  return store.db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const result = await work({
        db: conn,
        insertMessages: async (rows) => {
          for (const r of rows) message(r);
        },
        insertParts: async (rows) => {
          for (const r of rows) part(r);
        },
        insertRows: async (table, rows, ignoreConflicts = false) => {
          if (rows.length === 0) return;
          const insert = rowInsert(table, Object.keys(rows[0]!), ignoreConflicts);
          for (const r of rows) insert(r);
        },
      });
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn);
      throw err;
    }
  });
}
