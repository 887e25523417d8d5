/**
 * Routee's callbacks, rendered from Herald's callback facts: the per-part SMS callback (one payload per
 * SMS part, on every status change or on the final one, naming the pool of a pool send), the pool
 * inbound message callback, the campaign callback and the voice message callback (../shared/reference/provider-apis.md §1.11, §2.5, §3.4). Field order is Routee's: clients
 * that hash or diff bodies see the same bytes as before the facts were split from their format.
 */
import type {
  CallbackPayload,
  CampaignStateFacts,
  PartStatusFacts,
  PoolInboundFacts,
  VoiceCallFacts,
} from '../../domain/callback-events.js';
import { fromMicros } from '../../domain/money.js';

const DESCRIPTIONS: Record<string, string> = {
  Queued: 'The SMS is queued for delivery.',
  Sent: 'The SMS was sent to the operator.',
  Delivered: 'The SMS was sent and it was delivered to its recipient.',
  Undelivered: 'The SMS was sent but it was not delivered to its recipient.',
  Failed: 'The SMS could not be sent.',
  Unsent: 'The SMS was not sent: its recipient opted out before it was due.',
  'Network Error': 'The SMS could not reach the operator network within its validity period.',
};

/** Routee's SMS callback about one part. */
export function smsCallbackPayload(f: PartStatusFacts): CallbackPayload {
  const status: Record<string, unknown> = {
    name: f.status,
    updatedDate: new Date(f.updatedAt).toISOString(),
  };
  const description = DESCRIPTIONS[f.status];
  if (f.detailedStatus || description) {
    status.reason = {
      ...(f.detailedStatus && { detailedStatus: f.detailedStatus }),
      ...(description && { description }),
    };
  }
  const payload: Record<string, unknown> = {
    messageId: f.messageId,
    smsId: f.smsId,
    part: f.partIndex + 1,
    parts: f.parts,
    to: f.to,
    from: f.from,
    country: f.country,
    groups: [],
    status,
    message: f.body,
    applicationName: f.applicationName,
    latency: Math.max(0, Math.round((f.updatedAt - f.createdAt) / 1000)),
    price: fromMicros(f.priceMicros),
    direction: 'Outbound',
    originatingService: 'Sms',
  };
  if (f.label !== null) payload.label = f.label;
  if (f.campaignId !== null) payload.campaignTrackingId = f.campaignId;
  if (f.campaignName) payload.campaignName = f.campaignName;
  if (f.pool) {
    payload.poolName = f.pool.name;
    payload.poolId = f.pool.id;
    payload.poolStrategy = f.pool.strategy;
  }
  return payload;
}

/** Routee's pool inbound message callback. */
export function poolInboundCallbackPayload(f: PoolInboundFacts): CallbackPayload {
  return {
    direction: 'Inbound',
    from: f.from,
    message: f.text,
    parts: f.parts,
    receivedDate: new Date(f.at).toISOString(),
    messageId: f.messageId,
    to: f.to,
    originatingService: 'Sms',
    price: fromMicros(f.priceMicros),
  };
}

/** Routee's campaign callback. */
export function campaignCallbackPayload(f: CampaignStateFacts): CallbackPayload {
  return {
    trackingId: f.trackingId,
    name: f.name ?? '',
    totalRecipients: f.totalRecipients,
    campaignStatus: f.state,
    messageStatuses: { ...f.counts },
    callbackInfo: { url: f.callback.url, strategy: f.callback.strategy },
  };
}

/** Routee's voice message callback. */
export function voiceCallbackPayload(f: VoiceCallFacts): CallbackPayload {
  return {
    messageId: f.callId,
    campaignTrackingId: f.campaignId,
    to: f.to,
    from: f.from,
    groups: [],
    ...(f.campaignName && { campaignName: f.campaignName }),
    country: f.country,
    applicationName: f.applicationName,
    price: fromMicros(f.priceMicros),
    originatingService: 'Voice',
    direction: 'Outbound',
    status: { name: f.status, updatedDate: new Date(f.at).toISOString() },
    ...(f.speech && { audioMessage: f.speech }),
    ...(f.fileUrl && { fileURL: f.fileUrl }),
    hangupDelay: f.hangupDelay,
    respectQuietHours: f.respectQuietHours,
    duration: Math.ceil(f.durationMs / 1000),
    createdAt: new Date(f.createdAt).toISOString(),
    chargeInterval: 1,
    ...(f.digits && { collectedTones: f.digits }),
  };
}
