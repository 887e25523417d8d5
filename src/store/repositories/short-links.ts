/**
 * Short links of campaign bodies and their clicks. A link is found by its code alone when a phone
 * opens it (codes are unique across accounts); everything else is read within the account.
 */
import type { ShortLinksTable } from '../schema.js';
import type { Queryable } from './queryable.js';

/** A short link as stored. */
export type ShortLinkRow = ShortLinksTable;

export async function insertShortLinks(db: Queryable, links: ShortLinkRow[]): Promise<void> {
  if (links.length > 0) await db.insertInto('short_links').values(links).execute();
}

export async function deleteCampaignShortLinks(
  db: Queryable,
  accountId: string,
  campaignId: string,
): Promise<void> {
  await db
    .deleteFrom('short_links')
    .where('account_id', '=', accountId)
    .where('campaign_id', '=', campaignId)
    .execute();
}

/** The link a phone opened, by its code. */
export function findShortLink(
  db: Queryable,
  code: string,
): Promise<{ code: string; long_url: string } | undefined> {
  return db
    .selectFrom('short_links')
    .select(['code', 'long_url'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function recordClick(
  db: Queryable,
  click: { code: string; campaignSeq: number | null; userAgent: string | null; at: number },
): Promise<void> {
  await db
    .insertInto('short_link_clicks')
    .values({
      code: click.code,
      campaign_seq: click.campaignSeq,
      user_agent: click.userAgent,
      clicked_at: click.at,
    })
    .execute();
}

/** The account's links of one campaign, by long URL. */
export function campaignShortLinks(
  db: Queryable,
  accountId: string,
  campaignId: string,
): Promise<Array<{ code: string; long_url: string }>> {
  return db
    .selectFrom('short_links')
    .select(['code', 'long_url'])
    .where('account_id', '=', accountId)
    .where('campaign_id', '=', campaignId)
    .orderBy('long_url')
    .execute();
}

/** A link's clicks per recipient of its campaign (a null recipient: a click no message matches). */
export function clicksPerRecipient(
  db: Queryable,
  campaignId: string,
  code: string,
): Promise<Array<{ recipient: string | null; n: number }>> {
  return db
    .selectFrom('short_link_clicks as c')
    .leftJoin('messages as m', (j) =>
      j.on('m.campaign_id', '=', campaignId).onRef('m.campaign_seq', '=', 'c.campaign_seq'),
    )
    .select(['m.recipient', (eb) => eb.fn.countAll<number>().as('n')])
    .where('c.code', '=', code)
    .groupBy('m.recipient')
    .execute();
}
