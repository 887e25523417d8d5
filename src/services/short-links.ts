/**
 * Short links of campaigns: each recipient gets its own link (the link's code followed by the
 * recipient's position in base 62), so a click is counted per recipient.
 */
import { splitRecipientCode } from '../domain/short-links.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { campaignNotFound } from './errors.js';
import { findCampaignRow } from '../store/repositories/campaigns.js';

/** The long URL behind a code (the click is recorded), or null. */
export async function followShortLink(
  ctx: ServiceContext,
  code: string,
  userAgent: string | null,
): Promise<string | null> {
  const parts = splitRecipientCode(code);
  if (!parts) return null;
  const link = await ctx.store.db
    .selectFrom('short_links')
    .select(['code', 'long_url'])
    .where('code', '=', parts.linkCode)
    .executeTakeFirst();
  if (!link) return null;
  await ctx.store.db
    .insertInto('short_link_clicks')
    .values({
      code: link.code,
      campaign_seq: parts.seq,
      user_agent: userAgent ? userAgent.slice(0, 300) : null,
      clicked_at: ctx.clock(),
    })
    .execute();
  return link.long_url;
}

/** Clicks per link of a campaign: total, distinct recipients, and per recipient. */
export async function campaignLinkStats(ctx: ServiceContext, account: AccountRow, campaignId: string) {
  const campaign = await findCampaignRow(ctx.store.db, account.id, campaignId);
  if (!campaign) {
    throw campaignNotFound(campaignId);
  }
  const links = await ctx.store.db
    .selectFrom('short_links')
    .select(['code', 'long_url'])
    .where('account_id', '=', account.id)
    .where('campaign_id', '=', campaignId)
    .orderBy('long_url')
    .execute();
  const out = [];
  for (const l of links) {
    const rows = await ctx.store.db
      .selectFrom('short_link_clicks as c')
      .leftJoin('messages as m', (j) =>
        j.on('m.campaign_id', '=', campaignId).onRef('m.campaign_seq', '=', 'c.campaign_seq'),
      )
      .select(['m.recipient', (eb) => eb.fn.countAll<number>().as('n')])
      .where('c.code', '=', l.code)
      .groupBy('m.recipient')
      .execute();
    const recipients = rows.filter((r) => r.recipient !== null);
    out.push({
      url: l.long_url,
      code: l.code,
      clicks: rows.reduce((s, r) => s + Number(r.n), 0),
      uniqueRecipients: recipients.length,
      recipients: recipients.map((r) => ({ to: r.recipient!, clicks: Number(r.n) })),
    });
  }
  return out;
}
