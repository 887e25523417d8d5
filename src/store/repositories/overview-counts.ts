/**
 * The few counts the console's overview shows for an account: messages accepted per minute over a
 * recent window, parts waiting to be sent, callbacks that are failing. Each reads an index (messages
 * by account and time, the parts due, the outbox's pending and failed rows), never a whole table.
 */
import { sql } from 'kysely';
import type { Queryable } from './queryable.js';

/** Messages accepted per minute since `since` (epoch minute → count), minutes without any left out. */
export async function messagesPerMinute(
  db: Queryable,
  accountId: string,
  since: number,
): Promise<Array<{ minute: number; messages: number }>> {
  const minute = sql<number>`created_at / 60000`;
  const rows = await db
    .selectFrom('messages')
    .select([minute.as('minute'), (eb) => eb.fn.countAll<number>().as('messages')])
    .where('account_id', '=', accountId)
    .where('created_at', '>=', since)
    .groupBy(minute)
    .orderBy(minute)
    .execute();
  return rows.map((r) => ({ minute: Number(r.minute), messages: Number(r.messages) }));
}

/** The account's parts waiting to be sent or in flight. */
export async function partsWaiting(
  db: Queryable,
  accountId: string,
): Promise<{ ready: number; inflight: number }> {
  const rows = await db
    .selectFrom('message_parts')
    .select(['queue_state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('queue_state', 'in', ['ready', 'inflight'])
    .where('account_id', '=', accountId)
    .groupBy('queue_state')
    .execute();
  const of = (state: string) => Number(rows.find((r) => r.queue_state === state)?.n ?? 0);
  return { ready: of('ready'), inflight: of('inflight') };
}

/** Callbacks being retried after a failed attempt, and those given up on. */
export async function failingCallbacks(
  db: Queryable,
  accountId: string,
): Promise<{ retrying: number; failed: number }> {
  const rows = await db
    .selectFrom('callback_outbox')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where((eb) =>
      eb.or([eb('state', '=', 'failed'), eb.and([eb('state', '=', 'pending'), eb('attempts', '>', 0)])]),
    )
    .groupBy('state')
    .execute();
  const of = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
  return { retrying: of('pending'), failed: of('failed') };
}
