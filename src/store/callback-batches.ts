/**
 * The statements of callback batches (src/engine/callbacks/callback-batches.ts says why they exist): one row per
 * flush naming its parts, deleted once its callbacks are answered, or taken by any node when its lease
 * ran out (deleted in the same transaction as the outbox rows that replace it).
 */
import { sql } from 'kysely';
import type { Dialect } from './dialect.js';
import { type ChangeFacts, FACT_COLUMNS, FACT_TABLES } from './part-facts.js';
import { PREPARED } from './pg-prepared.js';
import { deleteByIdsRaw, type RawSql } from './raw-sql.js';
import type { Queryable } from './repositories/queryable.js';

/** Writes a batch (inside the flush's transaction); resolves with its id. */
export async function insertCallbackBatch(
  raw: RawSql,
  db: Queryable,
  partIds: readonly number[],
  at: number,
  leaseUntil: number,
): Promise<number> {
  const rows = await raw.all<{ id: number }>(
    db,
    `${PREPARED}INSERT INTO callback_batches (lease_until, at, part_ids) VALUES (?, ?, ?) RETURNING id`,
    [leaseUntil, at, partIds.join(',')],
  );
  return Number(rows[0]!.id);
}

/** Deletes batches whose callbacks are all answered or moved to the outbox (inside a flush). */
export function deleteCallbackBatches(raw: RawSql, db: Queryable, ids: readonly number[]): Promise<void> {
  return deleteByIdsRaw(raw, db, 'callback_batches', ids);
}

/** Whether any batch's lease ran out by `now`. */
export async function anyExpiredCallbackBatch(db: Queryable, now: number): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`
    SELECT id FROM callback_batches WHERE lease_until <= ${now} LIMIT 1`.execute(db);
  return rows.length > 0;
}

/**
 * Takes (deletes) up to `limit` batches whose lease ran out, in the caller's transaction; answers the
 * time each of their parts' callbacks reports. On PostgreSQL a batch another node is taking is skipped.
 */
export async function takeExpiredCallbackBatches(
  db: Queryable,
  dialect: Dialect,
  now: number,
  limit: number,
): Promise<Map<number, number>> {
  const lock = dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const { rows: taken } = await sql<{ id: number; at: number | string; part_ids: string }>`
    DELETE FROM callback_batches
     WHERE id IN (SELECT id FROM callback_batches WHERE lease_until <= ${now} ORDER BY id LIMIT ${limit} ${lock})
    RETURNING id, at, part_ids`.execute(db);
  const atOfPart = new Map<number, number>();
  for (const b of taken)
    for (const id of b.part_ids.split(',')) if (id !== '') atOfPart.set(Number(id), Number(b.at));
  return atOfPart;
}

/** The callback facts of parts with their current status, 500 ids a statement. */
export async function partFactsWithStatus(
  db: Queryable,
  ids: readonly number[],
): Promise<Array<ChangeFacts & { status: string; detailed_status: string | null }>> {
  const out: Array<ChangeFacts & { status: string; detailed_status: string | null }> = [];
  for (let i = 0; i < ids.length; i += 500) {
    const { rows } = await sql<ChangeFacts & { status: string; detailed_status: string | null }>`
      SELECT ${sql.raw(FACT_COLUMNS)}, p.status, p.detailed_status ${sql.raw(FACT_TABLES)}
       WHERE p.id IN (${sql.join(ids.slice(i, i + 500))})`.execute(db);
    out.push(...rows);
  }
  return out;
}
