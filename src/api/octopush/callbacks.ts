/**
 * Octopush's callbacks, rendered from Herald's callback facts: the delivery report (one per message,
 * on its final status), the inbound message and the opt-out (STOP) callbacks, with the URLs an account
 * set in its Octopush campaign parameters (docs/octopush.md). Octopush writes these dates as
 * "Y-m-d H:i:s" in Paris time.
 */
import type { AccountSettings } from '../../domain/account-settings.js';
import type {
  AccountCallbackTargets,
  CallbackPayload,
  InboundFacts,
  MessageOutcomeFacts,
  OptOutFacts,
} from '../../domain/callback-events.js';
import { fromMicros } from '../../domain/money.js';
import { zonedParts } from '../../domain/zoned-time.js';
import { octopushParameters } from './parameters.js';

/** Octopush's delivery status for a Herald status and detailed status. */
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

/** "Y-m-d H:i:s" in Paris time, as Octopush's callbacks write dates. */
export function parisDate(t: number): string {
  const p = zonedParts(t, 'Europe/Paris');
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** Octopush's delivery callback (one per message, on its final status). */
export function octopushDeliveryPayload(f: MessageOutcomeFacts): CallbackPayload {
  return {
    channel: 'sms',
    message_id: f.campaignId,
    ...(f.listName && { list_name: f.listName }),
    number: f.recipient,
    status: octopushDeliveryStatus(f.status, f.detailedStatus),
    unit_price: fromMicros(f.priceMicros),
    delivery_date: parisDate(f.at),
    meta_data: {},
  };
}

/** Octopush's inbound message callback. */
export function octopushInboundPayload(f: InboundFacts): CallbackPayload {
  return {
    message_id: f.inReplyTo,
    number: f.from,
    text: f.text,
    sim_card_number: f.to,
    reception_date: parisDate(f.at),
  };
}

/** Octopush's opt-out (STOP) callback. */
export function octopushOptOutPayload(f: OptOutFacts): CallbackPayload {
  return { message_id: f.inReplyTo, number: f.from, text: f.text, stop_date: parisDate(f.at) };
}

/** The receivers an account set in its Octopush campaign parameters. */
export function octopushAccountTargets(settings: AccountSettings): AccountCallbackTargets {
  const p = octopushParameters(settings);
  return {
    ...(p?.callback_url_for_inbounds && { inbound: p.callback_url_for_inbounds }),
    ...(p?.callback_url_for_blacklisted_numbers && { optOut: p.callback_url_for_blacklisted_numbers }),
  };
}
