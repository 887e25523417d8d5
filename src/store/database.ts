/**
 * Opens the store: SQLite (better-sqlite3, WAL) when no PostgreSQL URL is given, PostgreSQL otherwise.
 * One Kysely instance serves both; `dialect` tells the few places that write dialect-specific SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Dialect } from './dialect.js';
import { prepareMarkedStatements } from './pg-prepared.js';
import type { Database } from './schema.js';
import { WriteLock } from './write-lock.js';

// bigint columns hold epoch milliseconds and micro-units: they fit a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export interface StoreOptions {
  /** postgres://… ; SQLite when absent. */
  databaseUrl?: string | undefined;
  /** SQLite file; ':memory:' for a throw-away store. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (created when missing); tests use one schema each. */
  pgSchema?: string;
  /** SQLite: how long a writer waits for another connection's write transaction (ms). */
  sqliteBusyTimeoutMs?: number;
  /** SQLite synchronous pragma: NORMAL survives process crashes (WAL), FULL survives power loss too. */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  pgPoolSize?: number;
  /**
   * SQLite checkpoints: 'auto' lets every commit past 1000 WAL pages copy the log back (SQLite's
   * default); 'background' turns that off for this connection and starts a checkpointer thread owned
   * by this store; 'none' turns it off, another store of the process owning the checkpointer.
   */
  sqliteCheckpoints?: 'auto' | 'background' | 'none';
  /**
   * SQLite with background checkpoints: log frames (pages) past which the checkpointer restarts the
   * log (see checkpoint-worker); default 8192 (32 MiB of 4 KiB pages). Infinity: passive only.
   */
  sqliteWalRestartFrames?: number;
  /** The write lock of the store this one shares its file with (another thread of the process). */
  sqliteWriteLock?: SharedArrayBuffer;
  /**
   * SQLite: a file made before incremental auto-vacuum (which retention needs to give freed pages
   * back) is rebuilt once with VACUUM when this store opens it (the server's main store does).
   */
  sqliteConvertToIncrementalVacuum?: boolean;
}

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle (SQLite only), for bulk paths that bypass the query builder. */
  sqlite?: SqliteDatabase.Database;
  /** SQLite: the prepared statement for a SQL text, from the cache Kysely's queries use too. */
  prepare?: (sql: string) => SqliteDatabase.Statement;
  /** SQLite: the lock the hot writers of this process's threads take around their transactions. */
  writeLock?: WriteLock;
  /** The raw pg pool (PostgreSQL only), for COPY and advisory locks. */
  pgPool?: pg.Pool;
  /** PostgreSQL: the URL and schema this store was opened with (other connections need them). */
  pgUrl?: string;
  pgSchema?: string;
  close(): Promise<void>;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openSqlite(options.sqliteFile ?? ':memory:', options);
}

function openSqlite(file: string, options: StoreOptions): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // Incremental auto-vacuum (retention gives freed pages back a little at a time): set before
  // anything is written to a new file; an older file is rebuilt once to take it.
  if (file !== ':memory:' && sqlite.pragma('auto_vacuum', { simple: true }) !== 2) {
    sqlite.pragma('auto_vacuum = INCREMENTAL');
    if (options.sqliteConvertToIncrementalVacuum && sqlite.pragma('page_count', { simple: true }) !== 0)
      sqlite.exec('VACUUM');
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
  sqlite.pragma(`busy_timeout = ${options.sqliteBusyTimeoutMs ?? 30_000}`);
  sqlite.pragma('foreign_keys = ON');
  const checkpoints = file === ':memory:' ? 'auto' : (options.sqliteCheckpoints ?? 'auto');
  if (checkpoints !== 'auto') sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer =
    checkpoints === 'background'
      ? startCheckpointer(path.resolve(file), 100, options.sqliteWalRestartFrames ?? 8192)
      : undefined;
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    prepare: (text) => statements.prepare(text),
    writeLock: new WriteLock(options.sqliteWriteLock),
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** The checkpointer thread (see checkpoint-worker). */
function startCheckpointer(file: string, everyMs: number, restartFrames: number): { stop(): Promise<void> } {
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
    workerData: { file, everyMs, restartFrames },
  });
  worker.unref();
  // Without it the log is still checkpointed when the last connection closes; never fatal.
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: async () => {
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Kysely prepares every query afresh; better-sqlite3 statements are reusable, and preparing costs more
 * than running a small query. Cache prepared statements by SQL text (bounded).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      // Write transactions take the write lock up front: with two connections (the engine in a worker
      // thread), a deferred transaction that read first could not upgrade (SQLITE_BUSY_SNAPSHOT).
      const sql = text === 'begin' ? 'begin immediate' : text;
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      if (process.env.HERALD_SQL_PROFILE) return timed(sql, stmt);
      return stmt;
    },
  };
}

const sqlTimes = new Map<string, { n: number; ms: number }>();
function timed(sqlText: string, stmt: SqliteDatabase.Statement): SqliteDatabase.Statement {
  const key = sqlText.replace(/\s+/g, ' ').slice(0, 160);
  const wrap =
    (fn: (...a: unknown[]) => unknown) =>
    (...a: unknown[]) => {
      const t = performance.now();
      try {
        return fn.apply(stmt, a);
      } finally {
        const e = sqlTimes.get(key) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t;
        sqlTimes.set(key, e);
      }
    };
  return new Proxy(stmt, {
    get(target, prop) {
      const v = Reflect.get(target, prop) as unknown;
      if (prop === 'all' || prop === 'run' || prop === 'get' || prop === 'iterate')
        return wrap(v as (...a: unknown[]) => unknown);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
if (process.env.HERALD_SQL_PROFILE) {
  process.on('exit', () => {
    const rows = [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
    // One file per thread: the engine's worker thread writes `<file>.worker`.
    fs.writeFileSync(
      `${process.env.HERALD_SQL_PROFILE!}${isMainThread ? '' : '.worker'}`,
      rows.map(([k, v]) => `${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(7)}x  ${k}`).join('\n'),
    );
  });
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  prepareMarkedStatements(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    pgPool: pool,
    pgUrl: url,
    ...(schema ? { pgSchema: schema } : {}),
    close: async () => {
      await db.destroy();
    },
  };
}
