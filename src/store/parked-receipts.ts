/**
 * Receipts that matched no part yet (most came before their submit response was stored): parked,
 * read back when due, tried again later or forgotten. The state writer decides which; these are its
 * statements on the parked_receipts table.
 */
import type { Selectable } from 'kysely';
import type { Queryable } from './repositories/queryable.js';
import type { ParkedReceiptsTable } from './schema.js';

export type ParkedReceipt = Selectable<ParkedReceiptsTable>;

export async function parkReceipt(
  db: Queryable,
  r: { linkId: string; smscId: string; stat: string; err: string; receivedAt: number; nextAttemptAt: number },
): Promise<void> {
  await db
    .insertInto('parked_receipts')
    .values({
      link_id: r.linkId,
      smsc_id: r.smscId,
      stat: r.stat,
      err: r.err,
      received_at: r.receivedAt,
      next_attempt_at: r.nextAttemptAt,
    })
    .execute();
}

/** Parked receipts due for another try, oldest first. */
export function dueParkedReceipts(db: Queryable, now: number, limit: number): Promise<ParkedReceipt[]> {
  return db
    .selectFrom('parked_receipts')
    .selectAll()
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A parked receipt that matched, or that is given up. */
export async function forgetParkedReceipt(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('parked_receipts').where('id', '=', id).execute();
}

/** A parked receipt to be tried again later. */
export async function retryParkedReceipt(
  db: Queryable,
  id: number,
  next: { attempts: number; nextAttemptAt: number },
): Promise<void> {
  await db
    .updateTable('parked_receipts')
    .set({ attempts: next.attempts, next_attempt_at: next.nextAttemptAt })
    .where('id', '=', id)
    .execute();
}
