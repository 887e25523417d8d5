/**
 * A message Herald sends on an account's behalf in answer to a handset (a keyword rule's reply, an
 * opt-out confirmation): priced, charged and stored like any SMS of the account, in the transaction
 * that stores what it answers — so the answer exists if and only if the inbound message does. No
 * answer when the destination has no price or the balance does not cover it.
 */
import { parseAccountSettings } from '../domain/account-settings.js';
import type { CallbackRenderers } from '../domain/callback-events.js';
import { analyseBody } from '../domain/gsm.js';
import { analysePhone, type TimezoneIndex } from '../domain/phone.js';
import { PriceList } from '../domain/pricing.js';
import { newId } from '../security/secrets.js';
import { enqueueCallbacks } from '../store/repositories/callback-outbox.js';
import { debit } from '../store/repositories/ledger.js';
import { insertMessageWithParts } from '../store/repositories/messages.js';
import { listPrices } from '../store/repositories/prices.js';
import type { Queryable } from '../store/repositories/queryable.js';
import type { AccountRow } from '../store/schema.js';
import { messageRows } from './message-rows.js';
import { MAX_TTL_MINUTES } from './prepare-sms.js';

export interface AutoReply {
  account: AccountRow;
  /** The account's number the handset wrote to (digits): the answer's sender. */
  from: string;
  /** The handset. */
  to: string;
  text: string;
  now: number;
}

/** Stores the answer as a Queued message; its id, or null when it is not sent. */
export async function storeAutoReply(
  trx: Queryable,
  tz: TimezoneIndex,
  renderers: Pick<CallbackRenderers, 'partStatus'>,
  r: AutoReply,
): Promise<string | null> {
  const phone = analysePhone(r.to, tz);
  if (!phone) return null;
  const pricePerPart = new PriceList(await listPrices(trx)).priceOf('sms', phone.country);
  if (pricePerPart === null) return null;
  const analysis = analyseBody(r.text);
  const id = newId(r.now);
  const { message, parts, callbacks } = messageRows(
    {
      id,
      account: r.account,
      campaignId: null,
      campaignName: null,
      sender: r.from,
      recipient: phone.e164,
      country: phone.country,
      body: r.text,
      label: null,
      flash: false,
      parts: analysis.parts,
      characters: analysis.characters,
      encoding: analysis.encoding,
      transcoded: false,
      pricePerPartMicros: pricePerPart,
      callback: parseAccountSettings(r.account.settings).callback,
      ttlMinutes: MAX_TTL_MINUTES,
      expiresAt: r.now + MAX_TTL_MINUTES * 60_000,
      sendAt: r.now,
      now: r.now,
      campaignSeq: null,
      reminderOf: null,
      restrictions: null,
    },
    renderers,
  );
  const charged = await debit(trx, {
    accountId: r.account.id,
    amountMicros: pricePerPart * analysis.parts,
    kind: 'charge',
    reference: id,
    description: `sms ${analysis.parts} part(s) to ${phone.country} (automatic reply)`,
    now: r.now,
  });
  if (charged === null) return null;
  await insertMessageWithParts(trx, message, parts);
  if (callbacks.length > 0) await enqueueCallbacks(trx, callbacks, r.now);
  return id;
}
