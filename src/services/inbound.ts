/**
 * What Herald does with a mobile-originated message: store it, match it to the message it answers
 * (same number, same sender, the most recent), and for a STOP blacklist the number for the account's
 * SMS service at once; inbound and opt-out callbacks, where the account's settings ask for them, go
 * through the outbox.
 */
import { parseAccountSettings } from '../domain/account-settings.js';
import { isOptOut } from '../domain/opt-out.js';
import type { CallbackRenderers } from '../domain/callback-events.js';
import type { InboundSms } from '../domain/inbound-sms.js';
import { analysePhone, type TimezoneIndex } from '../domain/phone.js';
import { newId } from '../security/secrets.js';
import type { Store } from '../store/database.js';
import { enqueueCallbacks, type OutboxEntry } from '../store/repositories/callback-outbox.js';
import { addBlacklistEntries } from '../store/repositories/blacklists.js';
import { contactIdForMobile } from '../store/repositories/contacts.js';
import { insertInboundMessage, latestMessageBetween } from '../store/repositories/inbound.js';
import { findAccountById } from '../store/repositories/accounts.js';

export async function receiveInbound(
  store: Store,
  tz: TimezoneIndex,
  mo: InboundSms,
  now: number,
  /** Inbound and opt-out callbacks, in the format of the face whose settings ask for them. */
  renderers: Pick<CallbackRenderers, 'inbound' | 'optOut' | 'accountTargets'>,
): Promise<{ id: string; kind: 'reply' | 'stop' | 'unmatched' }> {
  // An operator's NUL (a UCS-2 U+0000) is no character a handset shows, and PostgreSQL's text cannot
  // hold it: kept as the replacement character, the same on both databases.
  mo = {
    ...mo,
    text: mo.text.replaceAll('\0', '\uFFFD'),
    from: mo.from.replaceAll('\0', ''),
    to: mo.to.replaceAll('\0', ''),
  };
  const from = mo.from.startsWith('+') ? mo.from : `+${mo.from}`;
  return store.db.transaction().execute(async (trx) => {
    const answered = await latestMessageBetween(trx, from, mo.to);
    const account = answered ? await findAccountById(trx, answered.account_id) : undefined;
    const settings = account ? parseAccountSettings(account.settings) : {};
    const stop = account !== undefined && isOptOut(mo.text, settings.stopKeywords);
    const kind = !account ? 'unmatched' : stop ? 'stop' : 'reply';
    const id = newId(now);
    await insertInboundMessage(trx, {
      id,
      account_id: account?.id ?? null,
      link_id: mo.linkId,
      sender: from,
      recipient: mo.to,
      body: mo.text,
      in_reply_to: answered?.id ?? null,
      received_at: now,
      kind,
    });
    if (!account || !answered) return { id, kind };

    const callbacks: OutboxEntry[] = [];
    const inReplyTo = answered.campaign_id ?? answered.id;
    const targets = renderers.accountTargets(settings);
    if (stop) {
      const phone = analysePhone(from, tz);
      const contactId = await contactIdForMobile(trx, account.id, from, phone?.country ?? 'XX', now);
      await addBlacklistEntries(trx, account.id, 'Sms', [contactId], now);
      if (targets.optOut) {
        callbacks.push({
          accountId: account.id,
          kind: 'opt-out',
          orderKey: `mo:${from}`,
          url: targets.optOut,
          payload: renderers.optOut({ inReplyTo, from, text: mo.text, at: now }),
        });
      }
    }
    if (targets.inbound && !stop) {
      callbacks.push({
        accountId: account.id,
        kind: 'inbound',
        orderKey: `mo:${from}`,
        url: targets.inbound,
        payload: renderers.inbound({ inReplyTo, from, to: mo.to, text: mo.text, at: now }),
      });
    }
    if (callbacks.length > 0) await enqueueCallbacks(trx, callbacks, now);
    return { id, kind };
  });
}
