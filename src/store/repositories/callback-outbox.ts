/** The durable callback outbox: rows written in the same transaction as the change they report. */
import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import { deleteByIdsRaw, type RawSql } from '../raw-sql.js';
import type { Queryable } from './queryable.js';
import { PREPARED } from '../pg-prepared.js';

export interface OutboxEntry {
  accountId: string;
  kind: string;
  /** Callbacks sharing a key are delivered in order (e.g. one SMS part's statuses). */
  orderKey: string;
  url: string;
  payload: unknown;
  /**
   * The only callback its order key will ever have (a part's one final status, reported on
   * completion): nothing to deliver before it, so no look for earlier ones.
   */
  only?: boolean;
  /** The SMS part it reports (Routee callbacks): a callback batch names its callbacks by part. */
  partId?: number;
}

export async function enqueueCallbacks(db: Queryable, entries: OutboxEntry[], now: number): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await db
      .insertInto('callback_outbox')
      .values(
        entries.slice(i, i + 500).map((e) => ({
          account_id: e.accountId,
          kind: e.kind,
          order_key: e.orderKey,
          url: e.url,
          payload: JSON.stringify(e.payload),
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
}

/** A callback written by `enqueueLeasedCallbacks` and leased to the writer's own sender. */
export interface LeasedCallback {
  id: number;
  /** Index of the entry in the list given. */
  index: number;
  /** The payload as written (JSON). */
  payload: string;
  leaseUntil: number;
}

/**
 * Writes callbacks and leases up to `room` of them to this node's sender at once, so that it delivers
 * them from memory without claiming them (a claim is two statements per round). The others are due
 * now, for the sender's poller. A callback whose order key already has a pending one stays with the
 * poller too, which delivers a key's callbacks one after the other; so does every callback after the
 * first of a key in this list. Callbacks marked `only` are not looked up (one less read per flush
 * when every callback reports a completion).
 */
export async function enqueueLeasedCallbacks(
  raw: RawSql,
  db: Queryable,
  entries: OutboxEntry[],
  now: number,
  leaseUntil: number,
  room: number,
): Promise<LeasedCallback[]> {
  const blocked = new Set<string>();
  if (room > 0) {
    const keys = [...new Set(entries.filter((e) => !e.only).map((e) => e.orderKey))];
    for (let i = 0; i < keys.length; i += 500) {
      const list = raw.in('order_key', keys.slice(i, i + 500));
      // `state = 'pending'` written out: the partial index callback_outbox_order is used only then.
      const rows = await raw.all<{ order_key: string }>(
        db,
        `${PREPARED}SELECT DISTINCT order_key FROM callback_outbox WHERE state = 'pending' AND ${list.sql}`,
        list.params,
      );
      for (const r of rows) blocked.add(r.order_key);
    }
  }
  const leased: boolean[] = entries.map((e) => {
    const take = room > 0 && !blocked.has(e.orderKey);
    blocked.add(e.orderKey);
    if (take) room--;
    return take;
  });
  const payloads = entries.map((e) => JSON.stringify(e.payload));
  const row = (k: number): unknown[] =>
    outboxRowValues(entries[k]!, payloads[k]!, leased[k] ? leaseUntil : now, now);
  const ids: number[] = [];
  // SQLite: multi-row inserts of power-of-two sizes (37 rows: 32 + 4 + 1), so that a few statement
  // texts recur and stay prepared. PostgreSQL: one prepared statement over arrays per 500 rows.
  for (let i = 0; i < entries.length;) {
    let n = Math.min(500, entries.length - i);
    if (raw.dialect === 'sqlite') for (n = 256; n > entries.length - i;) n /= 2;
    const rows = Array.from({ length: n }, (_, k) => row(i + k));
    const inserted =
      raw.dialect === 'postgres'
        ? await raw.all<{ id: number }>(
            db,
            PG_OUTBOX_INSERT,
            [0, 1, 2, 3, 4, 5].map((c) => rows.map((r) => r[c])).concat([now]),
          )
        : await raw.all<{ id: number }>(
            db,
            `INSERT INTO callback_outbox (${OUTBOX_INSERT_COLUMNS})
             VALUES ${Array.from({ length: n }, () => OUTBOX_INSERT_ROW).join(', ')} RETURNING id`,
            rows.flat(),
          );
    // Ids are given in the order of the rows of one INSERT.
    ids.push(...inserted.map((r) => Number(r.id)).sort((a, b) => a - b));
    i += n;
  }
  const out: LeasedCallback[] = [];
  ids.forEach((id, k) => {
    if (leased[k]) out.push({ id, index: k, payload: payloads[k]!, leaseUntil });
  });
  return out;
}

const OUTBOX_INSERT_COLUMNS =
  'account_id, kind, order_key, url, payload, next_attempt_at, last_error, created_at, updated_at';
const OUTBOX_INSERT_ROW = '(?, ?, ?, ?, ?, ?, NULL, ?, ?)';

/** SQLite: one outbox row (values from `outboxRowValues`), for writers that run synchronously. */
export const SQLITE_OUTBOX_INSERT_ONE = `INSERT INTO callback_outbox (${OUTBOX_INSERT_COLUMNS}) VALUES ${OUTBOX_INSERT_ROW}`;

/** The values of one outbox row, in the order of OUTBOX_INSERT_ROW's placeholders. */
export function outboxRowValues(
  e: OutboxEntry,
  payload: string,
  nextAttemptAt: number,
  now: number,
): unknown[] {
  return [e.accountId, e.kind, e.orderKey, e.url, payload, nextAttemptAt, now, now];
}

/** PostgreSQL: the rows as one array per column ($1–$6), the time ($7); rows are inserted in order. */
const PG_OUTBOX_INSERT = `${PREPARED}INSERT INTO callback_outbox (${OUTBOX_INSERT_COLUMNS})
  SELECT r.a, r.k, r.o, r.u, r.p, r.n, NULL, $7, $7
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS r(a, k, o, u, p, n)
  RETURNING id`;

/**
 * Forgets delivered callbacks (answered 200): the outbox keeps what is still owed and what was given
 * up on, not a row per callback ever sent (it would grow by one payload per message for ever). A
 * delete is also the cheaper write: PostgreSQL logs one record and adds no index entry, where an
 * update of `state` (a partial index's condition) wrote a new tuple. Inside a transaction, without
 * the query builder (the state writer's flush).
 */
export function deleteDeliveredCallbacksRaw(raw: RawSql, db: Queryable, ids: number[]): Promise<void> {
  return deleteByIdsRaw(raw, db, 'callback_outbox', ids);
}

/**
 * A callback of a batch that the sender moves to the outbox as a row of its own (it failed, or would
 * outlive its batch's lease), with its attempts so far; `failed` when it is given up.
 */
export async function insertMovedCallback(
  db: Queryable,
  c: {
    accountId: string;
    kind: string;
    orderKey: string;
    url: string;
    payload: string;
    failed: boolean;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: number;
  },
  now: number,
): Promise<void> {
  await db
    .insertInto('callback_outbox')
    .values({
      account_id: c.accountId,
      kind: c.kind,
      order_key: c.orderKey,
      url: c.url,
      payload: c.payload,
      state: c.failed ? 'failed' : 'pending',
      attempts: c.attempts,
      last_error: c.lastError,
      next_attempt_at: c.nextAttemptAt,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Whether any callback is due now (a read: the claim is a write and mostly finds nothing). */
export async function anyCallbackDue(db: Queryable, now: number): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    ${sql.raw(PREPARED)}SELECT 1 AS one FROM callback_outbox WHERE state = 'pending' AND next_attempt_at <= ${now} LIMIT 1`.execute(
    db,
  );
  return rows.length > 0;
}

/** A callback claimed for delivery, with the key that signs it. */
export interface ClaimedCallback {
  id: number;
  accountId: string;
  url: string;
  payload: string;
  signingKey: string;
  attempts: number;
}

/**
 * Claims up to `limit` due callbacks until `leaseUntil`, oldest first, and only the first pending one
 * of each order key (a key's callbacks go one after the other). On PostgreSQL the nodes skip the
 * rows another node is claiming.
 */
export async function claimDueCallbacks(
  db: Queryable,
  dialect: Dialect,
  now: number,
  leaseUntil: number,
  limit: number,
): Promise<ClaimedCallback[]> {
  const lock = dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const claimed = await sql<{ id: number }>`
    UPDATE callback_outbox SET next_attempt_at = ${leaseUntil}, updated_at = ${now}
     WHERE id IN (SELECT o.id FROM callback_outbox o
                   WHERE o.state = 'pending' AND o.next_attempt_at <= ${now}
                     AND NOT EXISTS (SELECT 1 FROM callback_outbox e
                                      WHERE e.order_key = o.order_key AND e.state = 'pending' AND e.id < o.id)
                   ORDER BY o.next_attempt_at, o.id LIMIT ${limit} ${lock})
    RETURNING id`.execute(db);
  if (claimed.rows.length === 0) return [];
  const rows = await db
    .selectFrom('callback_outbox as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .select([
      'o.id',
      'o.account_id',
      'o.url',
      'o.payload',
      'o.attempts',
      'a.client_secret_hash as signing_key',
    ])
    .where(
      'o.id',
      'in',
      claimed.rows.map((r) => Number(r.id)),
    )
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: r.account_id,
    url: r.url,
    payload: r.payload,
    signingKey: r.signing_key,
    attempts: r.attempts,
  }));
}

/** A delivery that failed: tried again at `nextAttemptAt`, or given up (`failed`). */
export async function recordFailedDelivery(
  db: Queryable,
  id: number,
  f: { failed: boolean; attempts: number; error: string; nextAttemptAt: number },
  now: number,
): Promise<void> {
  await db
    .updateTable('callback_outbox')
    .set({
      state: f.failed ? 'failed' : 'pending',
      attempts: f.attempts,
      last_error: f.error,
      next_attempt_at: f.nextAttemptAt,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}
