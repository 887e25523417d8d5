/**
 * Volume and price of an account's SMS per UTC day and country, with the messages in each status:
 * what the Routee reports API (`/reports/my/volPrice…`, `/reports/my/breakdown…`) shows, on the same
 * counts as the usage report (stored messages plus what retention kept per day), so a report reads
 * the same before and after a purge. Herald does not know the network a number is on (no HLR
 * lookup), so rows carry no network and a filter by network finds nothing (docs/decisions.md).
 */
import { mccOfCountry } from '../domain/mcc.js';
import { campaignUsage } from '../store/repositories/campaign-usage.js';
import { type UsageRow, usageBetween } from '../store/repositories/retention.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { campaignNotFound } from './errors.js';
import { findCampaignRow } from '../store/repositories/campaigns.js';
import { checkPeriod } from './usage.js';

/** The statuses a report counts apart; any other stored status counts only in the total. */
export const REPORTED_STATUSES = ['Queued', 'Sent', 'Delivered', 'Undelivered', 'Failed', 'Unsent'] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];

export interface VolumePriceRow {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** ISO 3166 country of the recipients. */
  country: string;
  /** Mobile country code of that country, when Herald knows it. */
  mcc: string | null;
  messages: number;
  parts: number;
  priceMicros: number;
  byStatus: Record<ReportedStatus, number>;
}

export type ReportScope =
  | {
      kind: 'period';
      fromDay: string;
      toDay: string;
      /** What the caller's face calls the period's two ends (for a validation error). */
      fields: { from: string; to: string };
    }
  | { kind: 'campaign'; campaignId: string };

export interface ReportFilter {
  /** Only this country (ISO 3166 alpha-2). */
  country?: string;
  /** Only this network: Herald attributes no message to a network, so nothing matches. */
  network?: { mcc: string; mnc: string };
}

/** Usage rows (one per day, service, country and status) folded into one row per day and country. */
export function foldUsage(rows: readonly UsageRow[], filter: ReportFilter = {}): VolumePriceRow[] {
  if (filter.network) return [];
  const out = new Map<string, VolumePriceRow>();
  for (const r of rows) {
    if (r.service !== 'Sms') continue;
    if (filter.country && r.country !== filter.country) continue;
    const key = `${r.day}|${r.country}`;
    let row = out.get(key);
    if (!row) {
      row = {
        day: r.day,
        country: r.country,
        mcc: mccOfCountry(r.country) ?? null,
        messages: 0,
        parts: 0,
        priceMicros: 0,
        byStatus: { Queued: 0, Sent: 0, Delivered: 0, Undelivered: 0, Failed: 0, Unsent: 0 },
      };
      out.set(key, row);
    }
    row.messages += r.messages;
    row.parts += r.parts;
    row.priceMicros += r.price_micros;
    if ((REPORTED_STATUSES as readonly string[]).includes(r.status))
      row.byStatus[r.status as ReportedStatus] += r.messages;
  }
  return [...out.values()].sort((a, b) =>
    a.day === b.day ? (a.country < b.country ? -1 : a.country > b.country ? 1 : 0) : a.day < b.day ? -1 : 1,
  );
}

export async function volumePriceReport(
  ctx: ServiceContext,
  account: AccountRow,
  scope: ReportScope,
  filter: ReportFilter = {},
): Promise<VolumePriceRow[]> {
  const { db, dialect } = ctx.store;
  if (scope.kind === 'campaign') {
    const campaign = await findCampaignRow(db, account.id, scope.campaignId);
    if (!campaign || campaign.type === 'Voice') throw campaignNotFound(scope.campaignId);
    return foldUsage(await campaignUsage(db, dialect, account.id, scope.campaignId), filter);
  }
  checkPeriod(scope.fromDay, scope.toDay, scope.fields);
  return foldUsage(await usageBetween(db, dialect, account.id, scope.fromDay, scope.toDay), filter);
}
