/**
 * Routee's campaign resources (SMS and voice) and its voice call tracking, rendered from the use
 * cases' records. The campaign row keeps the request as Routee echoes it; the record brings the
 * analysis it was accepted with and the live parts (status counts, cost so far).
 */
import { isoTimeOrUndefined } from '../../domain/dates.js';
import { fromMicros } from '../../domain/money.js';
import type { Account } from '../../services/account.js';
import type { SmsCampaignRecord } from '../../services/campaigns.js';
import type { CampaignRecord } from '../../services/get-campaign.js';
import type { VoiceCallRecord, VoiceCampaignRecord } from '../../services/voice-campaigns.js';
import { smsAnalysisView, voiceAnalysisView } from './analysis-views.js';

type Row = SmsCampaignRecord['row'];

/** The fields both kinds end with: name, schedule, callbacks. */
function common(row: Row, view: Record<string, unknown>): void {
  if (row.name !== null) view.campaignName = row.name;
  const scheduledDate = isoTimeOrUndefined(row.scheduled_at);
  if (scheduledDate) view.scheduledDate = scheduledDate;
  if (row.callback_url) view.callback = { url: row.callback_url, strategy: row.callback_strategy };
  if (row.campaign_callback_url)
    view.campaignCallback = { url: row.campaign_callback_url, strategy: row.campaign_callback_strategy };
}

export function smsCampaignView({ row, statuses, analysis }: SmsCampaignRecord): Record<string, unknown> {
  const echo = JSON.parse(row.request) as Record<string, unknown>;
  // Campaigns stored before 2026-12-03 kept the numbers allowInvalid left out: never shown (seed 000).
  const { invalid: _invalid, ...request } = echo;
  const view: Record<string, unknown> = {
    trackingId: row.id,
    createdAt: new Date(row.created_at).toISOString(),
    type: row.type,
    state: row.state,
    from: row.sender,
    body: row.body,
    ...request,
    statuses,
    smsAnalysis: smsAnalysisView(analysis),
    cost: fromMicros(row.cost_micros),
    totalMessages: row.total_messages,
  };
  common(row, view);
  if (row.ended_at !== null) view.endedAt = new Date(row.ended_at).toISOString();
  return view;
}

export function voiceCampaignView({
  row,
  statuses,
  costMicros,
  analysis,
}: VoiceCampaignRecord): Record<string, unknown> {
  const { voice: _voice, ...echo } = JSON.parse(row.request) as Record<string, unknown>;
  const view: Record<string, unknown> = {
    trackingId: row.id,
    createdAt: new Date(row.created_at).toISOString(),
    type: 'Voice',
    state: row.state,
    from: row.sender,
    ...echo,
    statuses,
    cost: fromMicros(costMicros),
    voiceAnalysis: voiceAnalysisView(analysis),
  };
  common(row, view);
  return view;
}

export function campaignView(record: CampaignRecord): Record<string, unknown> {
  return record.kind === 'voice' ? voiceCampaignView(record) : smsCampaignView(record);
}

export function voiceCallView(account: Account, c: VoiceCallRecord) {
  return {
    messageId: c.id,
    to: c.recipient,
    from: c.sender,
    groups: [],
    country: c.country,
    status: { status: c.status, date: new Date(c.updatedAt).toISOString() },
    statusHistory: c.history,
    campaign: c.campaignId,
    applicationName: account.name,
    originatingService: 'Voice',
    direction: 'Outbound',
    duration: Math.ceil(c.durationMs / 1000),
    price: fromMicros(c.priceMicros),
    chargeInterval: 1,
    collectedTones: c.digits ?? '',
  };
}
