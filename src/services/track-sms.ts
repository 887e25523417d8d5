/** SMS tracking: one entry per part, for one message, a search, or a campaign (faces render them). */
import { findMessageWithParts } from '../store/repositories/messages.js';
import { sql } from 'kysely';
import type { AccountRow, MessagePartRow, MessageRow } from '../store/schema.js';
import { pageOf } from './paging.js';
import type { ServiceContext } from './context.js';
import { campaignNotFound, ServiceError, validationError } from './errors.js';
import { findCampaignRow } from '../store/repositories/campaigns.js';

/** One SMS part as tracking reports it. */
export interface PartTracking {
  smsId: string;
  messageId: string;
  to: string;
  from: string;
  body: string;
  country: string;
  parts: number;
  partIndex: number;
  priceMicros: number;
  status: string;
  detailedStatus: string | null;
  /** When the status was reached (ms since the epoch). */
  updatedAt: number;
  applicationName: string;
  /** From acceptance to the operator's answer, in whole seconds (0 before it was sent). */
  latencySeconds: number;
  label: string | null;
  campaignId: string | null;
}

/** A part listed in its campaign's tracking, with the campaign's id and name. */
export interface CampaignPartTracking extends PartTracking {
  campaign: { id: string; name: string | null };
}

function trackingItem(account: AccountRow, message: MessageRow, p: MessagePartRow): PartTracking {
  return {
    smsId: p.sms_id,
    messageId: message.id,
    to: message.recipient,
    from: message.sender,
    body: message.body,
    country: message.country,
    parts: message.parts,
    partIndex: p.part_index,
    priceMicros: p.price_micros,
    status: p.status,
    detailedStatus: p.detailed_status,
    updatedAt: p.updated_at,
    applicationName: account.name,
    latencySeconds: p.submitted_at
      ? Math.max(0, Math.round((p.submitted_at - message.created_at) / 1000))
      : 0,
    label: message.label,
    campaignId: message.campaign_id,
  };
}

export interface TrackingFilter {
  fieldName: string;
  searchTerm: string;
  searchOperator?: string;
}

export interface TrackingSearch {
  dateStart: number;
  dateEnd: number;
  page: number;
  size: number;
  campaignId?: string;
  onlyCampaigns?: boolean;
  filters: TrackingFilter[];
}

const FILTER_COLUMNS: Record<string, string> = {
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
};

/** POST /sms/tracking: the account's SMS parts in a date range, filtered, newest first, paged. */
export async function searchSmsTracking(ctx: ServiceContext, account: AccountRow, q: TrackingSearch) {
  const problems: Record<string, string> = {};
  for (const [i, f] of q.filters.entries()) {
    const field = f.fieldName.toLowerCase();
    if (field === 'direction') continue;
    if (!FILTER_COLUMNS[field]) problems[`[${i}].fieldName`] = `unknown field ${f.fieldName}`;
    const op = (f.searchOperator ?? 'is').toLowerCase();
    if (!['is', 'is_not', 'contains', 'starts_with', 'ends_with'].includes(op))
      problems[`[${i}].searchOperator`] = `unknown operator ${op}`;
  }
  if (Object.keys(problems).length > 0) throw validationError(problems);
  let base = ctx.store.db
    .selectFrom('message_parts as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .where('m.account_id', '=', account.id)
    .where('m.created_at', '>=', q.dateStart)
    .where('m.created_at', '<=', q.dateEnd);
  if (q.campaignId) base = base.where('m.campaign_id', '=', q.campaignId);
  if (q.onlyCampaigns) base = base.where('m.campaign_id', 'is not', null);
  for (const f of q.filters) {
    const field = f.fieldName.toLowerCase();
    if (field === 'direction') {
      // Every tracked SMS here is outbound.
      if ((f.searchOperator ?? 'is').toLowerCase() === 'is' && f.searchTerm.toLowerCase() !== 'outbound')
        base = base.where(sql<boolean>`1 = 0`);
      continue;
    }
    const col = sql.ref(FILTER_COLUMNS[field]!);
    const term = f.searchTerm;
    switch ((f.searchOperator ?? 'is').toLowerCase()) {
      case 'is':
        base = base.where(sql<boolean>`${col} = ${term}`);
        break;
      case 'is_not':
        base = base.where(sql<boolean>`(${col} IS NULL OR ${col} <> ${term})`);
        break;
      case 'contains':
        base = base.where(sql<boolean>`${col} LIKE ${`%${escapeLike(term)}%`} ESCAPE '!'`);
        break;
      case 'starts_with':
        base = base.where(sql<boolean>`${col} LIKE ${`${escapeLike(term)}%`} ESCAPE '!'`);
        break;
      case 'ends_with':
        base = base.where(sql<boolean>`${col} LIKE ${`%${escapeLike(term)}`} ESCAPE '!'`);
        break;
    }
  }
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
    .limit(q.size)
    .offset(q.page * q.size)
    .execute();
  const content = rows.map((r) =>
    trackingItem(
      account,
      {
        id: r.m_id,
        recipient: r.m_recipient,
        sender: r.m_sender,
        body: r.m_body,
        country: r.m_country,
        parts: r.m_parts,
        label: r.m_label,
        campaign_id: r.m_campaign_id,
        created_at: r.m_created_at,
      } as MessageRow,
      r as unknown as MessagePartRow,
    ),
  );
  return pageOf(content, Number(count?.n ?? 0), { page: q.page, size: q.size });
}

function escapeLike(s: string): string {
  return s.replace(/[!%_]/g, (c) => `!${c}`);
}

export async function trackSms(
  ctx: ServiceContext,
  account: AccountRow,
  messageId: string,
): Promise<PartTracking[]> {
  const found = await findMessageWithParts(ctx.store.db, account.id, messageId);
  if (!found) throw new ServiceError('message-not-found', 'Tracking not found.');
  return found.parts.map((p) => trackingItem(account, found.message, p));
}

/** GET /sms/tracking/campaign/{id}: the campaign's parts in recipient order, paged. */
export async function trackCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  campaignId: string,
  page: { page: number; size: number },
) {
  const campaign = await findCampaignRow(ctx.store.db, account.id, campaignId);
  if (!campaign) {
    throw campaignNotFound(campaignId);
  }
  const base = ctx.store.db
    .selectFrom('message_parts as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .where('m.account_id', '=', account.id)
    .where('m.campaign_id', '=', campaignId);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await base
    .selectAll('p')
    .select(['m.campaign_seq'])
    .orderBy('m.campaign_seq')
    .orderBy('p.part_index')
    .limit(page.size)
    .offset(page.page * page.size)
    .execute();
  const messageIds = [...new Set(rows.map((r) => r.message_id))];
  const messages = messageIds.length
    ? await ctx.store.db.selectFrom('messages').selectAll().where('id', 'in', messageIds).execute()
    : [];
  const byId = new Map(messages.map((m) => [m.id, m]));
  const content: CampaignPartTracking[] = rows.map((r) => ({
    ...trackingItem(account, byId.get(r.message_id)!, r as unknown as MessagePartRow),
    campaign: { id: campaignId, name: campaign.name },
  }));
  return pageOf(content, Number(count?.n ?? 0), page);
}
