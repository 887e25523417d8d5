/** Tracking of one message: one entry per SMS part, as Routee's GET /sms/tracking/single answers. */
import { fromMicros } from '../domain/money.js';
import { findMessageWithParts } from '../store/repositories/messages.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';

export interface PartTracking {
  smsId: string;
  messageId: string;
  to: string;
  from: string;
  body: string;
  country: string;
  parts: number;
  part: number;
  price: number;
  label?: string;
  status: { status: string; date: string; reason?: { detailedStatus: string } };
  direction: 'Outbound';
  originatingService: 'Sms';
  applicationName: string;
  groups: string[];
  latency: number;
  campaign?: string;
}

export async function trackSms(
  ctx: ServiceContext,
  account: AccountRow,
  messageId: string,
): Promise<PartTracking[]> {
  const found = await findMessageWithParts(ctx.store.db, account.id, messageId);
  if (!found) throw new ServiceError('message-not-found', 'Tracking not found.');
  const { message, parts } = found;
  return parts.map((p) => {
    const item: PartTracking = {
      smsId: p.sms_id,
      messageId: message.id,
      to: message.recipient,
      from: message.sender,
      body: message.body,
      country: message.country,
      parts: message.parts,
      part: p.part_index + 1,
      price: fromMicros(p.price_micros),
      status: { status: p.status, date: new Date(p.updated_at).toISOString() },
      direction: 'Outbound',
      originatingService: 'Sms',
      applicationName: account.name,
      groups: [],
      latency: 0,
    };
    if (p.detailed_status) item.status.reason = { detailedStatus: p.detailed_status };
    if (message.label !== null) item.label = message.label;
    if (message.campaign_id !== null) item.campaign = message.campaign_id;
    return item;
  });
}
