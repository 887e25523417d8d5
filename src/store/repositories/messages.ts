import { sql } from 'kysely';
import type { MessagePartRow, MessageRow } from '../schema.js';
import type { Queryable } from './queryable.js';

export interface MessageWithParts {
  message: MessageRow;
  parts: MessagePartRow[];
}

/** A message of this account with its parts in order; undefined for another account's message. */
export async function findMessageWithParts(
  db: Queryable,
  accountId: string,
  messageId: string,
): Promise<MessageWithParts | undefined> {
  const message = await db
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message) return undefined;
  const parts = await db
    .selectFrom('message_parts')
    .selectAll()
    .where('message_id', '=', messageId)
    .orderBy('part_index')
    .execute();
  return { message, parts };
}

export async function countMessages(db: Queryable, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Whether any part of the campaign's own messages (not its reminders) has been handed to the queue. */
export async function anyCampaignPartReleased(
  db: Queryable,
  accountId: string,
  campaignId: string,
): Promise<boolean> {
  const released = await db
    .selectFrom('message_parts as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .select('p.id')
    .where('m.account_id', '=', accountId)
    .where('m.campaign_id', '=', campaignId)
    .where('p.queue_state', '!=', 'scheduled')
    .limit(1)
    .executeTakeFirst();
  return released !== undefined;
}

/**
 * Deletes a campaign's messages and reminders with their parts, except the reminders already handed
 * to the queue (they go out and stay paid for); returns what those kept reminders cost.
 */
export async function deleteScheduledCampaignMessages(
  db: Queryable,
  accountId: string,
  campaignId: string,
): Promise<number> {
  const keptReminders = await db
    .selectFrom('messages as m')
    .select(['m.id', 'm.price_micros'])
    .where('m.account_id', '=', accountId)
    .where('m.reminder_of', '=', campaignId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('message_parts as p')
          .select('p.id')
          .whereRef('p.message_id', '=', 'm.id')
          .where('p.queue_state', '!=', 'scheduled'),
      ),
    )
    .execute();
  const kept = keptReminders.map((r) => r.id);
  const keep = kept.length > 0 ? sql` AND id NOT IN (${sql.join(kept)})` : sql``;
  const owned = sql`(campaign_id = ${campaignId} OR reminder_of = ${campaignId})${keep}`;
  await sql`DELETE FROM message_parts WHERE message_id IN (SELECT id FROM messages WHERE ${owned})`.execute(
    db,
  );
  await sql`DELETE FROM messages WHERE ${owned}`.execute(db);
  return keptReminders.reduce((sum, r) => sum + r.price_micros, 0);
}

/** How many parts a campaign's messages take in all. */
export async function campaignPartCount(
  db: Queryable,
  accountId: string,
  campaignId: string,
): Promise<number> {
  const r = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.sum<number>('parts').as('n'))
    .where('account_id', '=', accountId)
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
