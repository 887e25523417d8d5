/**
 * The scheduler's statements on parts that wait for their send time (scheduled campaigns, quiet
 * hours, reminders): the due ones whose recipient opted out meanwhile, and the release of the others
 * to the queue. The state is written out as the partial index message_parts_scheduled says it (a
 * parameter hides the index from SQLite).
 */
import { sql } from 'kysely';
import type { Queryable } from './repositories/queryable.js';

/**
 * Due scheduled parts whose recipient opted out of SMS (STOP, a blacklist) since the message was
 * accepted, at most 5,000 at a time.
 */
export async function optedOutDueParts(db: Queryable, now: number): Promise<number[]> {
  const rows = await db
    .selectFrom('message_parts as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .select('p.id')
    .where(sql<boolean>`p.queue_state = 'scheduled'`)
    .where('p.next_attempt_at', '<=', now)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('contacts as c')
          .innerJoin('blacklist_entries as b', (j) =>
            j.onRef('b.contact_id', '=', 'c.id').onRef('b.account_id', '=', 'c.account_id'),
          )
          .select(sql.lit(1).as('one'))
          .whereRef('c.account_id', '=', 'm.account_id')
          .whereRef('c.mobile', '=', 'm.recipient')
          .where('b.service', '=', 'Sms'),
      ),
    )
    .limit(5_000)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Moves due scheduled parts to the queue; returns how many. */
export async function releaseScheduledParts(db: Queryable, now: number): Promise<number> {
  const r = await db
    .updateTable('message_parts')
    .set({ queue_state: 'ready' })
    .where(sql<boolean>`queue_state = 'scheduled'`)
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
