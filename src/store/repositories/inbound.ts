/**
 * Mobile-originated messages: the outbound message one answers (found by numbers across accounts:
 * whose it is is what the lookup decides), and the stored inbound message.
 */
import type { InboundMessagesTable } from '../schema.js';
import type { Queryable } from './queryable.js';

/** The latest message sent from `sender` to `recipient` (the one a reply answers), any account's. */
export function latestMessageBetween(
  db: Queryable,
  recipient: string,
  sender: string,
): Promise<{ id: string; account_id: string; campaign_id: string | null } | undefined> {
  return db
    .selectFrom('messages')
    .select(['id', 'account_id', 'campaign_id'])
    .where('recipient', '=', recipient)
    .where('sender', '=', sender)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertInboundMessage(db: Queryable, row: InboundMessagesTable): Promise<void> {
  await db.insertInto('inbound_messages').values(row).execute();
}
