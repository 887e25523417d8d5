/**
 * Accepts one SMS: prepares it, charges its price and stores the message and its parts as Queued,
 * durably (group-committed with concurrent requests) before the caller answers. A short balance
 * writes nothing.
 */
import { parseAccountSettings } from '../domain/account-settings.js';
import type { PoolFacts } from '../domain/callback-events.js';
import { newId } from '../security/secrets.js';
import { restrictionsColumn } from '../domain/restrictions.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { messageRows } from './message-rows.js';
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
  extra: {
    /** The message's id when the caller chose it already (an SMPP client's concatenated parts). */
    id?: string;
    /** The pool it is sent through (POST /pools/my/{poolId}/sms): its callbacks name it. */
    pool?: PoolFacts;
    /** When it is due, if later than now (an SMPP client's schedule_delivery_time). */
    sendAt?: number;
  } = {},
): Promise<AcceptedSms> {
  const settings = parseAccountSettings(account.settings);
  const prepared = await prepareSms(ctx, settings, req);
  if (prepared.finalParts > prepared.maxParts) throw tooManyParts(prepared.finalParts, prepared.maxParts);
  const trackingId = extra.id ?? newId();
  const now = ctx.clock();
  const ttlMinutes = req.ttlMinutes ?? MAX_TTL_MINUTES;
  const callback = req.callback ?? settings.callback;

  const { message, parts, callbacks } = messageRows(
    {
      id: trackingId,
      account,
      campaignId: null,
      campaignName: null,
      sender: req.from,
      recipient: prepared.recipient.e164,
      country: prepared.recipient.country,
      body: prepared.finalBody,
      label: req.label ?? null,
      flash: req.flash === true,
      parts: prepared.finalParts,
      characters: prepared.analysis.characters,
      encoding: prepared.encoding,
      transcoded: prepared.transcoded,
      pricePerPartMicros: prepared.pricePerPartMicros,
      callback,
      ttlMinutes,
      expiresAt: Math.max(now, extra.sendAt ?? now) + ttlMinutes * 60_000,
      sendAt: Math.max(now, extra.sendAt ?? now),
      now,
      campaignSeq: null,
      reminderOf: null,
      restrictions: restrictionsColumn(req.restrictions),
      pool: extra.pool ?? null,
    },
    ctx.callbacks,
  );
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
