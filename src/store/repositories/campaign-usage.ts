/**
 * A campaign's messages counted per UTC day, country and status, as usage counts them (a message's
 * parts and price): what the Routee reports API's per-campaign view reads. Only stored messages:
 * a campaign is purged with its messages (retention), so there is nothing of it left to count then.
 */
import { sql } from 'kysely';
import type { Queryable } from './queryable.js';
import { type UsageRow, utcDayOfColumn } from './retention.js';

export async function campaignUsage(
  db: Queryable,
  dialect: 'sqlite' | 'postgres',
  accountId: string,
  campaignId: string,
): Promise<UsageRow[]> {
  const day = utcDayOfColumn(dialect, 'created_at');
  const rows = await db
    .selectFrom('messages')
    .select([
      day.as('day'),
      sql<string>`'Sms'`.as('service'),
      'country',
      'status',
      (eb) => eb.fn.countAll<number>().as('messages'),
      (eb) => eb.fn.sum<number>(sql.ref('parts')).as('parts'),
      (eb) => eb.fn.sum<number>('price_micros').as('price_micros'),
    ])
    .where('account_id', '=', accountId)
    .where('campaign_id', '=', campaignId)
    .groupBy([day, 'country', 'status'])
    .orderBy(day)
    .execute();
  return rows.map((r) => ({
    ...r,
    messages: Number(r.messages),
    parts: Number(r.parts),
    price_micros: Number(r.price_micros),
  }));
}
