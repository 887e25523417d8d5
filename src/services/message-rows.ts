/**
 * The rows one accepted SMS becomes: its message, one row per part, and the Queued callbacks its
 * callback setting asks for. One builder for single sends (services/send-sms.ts) and campaigns
 * (services/campaign-plan.ts), so both store the same columns the same way and call back alike.
 */
import type { CallbackRenderers, PoolFacts } from '../domain/callback-events.js';
import { type MessageCallbackSetting, shouldSendSmsCallback } from '../domain/sms-callback.js';
import { newId } from '../security/secrets.js';
import type { OutboxEntry } from '../store/repositories/callback-outbox.js';
import type { MessagePartRow, MessageRow } from '../store/schema.js';

export interface NewMessage {
  id: string;
  account: { id: string; name: string };
  campaignId: string | null;
  campaignName: string | null;
  sender: string;
  recipient: string;
  country: string;
  body: string;
  label: string | null;
  flash: boolean;
  parts: number;
  characters: number;
  encoding: string;
  transcoded: boolean;
  pricePerPartMicros: number;
  callback: MessageCallbackSetting | null | undefined;
  ttlMinutes: number;
  expiresAt: number;
  /** When it is due (after `now`: held until then). */
  sendAt: number;
  now: number;
  campaignSeq: number | null;
  reminderOf: string | null;
  /** The restrictions column (JSON) or null. */
  restrictions: string | null;
  /** The pool it is sent through (its callbacks name it), if any. */
  pool?: PoolFacts | null;
}

/** A part as it is first written (the columns the database does not fill in). */
export type NewPart = Pick<
  MessagePartRow,
  | 'sms_id'
  | 'message_id'
  | 'account_id'
  | 'part_index'
  | 'status'
  | 'detailed_status'
  | 'price_micros'
  | 'smsc_id'
  | 'link_id'
  | 'attempts'
  | 'next_attempt_at'
  | 'updated_at'
  | 'queue_state'
>;

export interface MessageRows {
  message: MessageRow;
  parts: NewPart[];
  callbacks: OutboxEntry[];
}

export function messageRows(m: NewMessage, renderers: Pick<CallbackRenderers, 'partStatus'>): MessageRows {
  const cb = m.callback ?? null;
  const message: MessageRow = {
    id: m.id,
    account_id: m.account.id,
    campaign_id: m.campaignId,
    sender: m.sender,
    recipient: m.recipient,
    country: m.country,
    body: m.body,
    label: m.label,
    flash: m.flash ? 1 : 0,
    status: 'Queued',
    detailed_status: null,
    parts: m.parts,
    characters: m.characters,
    encoding: m.encoding,
    transcoded: m.transcoded ? 1 : 0,
    price_micros: m.pricePerPartMicros * m.parts,
    callback_url: cb?.url ?? null,
    callback_strategy: cb?.strategy ?? null,
    ttl_minutes: m.ttlMinutes,
    expires_at: m.expiresAt,
    send_at: m.sendAt,
    created_at: m.now,
    updated_at: m.now,
    campaign_seq: m.campaignSeq,
    reminder_of: m.reminderOf,
    restrictions: m.restrictions,
    pool_id: m.pool?.id ?? null,
    pool_strategy: m.pool?.strategy ?? null,
  };
  const queueState = m.sendAt > m.now ? 'scheduled' : 'ready';
  const callsOnQueued = cb !== null && shouldSendSmsCallback(cb.strategy, 'Queued');
  const parts: NewPart[] = [];
  const callbacks: OutboxEntry[] = [];
  for (let i = 0; i < m.parts; i++) {
    const smsId = newId(m.now);
    parts.push({
      sms_id: smsId,
      message_id: m.id,
      account_id: m.account.id,
      part_index: i,
      status: 'Queued',
      detailed_status: null,
      price_micros: m.pricePerPartMicros,
      smsc_id: null,
      link_id: null,
      attempts: 0,
      next_attempt_at: m.sendAt,
      updated_at: m.now,
      queue_state: queueState,
    });
    if (callsOnQueued) {
      callbacks.push({
        accountId: m.account.id,
        kind: 'sms',
        orderKey: smsId,
        url: cb.url,
        payload: renderers.partStatus({
          messageId: m.id,
          smsId,
          campaignId: m.campaignId,
          campaignName: m.campaignName,
          partIndex: i,
          parts: m.parts,
          label: m.label,
          to: m.recipient,
          from: m.sender,
          country: m.country,
          body: m.body,
          applicationName: m.account.name,
          priceMicros: m.pricePerPartMicros,
          status: 'Queued',
          detailedStatus: null,
          updatedAt: m.now,
          createdAt: m.now,
          pool: m.pool ?? null,
        }),
      });
    }
  }
  return { message, parts, callbacks };
}
