/**
 * Short links of campaigns: each recipient gets its own link (the link's code followed by the
 * recipient's position in base 62), so a click is counted per recipient.
 */
import { splitRecipientCode } from '../domain/short-links.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { campaignNotFound } from './errors.js';
import { findCampaignRow } from '../store/repositories/campaigns.js';
import {
  campaignShortLinks,
  clicksPerRecipient,
  findShortLink,
  recordClick,
} from '../store/repositories/short-links.js';

/** The long URL behind a code (the click is recorded), or null. */
export async function followShortLink(
  ctx: ServiceContext,
  code: string,
  userAgent: string | null,
): Promise<string | null> {
  const parts = splitRecipientCode(code);
  if (!parts) return null;
  const link = await findShortLink(ctx.store.db, parts.linkCode);
  if (!link) return null;
  await recordClick(ctx.store.db, {
    code: link.code,
    campaignSeq: parts.seq,
    userAgent: userAgent ? userAgent.slice(0, 300) : null,
    at: ctx.clock(),
  });
  return link.long_url;
}

/** Clicks per link of a campaign: total, distinct recipients, and per recipient. */
export async function campaignLinkStats(ctx: ServiceContext, account: AccountRow, campaignId: string) {
  const campaign = await findCampaignRow(ctx.store.db, account.id, campaignId);
  if (!campaign) {
    throw campaignNotFound(campaignId);
  }
  const links = await campaignShortLinks(ctx.store.db, account.id, campaignId);
  const out = [];
  for (const l of links) {
    const rows = await clicksPerRecipient(ctx.store.db, campaignId, l.code);
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
