/**
 * SMS tracking: one entry per part, for one message, a search, or a campaign (faces render them); a
 * handset's message to one of the account's numbers is one entry with direction Inbound.
 */
import { findMessageWithParts } from '../store/repositories/messages.js';
import { analyseBody } from '../domain/gsm.js';
import { analysePhone } from '../domain/phone.js';
import {
  findInboundOfAccount,
  type InboundFilter,
  type InboundRow,
  isInboundSearchField,
  searchInbound,
} from '../store/repositories/inbound.js';
import type { AccountRow, MessagePartRow } from '../store/schema.js';
import { pageOf } from './paging.js';
import type { ServiceContext } from './context.js';
import { campaignNotFound, ServiceError, validationError } from './errors.js';
import { findCampaignRow } from '../store/repositories/campaigns.js';
import {
  campaignPartsPage,
  isPartSearchField,
  type PartFilter,
  type TrackedPart,
  searchParts,
} from '../store/repositories/messages.js';

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
  /** Sent by the account, or written by a handset to one of its numbers. */
  direction: 'Outbound' | 'Inbound';
}

/** A part listed in its campaign's tracking, with the campaign's id and name. */
export interface CampaignPartTracking extends PartTracking {
  campaign: { id: string; name: string | null };
}

function trackingItem(account: AccountRow, message: TrackedPart['message'], p: MessagePartRow): PartTracking {
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
    direction: 'Outbound',
  };
}

/** A handset's message to the account, as tracking lists it: received, so Delivered, and free. */
function inboundItem(ctx: ServiceContext, account: AccountRow, m: InboundRow): PartTracking {
  return {
    smsId: m.id,
    messageId: m.id,
    to: m.recipient,
    from: m.sender,
    body: m.body,
    country: analysePhone(m.sender, ctx.timezones)?.country ?? 'XX',
    parts: analyseBody(m.body).parts,
    partIndex: 0,
    priceMicros: 0,
    status: 'Delivered',
    detailedStatus: null,
    updatedAt: Number(m.received_at),
    applicationName: account.name,
    latencySeconds: 0,
    label: null,
    campaignId: null,
    direction: 'Inbound',
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

/** POST /sms/tracking: the account's SMS parts in a date range, filtered, newest first, paged. */
export async function searchSmsTracking(ctx: ServiceContext, account: AccountRow, q: TrackingSearch) {
  const problems: Record<string, string> = {};
  for (const [i, f] of q.filters.entries()) {
    const field = f.fieldName.toLowerCase();
    if (field === 'direction') continue;
    if (!isPartSearchField(field)) problems[`[${i}].fieldName`] = `unknown field ${f.fieldName}`;
    const op = (f.searchOperator ?? 'is').toLowerCase();
    if (!['is', 'is_not', 'contains', 'starts_with', 'ends_with'].includes(op))
      problems[`[${i}].searchOperator`] = `unknown operator ${op}`;
  }
  if (Object.keys(problems).length > 0) throw validationError(problems);
  // A direction filter picks the outbound messages (without one too) or the inbound ones.
  const inbound = q.filters.some(
    (f) =>
      f.fieldName.toLowerCase() === 'direction' &&
      (f.searchOperator ?? 'is').toLowerCase() === 'is' &&
      f.searchTerm.toLowerCase() === 'inbound',
  );
  if (inbound) return searchInboundTracking(ctx, account, q);
  let matchNothing = false;
  const filters: PartFilter[] = [];
  for (const f of q.filters) {
    const field = f.fieldName.toLowerCase();
    const op = (f.searchOperator ?? 'is').toLowerCase() as PartFilter['op'];
    if (field === 'direction') {
      const wanted = f.searchTerm.toLowerCase() === 'outbound';
      if ((op === 'is' && !wanted) || (op === 'is_not' && wanted)) matchNothing = true;
    } else if (isPartSearchField(field)) filters.push({ field, op, term: f.searchTerm });
  }
  const { rows, total } = await searchParts(ctx.store.db, account.id, {
    dateStart: q.dateStart,
    dateEnd: q.dateEnd,
    ...(q.campaignId && { campaignId: q.campaignId }),
    onlyCampaigns: q.onlyCampaigns === true,
    filters,
    matchNothing,
    page: { page: q.page, size: q.size },
  });
  const content = rows.map((r) => trackingItem(account, r.message, r.part));
  return pageOf(content, total, { page: q.page, size: q.size });
}

/** The inbound side of POST /sms/tracking: filters on id, to and from; other fields match nothing. */
async function searchInboundTracking(ctx: ServiceContext, account: AccountRow, q: TrackingSearch) {
  let matchNothing = q.campaignId !== undefined || q.onlyCampaigns === true;
  const filters: InboundFilter[] = [];
  for (const f of q.filters) {
    const field = f.fieldName.toLowerCase();
    const op = (f.searchOperator ?? 'is').toLowerCase() as InboundFilter['op'];
    if (field === 'direction') continue;
    if (isInboundSearchField(field)) filters.push({ field, op, term: f.searchTerm });
    else matchNothing = true;
  }
  const { rows, total } = await searchInbound(ctx.store.db, account.id, {
    dateStart: q.dateStart,
    dateEnd: q.dateEnd,
    filters,
    matchNothing,
    page: { page: q.page, size: q.size },
  });
  return pageOf(
    rows.map((r) => inboundItem(ctx, account, r)),
    total,
    { page: q.page, size: q.size },
  );
}

export async function trackSms(
  ctx: ServiceContext,
  account: AccountRow,
  messageId: string,
): Promise<PartTracking[]> {
  const found = await findMessageWithParts(ctx.store.db, account.id, messageId);
  if (!found) {
    const inbound = await findInboundOfAccount(ctx.store.db, account.id, messageId);
    if (inbound) return [inboundItem(ctx, account, inbound)];
    throw new ServiceError('message-not-found', 'Tracking not found.');
  }
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
  const {
    parts: rows,
    messages,
    total,
  } = await campaignPartsPage(ctx.store.db, account.id, campaignId, page);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const content: CampaignPartTracking[] = rows.map((r) => ({
    ...trackingItem(account, byId.get(r.message_id)!, r as unknown as MessagePartRow),
    campaign: { id: campaignId, name: campaign.name },
  }));
  return pageOf(content, total, page);
}
