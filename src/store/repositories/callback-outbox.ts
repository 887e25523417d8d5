/** The durable callback outbox: rows written in the same transaction as the change they report. */
import { sql } from 'kysely';
import { padForIn } from '../in-list.js';
import type { Queryable } from './queryable.js';

export interface OutboxEntry {
  accountId: string;
  kind: string;
  /** Callbacks sharing a key are delivered in order (e.g. one SMS part's statuses). */
  orderKey: string;
  url: string;
  payload: unknown;
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
 * first of a key in this list.
 */
export async function enqueueLeasedCallbacks(
  db: Queryable,
  entries: OutboxEntry[],
  now: number,
  leaseUntil: number,
  room: number,
): Promise<LeasedCallback[]> {
  const blocked = new Set<string>();
  if (room > 0) {
    const keys = [...new Set(entries.map((e) => e.orderKey))];
    for (let i = 0; i < keys.length; i += 500) {
      // `state = 'pending'` written out: the partial index callback_outbox_order is used only then.
      const { rows } = await sql<{ order_key: string }>`
        SELECT DISTINCT order_key FROM callback_outbox
         WHERE state = 'pending' AND order_key IN (${sql.join(padForIn(keys.slice(i, i + 500)))})`.execute(
        db,
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
  const out: LeasedCallback[] = [];
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    const inserted = await db
      .insertInto('callback_outbox')
      .values(
        chunk.map((e, k) => ({
          account_id: e.accountId,
          kind: e.kind,
          order_key: e.orderKey,
          url: e.url,
          payload: payloads[i + k]!,
          next_attempt_at: leased[i + k] ? leaseUntil : now,
          last_error: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    // Ids are given in the order of the rows of one INSERT.
    const ids = inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
    ids.forEach((id, k) => {
      if (leased[i + k]) out.push({ id, index: i + k, payload: payloads[i + k]!, leaseUntil });
    });
  }
  return out;
}

/** Marks callbacks as delivered (answered 200), counting that last delivery. */
export async function markCallbacksDelivered(db: Queryable, ids: number[], now: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('callback_outbox')
      .set((eb) => ({
        state: 'delivered',
        attempts: eb('attempts', '+', 1),
        updated_at: now,
        last_error: null,
      }))
      .where('id', 'in', padForIn(ids.slice(i, i + 500)))
      .execute();
  }
}
