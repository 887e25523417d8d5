/**
 * Mobile-originated messages: the outbound message one answers (found by numbers across accounts:
 * whose it is is what the lookup decides), and the stored inbound messages, found and searched by
 * their account (tracking shows them with direction Inbound).
 */
import { sql } from 'kysely';
import type { InboundMessagesTable } from '../schema.js';
import { type FieldFilter, isFieldOf, textFilter } from './text-filter.js';
import type { Queryable } from './queryable.js';

/**
 * The latest message sent from `sender` to `recipient` (the one a reply answers), any account's; or,
 * with `poolId`, the pool's (its messages are indexed by pool and recipient).
 */
export function latestMessageBetween(
  db: Queryable,
  recipient: string,
  sender: string,
  poolId?: string,
): Promise<{ id: string; account_id: string; campaign_id: string | null } | undefined> {
  let q = db
    .selectFrom('messages')
    .select(['id', 'account_id', 'campaign_id'])
    .where('recipient', '=', recipient)
    .where('sender', '=', sender);
  if (poolId !== undefined) q = q.where('pool_id', '=', poolId);
  return q.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function insertInboundMessage(db: Queryable, row: InboundMessagesTable): Promise<void> {
  await db.insertInto('inbound_messages').values(row).execute();
}

export type InboundRow = InboundMessagesTable;

/** The account's inbound message with this id. */
export function findInboundOfAccount(
  db: Queryable,
  accountId: string,
  id: string,
): Promise<InboundRow | undefined> {
  return db
    .selectFrom('inbound_messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The fields an inbound search can filter on, and their columns. */
const INBOUND_SEARCH_COLUMNS = {
  id: 'id',
  messageid: 'id',
  smsid: 'id',
  to: 'recipient',
  from: 'sender',
} as const;

export type InboundSearchField = keyof typeof INBOUND_SEARCH_COLUMNS;

export function isInboundSearchField(field: string): field is InboundSearchField {
  return isFieldOf(INBOUND_SEARCH_COLUMNS, field);
}

export type InboundFilter = FieldFilter<InboundSearchField>;

/** The account's inbound messages received in a range, filtered, newest first, one page. */
export async function searchInbound(
  db: Queryable,
  accountId: string,
  q: {
    dateStart: number;
    dateEnd: number;
    filters: readonly InboundFilter[];
    matchNothing: boolean;
    page: { page: number; size: number };
  },
): Promise<{ rows: InboundRow[]; total: number }> {
  let base = db
    .selectFrom('inbound_messages')
    .where('account_id', '=', accountId)
    .where('received_at', '>=', q.dateStart)
    .where('received_at', '<=', q.dateEnd);
  if (q.matchNothing) base = base.where(sql<boolean>`1 = 0`);
  for (const f of q.filters) base = base.where(textFilter(INBOUND_SEARCH_COLUMNS[f.field], f.op, f.term));
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll()
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(q.page.size)
    .offset(q.page.page * q.page.size)
    .execute();
  return { rows, total: Number(count?.n ?? 0) };
}
