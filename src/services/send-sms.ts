/**
 * Accepts one SMS: prepares it, charges its price and stores the message and its parts as Queued,
 * durably (group-committed with concurrent requests) before the caller answers. A short balance
 * writes nothing.
 */
import { parseAccountSettings } from '../domain/account-settings.js';
import { shouldSendSmsCallback } from '../domain/sms-callback.js';
import { newId } from '../security/secrets.js';
import { restrictionsColumn } from '../domain/restrictions.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { MAX_TTL_MINUTES, type PreparedSms, prepareSms, type SmsRequest } from './prepare-sms.js';
import { tooManyParts } from './part-limit.js';

export interface AcceptedSms {
  trackingId: string;
  createdAt: number;
  request: SmsRequest;
  prepared: PreparedSms;
  callback: SmsRequest['callback'];
  ttlMinutes: number;
}

export async function sendSms(
  ctx: ServiceContext,
  account: AccountRow,
  req: SmsRequest,
): Promise<AcceptedSms> {
  const settings = parseAccountSettings(account.settings);
  const prepared = await prepareSms(ctx, settings, req);
  if (prepared.finalParts > prepared.maxParts) throw tooManyParts(prepared.finalParts, prepared.maxParts);
  const trackingId = newId();
  const now = ctx.clock();
  const ttlMinutes = req.ttlMinutes ?? MAX_TTL_MINUTES;
  const callback = req.callback ?? settings.callback;

  const parts = Array.from({ length: prepared.finalParts }, (_, i) => ({
    sms_id: newId(),
    message_id: trackingId,
    account_id: account.id,
    part_index: i,
    status: 'Queued',
    detailed_status: null,
    price_micros: prepared.pricePerPartMicros,
    smsc_id: null,
    link_id: null,
    attempts: 0,
    next_attempt_at: now,
    updated_at: now,
  }));
  const message = {
    id: trackingId,
    account_id: account.id,
    campaign_id: null,
    sender: req.from,
    recipient: prepared.recipient.e164,
    country: prepared.recipient.country,
    body: prepared.finalBody,
    label: req.label ?? null,
    flash: req.flash ? 1 : 0,
    status: 'Queued',
    detailed_status: null,
    parts: prepared.finalParts,
    characters: prepared.analysis.characters,
    encoding: prepared.encoding,
    transcoded: prepared.transcoded ? 1 : 0,
    price_micros: prepared.totalPriceMicros,
    callback_url: callback?.url ?? null,
    callback_strategy: callback?.strategy ?? null,
    ttl_minutes: ttlMinutes,
    expires_at: now + ttlMinutes * 60_000,
    send_at: now,
    created_at: now,
    updated_at: now,
    campaign_seq: null,
    reminder_of: null,
    restrictions: restrictionsColumn(req.restrictions),
  };
  const callbacks =
    callback && shouldSendSmsCallback(callback.strategy, 'Queued')
      ? parts.map((p) => ({
          accountId: account.id,
          kind: 'sms',
          orderKey: p.sms_id,
          url: callback.url,
          payload: ctx.callbacks.partStatus({
            messageId: trackingId,
            smsId: p.sms_id,
            campaignId: null,
            partIndex: p.part_index,
            parts: prepared.finalParts,
            label: message.label,
            to: message.recipient,
            from: message.sender,
            country: message.country,
            body: message.body,
            applicationName: account.name,
            priceMicros: p.price_micros,
            status: 'Queued',
            detailedStatus: null,
            updatedAt: now,
            createdAt: now,
          }),
        }))
      : [];
  const outcome = await ctx.ingest.accept({
    accountId: account.id,
    amountMicros: prepared.totalPriceMicros,
    ledgerDescription: `sms ${prepared.finalParts} part(s) to ${prepared.recipient.country}`,
    now,
    message,
    parts,
    callbacks,
  });
  if (outcome === 'insufficient-balance') {
    throw new ServiceError('insufficient-balance', "You don't have enough balance to send the SMS.");
  }
  ctx.hooks.messagesQueued();
  return { trackingId, createdAt: now, request: req, prepared, callback, ttlMinutes };
}
