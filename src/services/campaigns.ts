/**
 * SMS campaigns: create (or schedule), update while scheduled, delete while scheduled, read. A
 * campaign's messages are stored at once with their send times (its scheduledDate, or later for
 * quiet hours); the engine's scheduler releases them when due. Its cost is charged when it is stored
 * (a scheduled campaign's cost is thereby reserved) and refunded when it is deleted.
 */
import { type CampaignState, statusCounts } from '../domain/campaign.js';
import { newId } from '../security/secrets.js';
import { type BulkWriter, bulkWriteTransaction, RollbackSignal } from '../store/bulk-write.js';
import { enqueueCallbacks } from '../store/repositories/callback-outbox.js';
import { campaignStatusCounts } from '../store/repositories/campaign-counts.js';
import { debit } from '../store/repositories/ledger.js';
import type { Queryable } from '../store/repositories/queryable.js';
import type { AccountRow, CampaignRow } from '../store/schema.js';
import {
  type CampaignPlan,
  campaignMessages,
  newLinkCode,
  type PlannedMessage,
  planCampaign,
  campaignAnalysisOf,
  type CampaignAnalysis,
} from './campaign-plan.js';
import {
  type CampaignUnits,
  acceptedCallback,
  findCampaign,
  nameTaken,
  newCampaignRow,
  notScheduled,
  requireFreeName,
  withdrawCampaign,
} from './campaign-lifecycle.js';
import type { CampaignRequest, ReminderRequest } from './campaign-request.js';
import { upsertContactsByMobile } from '../store/repositories/contacts.js';
import type { ServiceContext } from './context.js';
import { failure, type RefusedNumber, ServiceError } from './errors.js';
import { insertCampaign } from '../store/repositories/campaigns.js';
import { claimRequestId } from '../store/repositories/request-ids.js';
import {
  deleteCampaignShortLinks,
  insertShortLinks,
  type ShortLinkRow,
} from '../store/repositories/short-links.js';
import {
  anyCampaignPartReleased,
  campaignPartCount,
  deleteScheduledCampaignMessages,
} from '../store/repositories/messages.js';
import { insertGroup, removeBlacklistedMembers } from '../store/repositories/groups.js';

const insufficient = () =>
  new ServiceError('insufficient-balance', "You don't have enough balance to send the campaign.");

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e.code === '23505' || (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'))
  );
}

/**
 * What an SMS campaign was asked, as stored with it (defaults filled): its faces render it (Routee
 * echoes it in its campaign resource). Numbers that allowInvalid left out are not kept (seed 000:
 * "the API will not return the invalid numbers").
 */
export interface SmsCampaignSettings {
  to: string[];
  contacts: string[];
  groups: string[];
  flash: boolean;
  respectQuietHours: boolean;
  ttlMinutes: number;
  reminder?: ReminderRequest;
  fallbackValues?: Record<string, string>;
  allowInvalid?: boolean;
  urlShortener?: Record<string, unknown>;
  restrictions?: Record<string, unknown>;
  transcode?: boolean;
}

function settingsOf(plan: CampaignPlan): SmsCampaignSettings {
  const r = plan.req;
  const invalid = [...plan.resolved.invalid, ...plan.unroutable];
  const dropped = new Set(r.allowInvalid ? invalid : []);
  const settings: SmsCampaignSettings = {
    to:
      dropped.size > 0
        ? (r.to ?? []).filter((n) => !dropped.has(n) && !dropped.has(plan.e164Of(n) ?? n))
        : (r.to ?? []),
    contacts: r.contacts ?? [],
    groups: r.groups ?? [],
    flash: r.flash ?? false,
    respectQuietHours: r.respectQuietHours ?? false,
    ttlMinutes: plan.ttlMinutes,
  };
  if (r.reminder) settings.reminder = r.reminder;
  if (r.fallbackValues) settings.fallbackValues = r.fallbackValues;
  if (r.allowInvalid !== undefined) settings.allowInvalid = r.allowInvalid;
  if (r.urlShortener) settings.urlShortener = r.urlShortener;
  if (r.restrictions) settings.restrictions = r.restrictions;
  if (r.transcode !== undefined) settings.transcode = r.transcode;
  return settings;
}

/**
 * An SMS campaign's units: its messages and their reminders. A reminder already handed to the queue
 * stays (and stays paid for); the others, the short links too, go with the campaign. Only the
 * campaign's own messages decide whether it has started: a reminder sent before the start does not.
 */
export const SMS_UNITS: CampaignUnits = {
  type: 'Sms',
  anyReleased: anyCampaignPartReleased,
  async removeScheduled(db, accountId, campaignId) {
    const keptCost = await deleteScheduledCampaignMessages(db, accountId, campaignId);
    await deleteCampaignShortLinks(db, accountId, campaignId);
    return keptCost;
  },
  withdrawn: 'scheduled campaign withdrawn',
};

/** Stores a planned campaign (new, or replacing a scheduled one); charges it; all or nothing. */
async function storeCampaign(
  ctx: ServiceContext,
  plan: CampaignPlan,
  id: string,
  replacing: CampaignRow | null,
): Promise<CampaignRow> {
  const { account, req, now } = plan;
  const name = req.campaignName ?? null;
  if (name !== null) await requireFreeName(ctx.store.db, account.id, name, id);
  const shortLinks: ShortLinkRow[] = plan.links.map((long_url) => ({
    code: newLinkCode(),
    account_id: account.id,
    campaign_id: id,
    message_id: null,
    long_url,
    created_at: now,
  }));
  try {
    const outcome = await bulkWriteTransaction<CampaignRow | 'insufficient-balance'>(ctx.store, async (w) => {
      if (replacing) await withdrawCampaign(w.db, SMS_UNITS, account.id, id, now);
      if (req.requestId !== undefined) await requireNewRequestId(w.db, account.id, req.requestId, id, now);
      await insertShortLinks(w.db, shortLinks);
      let cost = 0;
      let total = 0;
      let batch: PlannedMessage[] = [];
      const flush = async () => {
        await w.insertMessages(batch.map((b) => b.message));
        await w.insertParts(batch.flatMap((b) => b.parts));
        const callbacks = batch.flatMap((b) => b.callbacks);
        if (callbacks.length > 0) await enqueueCallbacks(w.db, callbacks, now);
        batch = [];
      };
      for (const m of campaignMessages(plan, id, shortLinks)) {
        cost += m.message.price_micros;
        if (m.message.campaign_id !== null) total++;
        batch.push(m);
        if (batch.length >= 2000) await flush();
      }
      await flush();
      const charged = await debit(w.db, {
        accountId: account.id,
        amountMicros: cost,
        kind: 'charge',
        reference: id,
        description: `sms campaign of ${total} message(s)${plan.scheduled ? ' (scheduled: reserved)' : ''}`,
        now,
      });
      if (charged === null) throw new RollbackSignal('insufficient-balance' as const);
      const state: CampaignState = plan.scheduled ? 'Scheduled' : 'Queued';
      const row = newCampaignRow({
        id,
        accountId: account.id,
        type: 'Sms',
        name,
        state,
        sender: req.from,
        body: req.body,
        request: JSON.stringify(settingsOf(plan)),
        analysis: JSON.stringify(campaignAnalysisOf(plan)),
        scheduledAt: req.scheduledDate ?? null,
        sendAt: plan.sendAt,
        costMicros: cost,
        total,
        callback: plan.callback,
        campaignCallback: plan.campaignCallback,
        createdAt: replacing?.created_at ?? now,
        now,
      });
      await insertCampaign(w.db, row);
      if (req.listName !== undefined) {
        await fillList(w, account.id, req.listName, plan, now);
        if (req.listDropsOptedOut) await dropOptedOutMembers(w, account.id, req.listName);
      }
      const cb = acceptedCallback(ctx.callbacks, row, statusCounts([{ status: 'Queued', n: total }]));
      if (cb) await enqueueCallbacks(w.db, [cb], now);
      return row;
    });
    if (outcome === 'insufficient-balance') throw insufficient();
    return outcome;
  } catch (err) {
    if (name !== null && isUniqueViolation(err)) throw nameTaken(name);
    throw err;
  }
}

export async function createCampaign(ctx: ServiceContext, account: AccountRow, req: CampaignRequest) {
  const row = await createCampaignRow(ctx, account, req);
  return smsCampaignRecord(ctx, row);
}

/** Creates a campaign; `id` lets another API choose its ticket format. */
export async function createCampaignRow(
  ctx: ServiceContext,
  account: AccountRow,
  req: CampaignRequest,
  id?: string,
): Promise<CampaignRow> {
  const plan = await planCampaign(ctx, account, req);
  const row = await storeCampaign(ctx, plan, id ?? newId(plan.now), null);
  ctx.hooks.messagesQueued();
  return row;
}

const REQUEST_ID_LIFETIME_MS = 24 * 3600_000;

/** Remembers a client's request id for 24 hours; a repeat within that time is refused. */
async function requireNewRequestId(
  db: Queryable,
  accountId: string,
  requestId: string,
  campaignId: string,
  now: number,
): Promise<void> {
  if (!(await claimRequestId(db, accountId, requestId, campaignId, now, REQUEST_ID_LIFETIME_MS)))
    throw failure('duplicate-request', 'A message with the same request id has already been sent.');
}

/** Puts the campaign's recipients in a list (Octopush `list_name`): new numbers become contacts. */
async function fillList(w: BulkWriter, accountId: string, listName: string, plan: CampaignPlan, now: number) {
  await insertGroup(w.db, accountId, listName, now);
  await upsertContactsByMobile(
    w,
    accountId,
    plan.resolved.recipients.map((r) => ({
      mobile: r.e164,
      country: r.country,
      firstName: r.values?.first_name ?? r.values?.firstName ?? null,
      lastName: r.values?.last_name ?? r.values?.lastName ?? null,
      labels: '{}',
    })),
    { overwrite: false, group: listName, now },
  );
}

/** Takes the contacts blacklisted for SMS (opted out) off a list (Octopush auto_delete_optout_contacts). */
async function dropOptedOutMembers(w: BulkWriter, accountId: string, listName: string): Promise<void> {
  await removeBlacklistedMembers(w.db, accountId, listName, 'Sms');
}

/** PUT /sms/{id}: the campaign is planned again from the new request, only while it is Scheduled. */
export async function updateCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
  req: CampaignRequest,
) {
  const current = await findCampaign(ctx.store.db, account.id, id, 'Sms');
  if (current.state !== 'Scheduled') throw notScheduled(id);
  const plan = await planCampaign(ctx, account, req);
  const row = await storeCampaign(ctx, plan, id, current);
  ctx.hooks.messagesQueued();
  return smsCampaignRecord(ctx, row);
}

/** DELETE /sms/{id}: withdraws a scheduled campaign and refunds it; it is gone afterwards (404). */
export async function deleteCampaign(ctx: ServiceContext, account: AccountRow, id: string): Promise<void> {
  await ctx.store.db
    .transaction()
    .execute((trx) => withdrawCampaign(trx, SMS_UNITS, account.id, id, ctx.clock()));
}

/** How many parts a campaign's messages take in all. */
export async function campaignParts(ctx: ServiceContext, account: AccountRow, campaignId: string) {
  return campaignPartCount(ctx.store.db, account.id, campaignId);
}

/** An SMS campaign as its faces show it: the stored campaign and its messages' status counts. */
export interface SmsCampaignRecord {
  kind: 'sms';
  row: CampaignRow;
  statuses: Record<string, number>;
  /** What it was asked. */
  settings: SmsCampaignSettings;
  /** The analysis it was accepted with. */
  analysis: CampaignAnalysis;
}

export async function smsCampaignRecord(ctx: ServiceContext, row: CampaignRow): Promise<SmsCampaignRecord> {
  return {
    kind: 'sms',
    row,
    statuses: await campaignStatusCounts(ctx.store.db, row.id),
    settings: JSON.parse(row.request) as SmsCampaignSettings,
    analysis: JSON.parse(row.analysis) as CampaignAnalysis,
  };
}

/** What a campaign would do in one destination country. */
export interface CountryPreview {
  country: string;
  messages: number;
  parts: number;
  costMicros: number;
  /** When its first and last messages would leave (later than the campaign's start in quiet hours). */
  firstSendAt: number;
  lastSendAt: number;
}

/** A campaign's analysis (and cost, in all and per country) without storing anything. */
export async function analyzeCampaign(ctx: ServiceContext, account: AccountRow, req: CampaignRequest) {
  const plan = await planCampaign(ctx, account, req, { analysisOnly: true });
  let cost = 0;
  // Exact cost: every message as it would be sent (personalisation and short links change parts).
  const dryLinks = plan.links.map((long_url) => ({
    code: 'x'.repeat(7),
    account_id: account.id,
    campaign_id: null,
    message_id: null,
    long_url,
    created_at: plan.now,
  }));
  // Messages too long to send (the campaign would be refused): at most 100 listed.
  const tooLong: Array<{ recipient: string; parts: number; max: number }> = [];
  const onTooLong = (recipient: string, parts: number) => {
    if (tooLong.length < 100) tooLong.push({ recipient, parts, max: plan.maxParts });
  };
  // Per destination country: messages, cost, and when they would leave (quiet hours hold some).
  const perCountry = new Map<string, CountryPreview>();
  for (const m of campaignMessages(plan, 'analysis', dryLinks, onTooLong)) {
    const msg = m.message;
    cost += msg.price_micros;
    if (msg.reminder_of !== null) continue;
    const c = perCountry.get(msg.country);
    if (!c)
      perCountry.set(msg.country, {
        country: msg.country,
        messages: 1,
        parts: msg.parts,
        costMicros: msg.price_micros,
        firstSendAt: msg.send_at,
        lastSendAt: msg.send_at,
      });
    else {
      c.messages++;
      c.parts += msg.parts;
      c.costMicros += msg.price_micros;
      c.firstSendAt = Math.min(c.firstSendAt, msg.send_at);
      c.lastSendAt = Math.max(c.lastSendAt, msg.send_at);
    }
  }
  const invalid = [...plan.resolved.invalid, ...plan.unroutable];
  return {
    analysis: campaignAnalysisOf(plan),
    costMicros: cost,
    perCountry: [...perCountry.values()],
    sendAt: plan.sendAt,
    invalidNumbers: invalid.map((n): RefusedNumber => ({ number: n, problem: 'invalid-mobile' })),
    tooLong,
  };
}
