import { sql } from 'kysely';
import type { MessagePartRow, MessageRow, NewMessagePart } from '../schema.js';
import type { Queryable } from './queryable.js';
import { type FieldFilter, isFieldOf, textFilter } from './text-filter.js';

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

/** The fields a part search can filter on, and their columns. */
const PART_SEARCH_COLUMNS = {
  smsid: 'p.sms_id',
  id: 'm.id',
  messageid: 'm.id',
  to: 'm.recipient',
  'status.status': 'p.status',
  status: 'p.status',
  label: 'm.label',
  campaign: 'm.campaign_id',
  from: 'm.sender',
  country: 'm.country',
} as const;

export type PartSearchField = keyof typeof PART_SEARCH_COLUMNS;

export function isPartSearchField(field: string): field is PartSearchField {
  return isFieldOf(PART_SEARCH_COLUMNS, field);
}

export type PartFilter = FieldFilter<PartSearchField>;

/** A part with the message fields tracking shows. */
export interface TrackedPart {
  part: MessagePartRow;
  message: Pick<
    MessageRow,
    'id' | 'recipient' | 'sender' | 'body' | 'country' | 'parts' | 'label' | 'campaign_id' | 'created_at'
  >;
}

/** The account's SMS parts of messages created in a range, filtered, newest first, one page. */
export async function searchParts(
  db: Queryable,
  accountId: string,
  q: {
    dateStart: number;
    dateEnd: number;
    campaignId?: string;
    onlyCampaigns: boolean;
    filters: readonly PartFilter[];
    matchNothing: boolean;
    page: { page: number; size: number };
  },
): Promise<{ rows: TrackedPart[]; total: number }> {
  let base = db
    .selectFrom('message_parts as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .where('m.account_id', '=', accountId)
    .where('m.created_at', '>=', q.dateStart)
    .where('m.created_at', '<=', q.dateEnd);
  if (q.campaignId) base = base.where('m.campaign_id', '=', q.campaignId);
  if (q.onlyCampaigns) base = base.where('m.campaign_id', 'is not', null);
  if (q.matchNothing) base = base.where(sql<boolean>`1 = 0`);
  for (const f of q.filters) base = base.where(textFilter(PART_SEARCH_COLUMNS[f.field], f.op, f.term));
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll('p')
    .select([
      'm.id as m_id',
      'm.recipient as m_recipient',
      'm.sender as m_sender',
      'm.body as m_body',
      'm.country as m_country',
      'm.parts as m_parts',
      'm.label as m_label',
      'm.campaign_id as m_campaign_id',
      'm.created_at as m_created_at',
    ]) // prettier-ignore
    .orderBy('m.created_at', 'desc')
    .orderBy('p.id')
    .limit(q.page.size)
    .offset(q.page.page * q.page.size)
    .execute();
  return {
    rows: rows.map((r) => ({
      part: r as unknown as MessagePartRow,
      message: {
        id: r.m_id,
        recipient: r.m_recipient,
        sender: r.m_sender,
        body: r.m_body,
        country: r.m_country,
        parts: r.m_parts,
        label: r.m_label,
        campaign_id: r.m_campaign_id,
        created_at: r.m_created_at,
      },
    })),
    total: Number(count?.n ?? 0),
  };
}

/** A page of a campaign's parts in recipient order, with their messages. */
export async function campaignPartsPage(
  db: Queryable,
  accountId: string,
  campaignId: string,
  page: { page: number; size: number },
): Promise<{ parts: MessagePartRow[]; messages: MessageRow[]; total: number }> {
  const base = db
    .selectFrom('message_parts as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .where('m.account_id', '=', accountId)
    .where('m.campaign_id', '=', campaignId);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const parts = await base
    .selectAll('p')
    .orderBy('m.campaign_seq')
    .orderBy('p.part_index')
    .limit(page.size)
    .offset(page.page * page.size)
    .execute();
  const messageIds = [...new Set(parts.map((r) => r.message_id))];
  const messages = messageIds.length
    ? await db.selectFrom('messages').selectAll().where('id', 'in', messageIds).execute()
    : [];
  return { parts, messages, total: Number(count?.n ?? 0) };
}

/** One message and its parts (a message Herald writes itself: an auto-reply), in the caller's transaction. */
export async function insertMessageWithParts(
  db: Queryable,
  message: MessageRow,
  parts: ReadonlyArray<Omit<NewMessagePart, 'id'>>,
): Promise<void> {
  await db.insertInto('messages').values(message).execute();
  if (parts.length > 0)
    await db
      .insertInto('message_parts')
      .values([...parts])
      .execute();
}
