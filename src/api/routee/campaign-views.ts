/**
 * Routee's campaign resources (SMS and voice) and its voice call tracking, rendered from the use
 * cases' records: what the campaign was asked (echoed under Routee's names), the analysis it was
 * accepted with and the live parts (status counts, cost so far).
 */
import { isoTimeOrUndefined } from '../../domain/dates.js';
import { fromMicros } from '../../domain/money.js';
import type { Account } from '../../services/account.js';
import type { SmsCampaignRecord, SmsCampaignSettings } from '../../services/campaigns.js';
import type { CampaignRecord } from '../../services/get-campaign.js';
import type { VoiceCallRecord, VoiceCampaignRecord } from '../../services/voice-campaigns.js';
import type { VoiceCampaignSettings } from '../../voice/plan.js';
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

/** The request as Routee echoes it back: what was asked, defaults filled, in Routee's order. */
function smsRequestEcho(s: SmsCampaignSettings): Record<string, unknown> {
  const echo: Record<string, unknown> = {
    to: s.to,
    contacts: s.contacts,
    groups: s.groups,
    flash: s.flash,
    respectQuietHours: s.respectQuietHours,
    ttl: s.ttlMinutes,
    reminder: s.reminder,
    fallbackValues: s.fallbackValues,
    allowInvalid: s.allowInvalid,
    urlShortener: s.urlShortener,
    restrictions: s.restrictions,
    transcode: s.transcode,
  };
  for (const key of Object.keys(echo)) if (echo[key] === undefined) delete echo[key];
  return echo;
}

export function smsCampaignView({
  row,
  statuses,
  settings,
  analysis,
}: SmsCampaignRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    trackingId: row.id,
    createdAt: new Date(row.created_at).toISOString(),
    type: row.type,
    state: row.state,
    from: row.sender,
    body: row.body,
    ...smsRequestEcho(settings),
    statuses,
    smsAnalysis: smsAnalysisView(analysis),
    cost: fromMicros(row.cost_micros),
    totalMessages: row.total_messages,
  };
  common(row, view);
  if (row.ended_at !== null) view.endedAt = new Date(row.ended_at).toISOString();
  return view;
}

/** The voice request as Routee echoes it back, in Routee's order. */
function voiceRequestEcho(s: VoiceCampaignSettings): Record<string, unknown> {
  return {
    to: s.to,
    contacts: s.contacts,
    groups: s.groups,
    ...(s.plan.message && { message: s.plan.message }),
    ...(s.plan.fileURL && { fileURL: s.plan.fileURL }),
    respectQuietHours: s.respectQuietHours,
    ignoreDnd: s.ignoreDnd,
    hangupDelay: s.hangupDelay,
    collectDtmfDigits: s.plan.collectDtmfDigits,
    collectDtmfAwaitSeconds: s.plan.collectDtmfAwaitSeconds,
  };
}

export function voiceCampaignView({
  row,
  statuses,
  costMicros,
  settings,
  analysis,
}: VoiceCampaignRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    trackingId: row.id,
    createdAt: new Date(row.created_at).toISOString(),
    type: 'Voice',
    state: row.state,
    from: row.sender,
    ...voiceRequestEcho(settings),
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
