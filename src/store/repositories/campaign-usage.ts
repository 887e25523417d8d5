/**
 * A campaign's messages counted per UTC day, country and status, as usage counts them (a message's
 * parts and price): what the Routee reports API's per-campaign view reads. Only stored messages:
 * a campaign is purged with its messages (retention), so there is nothing of it left to count then.
 */
import type { Queryable } from './queryable.js';
import { storedUsage, type UsageRow } from './retention.js';

export async function campaignUsage(
  db: Queryable,
  dialect: 'sqlite' | 'postgres',
  accountId: string,
  campaignId: string,
): Promise<UsageRow[]> {
  const rows = await storedUsage(db, dialect, 'messages', accountId, { campaignId });
  return rows.map((r) => ({
    ...r,
    messages: Number(r.messages),
    parts: Number(r.parts),
    price_micros: Number(r.price_micros),
  }));
}
