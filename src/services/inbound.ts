/**
 * What Herald does with a mobile-originated message. Its owner is the account the number it was
 * written to is assigned to; for any other number, the account whose message it answers (same
 * numbers, the most recent). Then, in one transaction: the message is stored; a STOP blacklists the
 * handset for the account's SMS service and is confirmed in the handset's language when the account
 * wrote a confirmation; a keyword of the number's rules is answered with the rule's reply; and the
 * message goes where its number routes it — the account's SMPP receiver binds (owed until one takes
 * it), or the callbacks: the pool's inbound callback (Routee's format) and the account's inbound or
 * opt-out callback (Octopush's parameters), through the outbox.
 */
import { type AccountSettings, parseAccountSettings } from '../domain/account-settings.js';
import type { CallbackRenderers } from '../domain/callback-events.js';
import { textForCountry } from '../domain/country-language.js';
import { analyseBody } from '../domain/gsm.js';
import type { InboundSms } from '../domain/inbound-sms.js';
import { matchKeywordRule } from '../domain/keyword-rules.js';
import { isOptOut } from '../domain/opt-out.js';
import { analysePhone, type TimezoneIndex } from '../domain/phone.js';
import { numberKey, parsePoolSettings } from '../domain/pools.js';
import { newId } from '../security/secrets.js';
import { findAccountById } from '../store/repositories/accounts.js';
import { addBlacklistEntries } from '../store/repositories/blacklists.js';
import { enqueueCallbacks, type OutboxEntry } from '../store/repositories/callback-outbox.js';
import { contactIdForMobile } from '../store/repositories/contacts.js';
import { insertInboundMessage, latestMessageBetween } from '../store/repositories/inbound.js';
import { findNumber, findPool, keywordRulesOf, type NumberRow } from '../store/repositories/numbers.js';
import type { Queryable } from '../store/repositories/queryable.js';
import { insertOwedInbound } from '../store/repositories/smpp-inbound.js';
import type { Store } from '../store/database.js';
import type { AccountRow } from '../store/schema.js';
import { storeAutoReply } from './auto-reply.js';

export type InboundKind = 'reply' | 'stop' | 'keyword' | 'unmatched';

export interface InboundOutcome {
  id: string;
  kind: InboundKind;
  /** The answer Herald queued (keyword reply or opt-out confirmation), if any. */
  answerId: string | null;
}

type Renderers = Pick<
  CallbackRenderers,
  'inbound' | 'optOut' | 'accountTargets' | 'poolInbound' | 'partStatus'
>;

export async function receiveInbound(
  store: Store,
  tz: TimezoneIndex,
  mo: InboundSms,
  now: number,
  /** Inbound and opt-out callbacks, in the format of the face whose settings ask for them. */
  renderers: Renderers,
): Promise<InboundOutcome> {
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
    const owned = await findNumber(trx, numberKey(mo.to));
    const found = await latestMessageBetween(trx, from, owned?.number ?? mo.to, owned?.pool_id ?? undefined);
    // A number's messages are its owner's: another account that once sent from it is not answered.
    const answered = owned && found?.account_id !== owned.account_id ? undefined : found;
    const accountId = owned?.account_id ?? answered?.account_id;
    const account = accountId ? await findAccountById(trx, accountId) : undefined;
    const settings = account ? parseAccountSettings(account.settings) : {};
    const stop = account !== undefined && isOptOut(mo.text, settings.stopKeywords);
    const rule =
      owned && !stop
        ? matchKeywordRule(await keywordRulesOf(trx, owned.account_id, owned.number), mo.text)
        : undefined;
    const kind: InboundKind = !account ? 'unmatched' : stop ? 'stop' : rule ? 'keyword' : 'reply';
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
      pool_id: owned?.pool_id ?? null,
    });
    if (!account) return { id, kind, answerId: null };

    const phone = analysePhone(from, tz);
    if (stop) {
      const contactId = await contactIdForMobile(trx, account.id, from, phone?.country ?? 'XX', now);
      await addBlacklistEntries(trx, account.id, 'Sms', [contactId], now);
    }
    const answerText = stop
      ? settings.optOutConfirmation && textForCountry(settings.optOutConfirmation, phone?.country ?? '')
      : rule?.reply;
    const answerId = answerText
      ? await storeAutoReply(trx, tz, renderers, {
          account,
          from: owned?.number ?? mo.to,
          to: from,
          text: answerText,
          now,
        })
      : null;

    if (owned?.inbound_route === 'smpp') await insertOwedInbound(trx, id, account.id, now);
    else {
      const callbacks = await callbacksOf(trx, renderers, account, settings, owned, {
        id,
        from,
        mo,
        stop,
        inReplyTo: answered ? (answered.campaign_id ?? answered.id) : null,
        now,
      });
      if (callbacks.length > 0) await enqueueCallbacks(trx, callbacks, now);
    }
    return { id, kind, answerId };
  });
}

async function callbacksOf(
  trx: Queryable,
  renderers: Renderers,
  account: AccountRow,
  settings: AccountSettings,
  owned: NumberRow | undefined,
  m: { id: string; from: string; mo: InboundSms; stop: boolean; inReplyTo: string | null; now: number },
): Promise<OutboxEntry[]> {
  const callbacks: OutboxEntry[] = [];
  const orderKey = `mo:${m.from}`;
  const pool = owned?.pool_id ? await findPool(trx, account.id, owned.pool_id) : undefined;
  const poolUrl = pool ? parsePoolSettings(pool.settings).inboundSMSCallbackUrl : undefined;
  if (poolUrl) {
    callbacks.push({
      accountId: account.id,
      kind: 'inbound',
      orderKey,
      url: poolUrl,
      payload: renderers.poolInbound({
        messageId: m.id,
        from: m.from,
        to: owned!.number,
        text: m.mo.text,
        parts: analyseBody(m.mo.text).parts,
        at: m.now,
        priceMicros: 0,
      }),
    });
  }
  // The account-wide receivers are told of replies to its messages and of its own numbers' messages.
  if (!owned && m.inReplyTo === null) return callbacks;
  const targets = renderers.accountTargets(settings);
  if (m.stop && targets.optOut) {
    callbacks.push({
      accountId: account.id,
      kind: 'opt-out',
      orderKey,
      url: targets.optOut,
      payload: renderers.optOut({ inReplyTo: m.inReplyTo, from: m.from, text: m.mo.text, at: m.now }),
    });
  }
  if (!m.stop && targets.inbound) {
    callbacks.push({
      accountId: account.id,
      kind: 'inbound',
      orderKey,
      url: targets.inbound,
      payload: renderers.inbound({
        inReplyTo: m.inReplyTo,
        from: m.from,
        to: m.mo.to,
        text: m.mo.text,
        at: m.now,
      }),
    });
  }
  return callbacks;
}
