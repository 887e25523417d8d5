/**
 * Routee's per-message SMS callback: one payload per SMS part, on every status change (OnChange) or
 * on the final status only (OnCompletion).
 */
import type { CallbackStrategy } from './account-settings.js';
import { fromMicros } from './money.js';
import { zonedParts } from './zoned-time.js';

/**
 * Final statuses. Herald's `Unsent`: accepted but deliberately not sent — its recipient opted out (or
 * was blacklisted) before its time to go came. `Network Error`: it never reached an operator within
 * its ttl although it was tried (no link up, link errors, submit timeouts, temporary refusals).
 */
export const FINAL_SMS_STATUSES: ReadonlySet<string> = new Set([
  'Delivered',
  'Undelivered',
  'Failed',
  'Unsent',
  'Network Error',
]);

const DESCRIPTIONS: Record<string, string> = {
  Queued: 'The SMS is queued for delivery.',
  Sent: 'The SMS was sent to the operator.',
  Delivered: 'The SMS was sent and it was delivered to its recipient.',
  Undelivered: 'The SMS was sent but it was not delivered to its recipient.',
  Failed: 'The SMS could not be sent.',
  Unsent: 'The SMS was not sent: its recipient opted out before it was due.',
  'Network Error': 'The SMS could not reach the operator network within its validity period.',
};

/** Messages sent through Octopush's API: an Octopush delivery callback on the final status. */
export const OCTOPUSH_DLR_STRATEGY = 'OctopushDlr';

export interface SmsCallbackFacts {
  messageId: string;
  smsId: string;
  campaignId: string | null;
  campaignName?: string | null;
  partIndex: number;
  parts: number;
  label: string | null;
  to: string;
  from: string;
  country: string;
  body: string;
  applicationName: string;
  priceMicros: number;
  status: string;
  detailedStatus: string | null;
  updatedAt: number;
  createdAt: number;
}

export function shouldSendSmsCallback(strategy: CallbackStrategy | string | null, status: string): boolean {
  if (strategy === 'OnChange') return true;
  if (strategy === 'OnCompletion' || strategy === OCTOPUSH_DLR_STRATEGY)
    return FINAL_SMS_STATUSES.has(status);
  return false;
}

export function smsCallbackPayload(f: SmsCallbackFacts): Record<string, unknown> {
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
  return payload;
}

/** A message's status from its parts: the least advanced while any is open, the worst once all are final. */
export function aggregateStatus(parts: ReadonlyArray<{ status: string; detailedStatus: string | null }>): {
  status: string;
  detailedStatus: string | null;
} {
  const open = parts.filter((p) => !FINAL_SMS_STATUSES.has(p.status));
  if (open.length > 0) {
    return { status: open.some((p) => p.status === 'Queued') ? 'Queued' : 'Sent', detailedStatus: null };
  }
  for (const worst of ['Failed', 'Network Error', 'Unsent', 'Undelivered']) {
    const p = parts.find((x) => x.status === worst);
    if (p) return { status: worst, detailedStatus: p.detailedStatus };
  }
  return { status: 'Delivered', detailedStatus: 'Delivered' };
}

/** Octopush's delivery status for a Routee status and detailed status. */
export function octopushDeliveryStatus(status: string, detailedStatus: string | null): string {
  if (status === 'Delivered') return 'DELIVERED';
  if (status === 'Failed') return detailedStatus === 'Unknown Number' ? 'BAD_DESTINATION' : 'NOT_ALLOWED';
  if (status === 'Unsent') return 'BLACKLISTED_NUMBER';
  if (status === 'Network Error') return 'NOT_DELIVERED';
  if (status === 'Undelivered') {
    if (detailedStatus === 'Unknown Number') return 'BAD_DESTINATION';
    if (detailedStatus === 'Unknown Status') return 'UNKNOWN_DELIVERY';
    return 'NOT_DELIVERED';
  }
  return 'ACK';
}

/** "Y-m-d H:i:s" in Paris time, as Octopush writes dates. */
export function octopushDate(t: number): string {
  const p = zonedParts(t, 'Europe/Paris');
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** Octopush's delivery callback (one per message, on its final status). */
export function octopushDeliveryPayload(f: {
  ticket: string | null;
  number: string;
  status: string;
  detailedStatus: string | null;
  priceMicros: number;
  at: number;
  listName?: string | null;
}): Record<string, unknown> {
  return {
    channel: 'sms',
    message_id: f.ticket,
    ...(f.listName && { list_name: f.listName }),
    number: f.number,
    status: octopushDeliveryStatus(f.status, f.detailedStatus),
    unit_price: fromMicros(f.priceMicros),
    delivery_date: octopushDate(f.at),
    meta_data: {},
  };
}
