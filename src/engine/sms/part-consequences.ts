/**
 * What follows from part changes, in the flush's transaction: the callbacks their messages ask for
 * (per part, and per message once final), rendered by the face that asked (`CallbackRenderers`);
 * refunds of what never reached the operator, one ledger row per message; message statuses from all
 * their parts. The facts come with the change when the flush read them (receipts looked up) or from
 * the claim (parts this node sent); only what may have changed since, or what nothing brought, is read.
 */
import type { CallbackRenderers } from '../../domain/callback-events.js';
import { aggregateStatus } from '../../domain/sms-callback.js';
import type { ClaimedPart } from '../../store/part-claims.js';
import type { ChangeFacts } from '../../store/part-facts.js';
import type { Outcome, PartOutcomeStatements } from '../../store/part-outcomes.js';
import type { OutboxEntry } from '../../store/repositories/callback-outbox.js';
import { credit } from '../../store/repositories/ledger.js';
import type { Queryable } from '../../store/repositories/queryable.js';
import type { CallbackWriter, ReadyCallback } from '../callbacks/callback-handoff.js';
import { addToOutcomeGroup, type PartChange } from './part-change.js';
import { smsCallbackEntry } from './part-facts.js';
import { messageCallbackWanted, partCallbackWanted } from '../rules/callbacks.js';
import { refundsByMessage } from '../rules/refunds.js';

export class PartConsequences {
  constructor(
    private readonly statements: PartOutcomeStatements,
    private readonly renderers: CallbackRenderers,
    private readonly callbacks: CallbackWriter,
  ) {}

  /**
   * The facts of parts known from their claim. Only what may change since is read: the account's
   * name and signing key, the campaign's name — one short read per flush, when a callback needs them.
   */
  private async factsOfClaimed(trx: Queryable, parts: ClaimedPart[]): Promise<ChangeFacts[]> {
    if (parts.length === 0) return [];
    const calling = parts.filter((p) => p.callbackUrl !== null);
    const accounts = new Map<string, { name: string; signing_key: string }>();
    const campaigns = new Map<string, string>();
    const accountIds = [...new Set(calling.map((p) => p.accountId))];
    if (accountIds.length > 0) {
      for (const a of await this.statements.accountsForCallbacks(trx, accountIds)) accounts.set(a.id, a);
    }
    const campaignIds = [...new Set(calling.flatMap((p) => (p.campaignId ? [p.campaignId] : [])))];
    if (campaignIds.length > 0) {
      for (const c of await this.statements.campaignNames(trx, campaignIds)) campaigns.set(c.id, c.name);
    }
    const pools = new Map<string, string>();
    const poolIds = [...new Set(calling.flatMap((p) => (p.poolId ? [p.poolId] : [])))];
    if (poolIds.length > 0) {
      for (const c of await this.statements.poolNames(trx, poolIds)) pools.set(c.id, c.name);
    }
    return parts.map((p) => ({
      campaign_name: p.campaignId ? (campaigns.get(p.campaignId) ?? null) : null,
      id: p.id,
      sms_id: p.smsId,
      part_index: p.partIndex,
      price_micros: p.priceMicros,
      message_id: p.messageId,
      account_id: p.accountId,
      campaign_id: p.campaignId,
      parts: p.parts,
      label: p.label,
      recipient: p.recipient,
      sender: p.sender,
      country: p.country,
      body: p.body,
      callback_url: p.callbackUrl,
      callback_strategy: p.callbackStrategy,
      created_at: p.createdAt,
      account_name: accounts.get(p.accountId)?.name ?? '',
      signing_key: accounts.get(p.accountId)?.signing_key ?? '',
      pool_id: p.poolId,
      pool_strategy: p.poolStrategy,
      pool_name: p.poolId ? (pools.get(p.poolId) ?? '') : null,
    }));
  }

  /** Message statuses, refunds and callbacks that follow from part changes. */
  async apply(trx: Queryable, changes: PartChange[], now: number, ready: ReadyCallback[]): Promise<void> {
    const facts: ChangeFacts[] = [];
    const unread: number[] = [];
    const claimed: ClaimedPart[] = [];
    for (const c of changes) {
      if (c.facts) facts.push(c.facts);
      else if (c.claimed) claimed.push(c.claimed);
      else if (c.quietMessageId === undefined) unread.push(c.partId);
    }
    facts.push(...(await this.factsOfClaimed(trx, claimed)));
    for (let i = 0; i < unread.length; i += 500) {
      facts.push(...(await this.statements.factsOf(trx, unread.slice(i, i + 500))));
    }
    const factById = new Map(facts.map((f) => [Number(f.id), f]));

    const callbacks: OutboxEntry[] = [];
    const signingKeys: string[] = [];
    for (const c of changes) {
      const f = factById.get(c.partId);
      const url = f?.callback_url;
      if (!f || !url || !partCallbackWanted(url, f.callback_strategy, c.status)) continue;
      callbacks.push(smsCallbackEntry(this.renderers, f, url, c.status, c.detailedStatus, now));
      signingKeys.push(f.signing_key);
    }
    // Refunds: one ledger row per message.
    for (const [messageId, r] of refundsByMessage(changes, (id) => factById.get(id))) {
      await credit(trx, {
        accountId: r.accountId,
        amountMicros: r.micros,
        kind: 'refund',
        reference: messageId,
        description: 'parts not delivered to the operator',
        now,
      });
    }

    // Message statuses from all their parts. A one-part message's part is the change just applied
    // (the last one, when a flush holds two); only longer messages read their other parts.
    const byMessage = new Map<string, Array<{ status: string; detailedStatus: string | null }>>();
    const longer = new Set<string>();
    for (const c of changes) {
      if (c.quietMessageId !== undefined) {
        byMessage.set(c.quietMessageId, [{ status: c.status, detailedStatus: c.detailedStatus }]);
        continue;
      }
      const f = factById.get(c.partId);
      if (!f) continue;
      if (f.parts === 1)
        byMessage.set(f.message_id, [{ status: c.status, detailedStatus: c.detailedStatus }]);
      else longer.add(f.message_id);
    }
    const longerIds = [...longer];
    for (let i = 0; i < longerIds.length; i += 500) {
      const allParts = await this.statements.partStatusesOf(trx, longerIds.slice(i, i + 500));
      for (const p of allParts) {
        const list = byMessage.get(p.message_id) ?? [];
        list.push({ status: p.status, detailedStatus: p.detailed_status });
        byMessage.set(p.message_id, list);
      }
    }
    const byOutcome = new Map<string, Outcome & { members: string[] }>();
    for (const [messageId, parts] of byMessage)
      addToOutcomeGroup(byOutcome, aggregateStatus(parts), messageId);
    // OnMessageCompletion: one callback per message, once its status is final.
    const perMessage: OutboxEntry[] = [];
    const factOfMessage = new Map(facts.map((f) => [f.message_id, f]));
    for (const g of byOutcome.values()) {
      for (const id of g.members) {
        const f = factOfMessage.get(id);
        const url = f?.callback_url;
        if (!f || !url || !messageCallbackWanted(url, f.callback_strategy, g.status)) continue;
        perMessage.push({
          accountId: f.account_id,
          kind: 'message',
          orderKey: id,
          url,
          payload: this.renderers.messageOutcome({
            campaignId: f.campaign_id,
            recipient: f.recipient,
            status: g.status,
            detailedStatus: g.detailedStatus,
            priceMicros: f.price_micros,
            at: now,
          }),
        });
        signingKeys.push(f.signing_key);
      }
    }
    await this.callbacks.write(trx, [...callbacks, ...perMessage], signingKeys, now, ready);
    for (const g of byOutcome.values()) {
      for (let i = 0; i < g.members.length; i += 500) {
        await this.statements.setMessagesStatus(trx, g.members.slice(i, i + 500), g, now);
      }
    }
  }
}
