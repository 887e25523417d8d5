/**
 * What the console's campaign pages read: an account's campaigns newest first (index
 * campaigns_account_created), their messages or calls counted per status for one page at a time, and
 * one campaign's progress per minute and its counts per country and status. Every statement takes the
 * account or a campaign already found in it.
 */
import { sql } from 'kysely';
import type { CampaignRow } from '../schema.js';
import type { Queryable } from './queryable.js';

/** The table a campaign's recipients live in: messages for SMS, voice_calls for voice. */
export type RecipientTable = 'messages' | 'voice_calls';

export async function campaignsPage(
  db: Queryable,
  accountId: string,
  offset: number,
  limit: number,
): Promise<{ rows: CampaignRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('campaigns')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute(),
    db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Counts per campaign and status for the given campaigns (all in one table). */
export async function statusCountsOfCampaigns(
  db: Queryable,
  table: RecipientTable,
  campaignIds: readonly string[],
): Promise<Array<{ campaignId: string; status: string; n: number }>> {
  if (campaignIds.length === 0) return [];
  const rows = await db
    .selectFrom(table)
    .select(['campaign_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', 'in', campaignIds)
    .groupBy(['campaign_id', 'status'])
    .execute();
  return rows.map((r) => ({ campaignId: r.campaign_id!, status: r.status, n: Number(r.n) }));
}

/** How many of a campaign's messages or calls reached a final status, per minute of that change. */
export async function finalPerMinute(
  db: Queryable,
  table: RecipientTable,
  campaignId: string,
  finalStatuses: Iterable<string>,
): Promise<Array<{ minute: number; n: number }>> {
  const minute = sql<number>`updated_at / 60000`;
  const rows = await db
    .selectFrom(table)
    .select([minute.as('minute'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', [...finalStatuses])
    .groupBy(minute)
    .orderBy(minute)
    .execute();
  return rows.map((r) => ({ minute: Number(r.minute), n: Number(r.n) }));
}

/** A campaign's messages or calls per destination country and status. */
export async function countryStatusCounts(
  db: Queryable,
  table: RecipientTable,
  campaignId: string,
): Promise<Array<{ country: string; status: string; n: number }>> {
  const rows = await db
    .selectFrom(table)
    .select(['country', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy(['country', 'status'])
    .execute();
  return rows.map((r) => ({ country: r.country, status: r.status, n: Number(r.n) }));
}
