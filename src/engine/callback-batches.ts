/**
 * Callback batches: the callbacks of one flush that the node's own sender delivers from memory,
 * written as one row instead of one outbox row each.
 *
 * A flush that reports final statuses on completion (each part's only callback) writes, in its
 * transaction, one `callback_batches` row: the parts, the time the callbacks report and a lease. The
 * sender delivers them from memory; a callback that fails (or would outlive the lease) is written to
 * the outbox as a row of its own, with its attempt counted, and retried from there. Once every
 * callback of a batch was answered 200 or moved to the outbox, a later flush deletes the row.
 *
 * If the node dies first, the lease runs out and any node's sender turns the row back into outbox
 * rows, due at once, each callback built again from the database exactly as the flush built it (the
 * same facts, the part's final status, the batch's time): at least once, as before — a callback
 * answered before the crash may be delivered again.
 *
 * Why: an outbox row written and deleted per callback was a tenth of the gateway's CPU per message in
 * the PostgreSQL dispatch benchmark (two index entries and a payload per row, then a delete).
 */
import { sql } from 'kysely';
import type { Store } from '../store/database.js';
import { PREPARED } from '../store/pg-prepared.js';
import { deleteByIdsRaw, type RawSql } from '../store/raw-sql.js';
import { enqueueCallbacks, type OutboxEntry } from '../store/repositories/callback-outbox.js';
import type { Queryable } from '../store/repositories/queryable.js';
import type { CallbackRenderers } from '../domain/callback-events.js';
import { type ChangeFacts, FACT_COLUMNS, FACT_TABLES, smsCallbackEntry } from './part-facts.js';

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

/**
 * Turns batches whose lease ran out into outbox rows, due now; resolves with the number of
 * callbacks written. Each batch is taken by one node (deleted in the same transaction).
 */
export async function expandExpiredCallbackBatches(
  store: Store,
  renderers: Pick<CallbackRenderers, 'partStatus'>,
  now: number,
  limit = 20,
): Promise<number> {
  const { rows: due } = await sql<{ id: number }>`
    SELECT id FROM callback_batches WHERE lease_until <= ${now} LIMIT 1`.execute(store.db);
  if (due.length === 0) return 0;
  return store.db.transaction().execute(async (trx) => {
    const lock = store.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const { rows: taken } = await sql<{ id: number; at: number | string; part_ids: string }>`
      DELETE FROM callback_batches
       WHERE id IN (SELECT id FROM callback_batches WHERE lease_until <= ${now} ORDER BY id LIMIT ${limit} ${lock})
      RETURNING id, at, part_ids`.execute(trx);
    const atOfPart = new Map<number, number>();
    for (const b of taken)
      for (const id of b.part_ids.split(',')) if (id !== '') atOfPart.set(Number(id), Number(b.at));
    if (atOfPart.size === 0) return 0;
    const entries: OutboxEntry[] = [];
    const ids = [...atOfPart.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const { rows } = await sql<ChangeFacts & { status: string; detailed_status: string | null }>`
        SELECT ${sql.raw(FACT_COLUMNS)}, p.status, p.detailed_status ${sql.raw(FACT_TABLES)}
         WHERE p.id IN (${sql.join(ids.slice(i, i + 500))})`.execute(trx);
      for (const f of rows) {
        if (f.callback_url === null) continue;
        const at = atOfPart.get(Number(f.id))!;
        entries.push(smsCallbackEntry(renderers, f, f.callback_url, f.status, f.detailed_status, at));
      }
    }
    await enqueueCallbacks(trx, entries, now);
    return entries.length;
  });
}
