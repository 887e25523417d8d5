/** Routee's SMS tracking entries (`/sms/tracking/...`), rendered from the use cases' part tracking. */
import { fromMicros } from '../../domain/money.js';
import type { CampaignPartTracking, PartTracking } from '../../services/track-sms.js';

export function partTrackingView(p: PartTracking): Record<string, unknown> {
  const status: Record<string, unknown> = { status: p.status, date: new Date(p.updatedAt).toISOString() };
  if (p.detailedStatus) status.reason = { detailedStatus: p.detailedStatus };
  const view: Record<string, unknown> = {
    smsId: p.smsId,
    messageId: p.messageId,
    to: p.to,
    from: p.from,
    body: p.body,
    country: p.country,
    parts: p.parts,
    part: p.partIndex + 1,
    price: fromMicros(p.priceMicros),
    status,
    direction: p.direction,
    originatingService: 'Sms',
    applicationName: p.applicationName,
    groups: [],
    latency: p.latencySeconds,
  };
  if (p.label !== null) view.label = p.label;
  if (p.campaignId !== null) view.campaign = p.campaignId;
  return view;
}

export function campaignPartTrackingView(p: CampaignPartTracking): Record<string, unknown> {
  return {
    ...partTrackingView(p),
    campaignTrackingId: p.campaign.id,
    ...(p.campaign.name !== null && { campaignName: p.campaign.name }),
  };
}
