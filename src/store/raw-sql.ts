/**
 * Hot statements without the query builder. The state writer runs a handful of statements for every
 * flush; building and compiling them through Kysely cost about as much as SQLite took to run them.
 * Here a statement is SQL written once with `?` placeholders: on SQLite it runs on the store's cached
 * prepared statement, synchronously (inside the caller's transaction, which holds the one
 * connection); on PostgreSQL the placeholders become $1, $2… and it runs on the given transaction.
 */
import { CompiledQuery } from 'kysely';
import type { Store } from './database.js';
import type { Dialect } from './dialect.js';
import { padForIn } from './in-list.js';
import { PREPARED } from './pg-prepared.js';
import type { Queryable } from './repositories/queryable.js';

export interface RawSql {
  readonly dialect: Dialect;
  /** The rows of a query (or of a write with RETURNING). */
  all<R>(db: Queryable, text: string, params: readonly unknown[]): Promise<R[]>;
  /** Runs a write; resolves with the number of rows it changed. */
  run(db: Queryable, text: string, params: readonly unknown[]): Promise<number>;
  /**
   * `column IN (…)` over a list. SQLite: one placeholder per value, the list padded to a power of two
   * so that a few statement texts recur and stay prepared. PostgreSQL: `column = ANY(?)` with the
   * list as one array parameter — one text whatever the length, and no long list for the server to
   * parse.
   */
  in(column: string, values: readonly unknown[]): { sql: string; params: unknown[] };
}

/** `?, ?, …` for an IN list or a VALUES row of n values. */
export function placeholders(n: number): string {
  return n <= 0 ? '' : '?' + ', ?'.repeat(n - 1);
}

/** Deletes rows of `table` by id, 500 ids per statement (on PostgreSQL a named prepared statement). */
export async function deleteByIdsRaw(
  raw: RawSql,
  db: Queryable,
  table: string,
  ids: readonly number[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const list = raw.in('id', ids.slice(i, i + 500));
    await raw.run(db, `${PREPARED}DELETE FROM ${table} WHERE ${list.sql}`, list.params);
  }
}

export function rawSql(store: Store): RawSql {
  const prepare = store.prepare;
  if (store.dialect === 'sqlite' && prepare) {
    return {
      dialect: 'sqlite',
      all: <R>(_db: Queryable, text: string, params: readonly unknown[]) =>
        Promise.resolve(prepare(text).all(...params) as R[]),
      run: (_db: Queryable, text: string, params: readonly unknown[]) =>
        Promise.resolve(prepare(text).run(...params).changes),
      in: (column: string, values: readonly unknown[]) => {
        const padded = padForIn(values);
        return { sql: `${column} IN (${placeholders(padded.length)})`, params: padded };
      },
    };
  }
  const numbered = new Map<string, string>();
  const toPg = (text: string): string => {
    let out = numbered.get(text);
    if (out === undefined) {
      let n = 0;
      out = text.replace(/\?/g, () => `$${++n}`);
      if (numbered.size >= 500) numbered.delete(numbered.keys().next().value as string);
      numbered.set(text, out);
    }
    return out;
  };
  return {
    dialect: store.dialect,
    all: async <R>(db: Queryable, text: string, params: readonly unknown[]) =>
      (await db.executeQuery<R>(CompiledQuery.raw(toPg(text), [...params]))).rows,
    run: async (db: Queryable, text: string, params: readonly unknown[]) =>
      Number((await db.executeQuery(CompiledQuery.raw(toPg(text), [...params]))).numAffectedRows ?? 0),
    in: (column: string, values: readonly unknown[]) => ({
      sql: `${column} = ANY(?)`,
      params: [[...values]],
    }),
  };
}
