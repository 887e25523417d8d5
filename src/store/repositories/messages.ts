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
