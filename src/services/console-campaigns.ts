/**
 * The console's campaign pages on the campaign services: a page of the account's campaigns (SMS and
 * voice) with their state and counts per status, and one campaign in detail: its record, how many of
 * its messages or calls became final minute by minute, counts per country and status, its short
 * links' clicks and its callbacks still failing. Everything is scoped to the account.
 */
import { statusCounts } from '../domain/campaign.js';
import { FINAL_SMS_STATUSES } from '../domain/sms-callback.js';
import { FINAL_VOICE_STATUSES, voiceStatusCounts } from '../domain/voice-statuses.js';
import {
  campaignsPage,
  countryStatusCounts,
  finalPerMinute,
  type RecipientTable,
  statusCountsOfCampaigns,
} from '../store/repositories/console-campaigns.js';
import type { AccountRow, CampaignRow } from '../store/schema.js';
import { findCampaign } from './campaign-lifecycle.js';
import { deleteCampaign } from './campaigns.js';
import type { ServiceContext } from './context.js';
import { deleteVoiceCampaign } from './voice-campaigns.js';
import { type CampaignRecord, getCampaign } from './get-campaign.js';
import { type Page, type PageRequest, pageOf } from './paging.js';
import { campaignLinkStats } from './short-links.js';

export type CampaignKind = 'sms' | 'voice';

export interface CampaignSummary {
  row: CampaignRow;
  kind: CampaignKind;
  statuses: Record<string, number>;
  /** Messages or calls with a final status. */
  final: number;
}

const kindOf = (row: CampaignRow): CampaignKind => (row.type === 'Voice' ? 'voice' : 'sms');
const tableOf = (kind: CampaignKind): RecipientTable => (kind === 'voice' ? 'voice_calls' : 'messages');
const finalsOf = (kind: CampaignKind) => (kind === 'voice' ? FINAL_VOICE_STATUSES : FINAL_SMS_STATUSES);

function countsOf(kind: CampaignKind, rows: Array<{ status: string; n: number }>): Record<string, number> {
  return kind === 'voice' ? voiceStatusCounts(rows) : statusCounts(rows);
}

function finalIn(kind: CampaignKind, counts: Record<string, number>): number {
  let n = 0;
  for (const s of finalsOf(kind)) n += counts[s] ?? 0;
  return n;
}

export async function listCampaigns(
  ctx: ServiceContext,
  account: AccountRow,
  request: PageRequest,
): Promise<Page<CampaignSummary>> {
  const db = ctx.store.db;
  const { rows, total } = await campaignsPage(db, account.id, request.page * request.size, request.size);
  const counted = new Map<string, Array<{ status: string; n: number }>>();
  for (const kind of ['sms', 'voice'] as const) {
    const ids = rows.filter((r) => kindOf(r) === kind).map((r) => r.id);
    for (const c of await statusCountsOfCampaigns(db, tableOf(kind), ids)) {
      const list = counted.get(c.campaignId) ?? [];
      list.push(c);
      counted.set(c.campaignId, list);
    }
  }
  const items = rows.map((row) => {
    const kind = kindOf(row);
    const statuses = countsOf(kind, counted.get(row.id) ?? []);
    return { row, kind, statuses, final: finalIn(kind, statuses) };
  });
  return pageOf(items, total, request);
}

export interface CampaignDetail {
  record: CampaignRecord;
  kind: CampaignKind;
  final: number;
  /** Messages or calls that became final, per minute (epoch ms of the minute), minutes with none left out. */
  progress: Array<{ at: number; final: number }>;
  perCountry: Array<{ country: string; total: number; statuses: Record<string, number> }>;
  links: Awaited<ReturnType<typeof campaignLinkStats>>;
}

export async function campaignDetail(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<CampaignDetail> {
  const record = await getCampaign(ctx, account, id);
  const kind = record.kind;
  const db = ctx.store.db;
  const table = tableOf(kind);
  const [minutes, byCountry, links] = await Promise.all([
    finalPerMinute(db, table, id, finalsOf(kind)),
    countryStatusCounts(db, table, id),
    kind === 'sms' ? campaignLinkStats(ctx, account, id) : Promise.resolve([]),
  ]);
  const countries = new Map<string, Array<{ status: string; n: number }>>();
  for (const r of byCountry) countries.set(r.country, [...(countries.get(r.country) ?? []), r]);
  const perCountry = [...countries]
    .map(([country, rows]) => ({
      country,
      total: rows.reduce((s, r) => s + r.n, 0),
      statuses: countsOf(kind, rows),
    }))
    .sort((a, b) => b.total - a.total || a.country.localeCompare(b.country));
  return {
    record,
    kind,
    final: finalIn(kind, record.statuses),
    progress: minutes.map((m) => ({ at: m.minute * 60_000, final: m.n })),
    perCountry,
    links,
  };
}

/** Withdraws a Scheduled campaign of either kind (refunded), as the campaign pages offer it. */
export async function withdrawAnyCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<void> {
  const row = await findCampaign(ctx.store.db, account.id, id);
  if (row.type === 'Voice') await deleteVoiceCampaign(ctx, account, id);
  else await deleteCampaign(ctx, account, id);
}
