/**
 * Applies what happens to parts — submitted, retried, failed, receipts, expiry — in batches: one
 * transaction per flush updates the parts, recomputes their messages' statuses, refunds what the
 * ledger should refund and writes the callbacks to the outbox. Receipts that match no part yet are
 * parked and retried; a receipt is acknowledged to the SMSC only after its flush committed.
 */
import { normaliseSmscId, type ReceiptStat, statusOfReceipt } from '../domain/delivery-receipt.js';
import type { CallbackRenderers } from '../domain/callback-events.js';
import { aggregateStatus } from '../domain/sms-callback.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/database.js';
import { credit } from '../store/repositories/ledger.js';
import type { Queryable } from '../store/repositories/queryable.js';
import {
  enqueueCallbacks,
  enqueueLeasedCallbacks,
  deleteDeliveredCallbacksRaw,
  type OutboxEntry,
} from '../store/repositories/callback-outbox.js';
import { type RawSql, rawSql } from '../store/raw-sql.js';
import { type Outcome, PartOutcomeStatements } from '../store/part-outcomes.js';
import type { ClaimedPart } from '../store/part-claims.js';
import { smsCallbackEntry } from './part-facts.js';
import { ReceiptMatcher, type ReceiptOutcome } from './receipt-matcher.js';
import type { ChangeFacts } from '../store/part-facts.js';
import { deleteCallbackBatches, insertCallbackBatch } from '../store/callback-batches.js';
import { forgetParkedReceipt, parkReceipt, retryParkedReceipt } from '../store/parked-receipts.js';
import { messageCallbackWanted, partCallbackWanted } from './rules/callbacks.js';
import { expiredPart, OPTED_OUT_BEFORE_DUE } from './rules/part-outcomes.js';
import { matchSmscId, parkedReceiptNext, smscIdCandidates } from './rules/receipt-matching.js';
import { refundsByMessage } from './rules/refunds.js';

export type PartEvent =
  | {
      type: 'sent';
      partId: number;
      linkId: string;
      smscId: string;
      /** The part as it was claimed: its message's facts, kept in memory for its receipt. */
      part?: ClaimedPart;
    }
  | { type: 'retry'; partId: number; delayMs: number; reason: string }
  | { type: 'failed'; partId: number; detailedStatus: string; error: string; refund: boolean }
  | { type: 'expired'; messageIds: string[] }
  /** Scheduled parts not to be sent (their recipient opted out): Unsent, refunded. */
  | { type: 'unsent'; partIds: number[] }
  /**
   * Callbacks the sender is done with (marked in the next flush rather than in a statement of their
   * own): outbox rows answered 200, batches whose every callback was answered or moved to the outbox.
   */
  | { type: 'callbacks-delivered'; ids: number[]; batches?: number[] }
  | {
      type: 'receipt';
      linkId: string;
      smscId: string;
      stat: ReceiptStat;
      err: string;
      receivedAt: number;
      parkedId?: number;
      /** How many times a parked receipt was tried already. */
      parkedAttempts?: number;
    };

interface Waiting {
  event: PartEvent;
  resolve(): void;
  reject(err: unknown): void;
}

/** Whether the part's message has a callback that reports the Sent status. */
function callsBackOnSent(part: ClaimedPart): boolean {
  return partCallbackWanted(part.callbackUrl, part.callbackStrategy, 'Sent');
}

/** Adds a member to the group of its outcome: one statement per outcome instead of one per row. */
function addToOutcomeGroup<O extends Outcome, M>(
  groups: Map<string, O & { members: M[] }>,
  outcome: O,
  member: M,
): void {
  const key = `${outcome.status}|${outcome.detailedStatus}`;
  const group = groups.get(key);
  if (group) group.members.push(member);
  else groups.set(key, { ...outcome, members: [member] });
}

interface PartChange {
  partId: number;
  status: string;
  detailedStatus: string | null;
  refund: boolean;
  /** Read with the change (receipts): the consequences need not read them again. */
  facts?: ChangeFacts;
  /** The part as this node claimed it (its Sent, or a receipt matched in memory): no read either. */
  claimed?: ClaimedPart;
  /** A one-part message's part whose change calls nobody back: only the message's status follows. */
  quietMessageId?: string;
}

/** A callback handed to this node's sender, which delivers it from memory. */
interface HandedCallback {
  accountId: string;
  url: string;
  payload: string;
  signingKey: string;
  attempts: number;
  leaseUntil: number;
}

/** A callback batch in the sender's memory: how many of its callbacks are not done yet. */
export interface HandedBatch {
  id: number;
  remaining: number;
}

/**
 * Either an outbox row leased to the sender (`id`), or a member of a callback batch
 * (src/engine/callback-batches.ts), which has no row of its own until it fails.
 */
export type ReadyCallback = HandedCallback &
  (
    { id: number; batch?: undefined } | { id?: undefined; batch: HandedBatch; kind: string; orderKey: string }
  );

/** The sender's side of the hand-over: how many callbacks it takes now, and taking them. */
export interface CallbackHandoff {
  room(): number;
  leaseMs: number;
  take(callbacks: ReadyCallback[]): void;
}

export interface StateWriterOptions {
  flushEveryMs: number;
  maxBatch: number;
  /** Parked receipts are retried with this delay, and dropped after receiptTtlMs. */
  parkRetryMs: number;
  receiptTtlMs: number;
  /** Writes the callbacks that part and message changes call for, in their face's format. */
  renderers: CallbackRenderers;
}

export class StateWriter {
  private pending: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;
  readonly counters = {
    flushes: 0,
    receiptsMatched: 0,
    receiptsMatchedInMemory: 0,
    receiptsParked: 0,
    receiptsDropped: 0,
  };
  /** Parts this node submitted lately, for their receipts (see receipt-matcher). */
  private readonly sentParts = new ReceiptMatcher<ClaimedPart>();
  /** Where callbacks written by a flush go once it committed (else the sender's poller finds them). */
  handoff: CallbackHandoff | undefined;

  /** The statements of every flush, written as SQL (see raw-sql). */
  private readonly raw: RawSql;
  private readonly statements: PartOutcomeStatements;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly options: StateWriterOptions,
  ) {
    this.raw = rawSql(store);
    this.statements = new PartOutcomeStatements(this.raw);
  }

  /** Queues an event; the promise resolves once it is committed. */
  submit(event: PartEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (this.pending.length >= this.options.maxBatch) this.kick(0);
      else this.kick(this.options.flushEveryMs);
    });
  }

  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
  }

  private kick(delay: number): void {
    if (this.flushing) return;
    if (this.timer && delay > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.options.maxBatch);
    this.flushing = this.apply(batch.map((w) => w.event)).then(
      () => batch.forEach((w) => w.resolve()),
      (err: unknown) => {
        this.logger.error({ err }, 'state flush failed');
        batch.forEach((w) => w.reject(err));
      },
    );
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
      this.counters.flushes++;
      if (this.pending.length > 0) this.kick(0);
    }
  }

  private async apply(events: PartEvent[]): Promise<void> {
    const now = this.clock();
    const ready: ReadyCallback[] = [];
    const lock = this.store.writeLock;
    const sent = lock
      ? await lock.run(() => this.transaction(events, now, ready))
      : await this.transaction(events, now, ready);
    if (ready.length > 0) this.handoff?.take(ready);
    this.sentParts.remember(sent, now);
  }

  /** Parts sent in this flush (and not finished by a receipt of it), by operator id. */
  private async transaction(
    events: PartEvent[],
    now: number,
    ready: ReadyCallback[],
  ): Promise<Map<string, ClaimedPart>> {
    const sentNow = new Map<string, ClaimedPart>();
    /** Parts whose final status was written with their Sent (see finalsOfSentInFlush). */
    const finalInFlush = new Map<number, ReceiptOutcome>();
    await this.store.db.transaction().execute(async (trx) => {
      const changes: PartChange[] = [];
      const delivered = events.flatMap((e) => (e.type === 'callbacks-delivered' ? e.ids : []));
      await deleteDeliveredCallbacksRaw(this.raw, trx, delivered);
      const batchesDone = events.flatMap((e) => (e.type === 'callbacks-delivered' ? (e.batches ?? []) : []));
      await deleteCallbackBatches(this.raw, trx, batchesDone);
      // Submits first, so that a receipt in the same batch finds its part.
      // All submits of the batch in one statement: each part gets its own operator id. A part whose
      // final receipt is in the same batch gets its Sent and its final status in one write (one row
      // version instead of two); its Sent still counts as a change (callbacks, message status).
      const sent = events.filter((e): e is Extract<PartEvent, { type: 'sent' }> => e.type === 'sent');
      const receipts = events.filter(
        (e): e is Extract<PartEvent, { type: 'receipt' }> => e.type === 'receipt',
      );
      const finishing = this.sentParts.finalsOfSentInFlush(sent, receipts, now);
      const onlySent: typeof sent = [];
      const finished = new Map<string, ReceiptOutcome & { members: typeof sent }>();
      for (const e of sent) {
        const outcome = finishing.get(e.partId);
        if (outcome) addToOutcomeGroup(finished, outcome, e);
        else onlySent.push(e);
      }
      const writes: Array<{ outcome: ReceiptOutcome | null; ofOutcome: typeof sent }> = [
        { outcome: null, ofOutcome: onlySent },
        ...[...finished.values()].map(({ members, ...outcome }) => ({ outcome, ofOutcome: members })),
      ];
      for (const { outcome, ofOutcome } of writes) {
        for (let i = 0; i < ofOutcome.length; i += 500) {
          const chunk = ofOutcome.slice(i, i + 500);
          const updated = await this.statements.markSent(
            trx,
            chunk.map((e) => ({ partId: e.partId, smscId: normaliseSmscId(e.smscId), linkId: e.linkId })),
            now,
            outcome,
          );
          const byId = new Map(chunk.map((e) => [e.partId, e]));
          for (const r of updated) {
            const e = byId.get(Number(r.id));
            const part = e?.part;
            if (e && part) sentNow.set(normaliseSmscId(e.smscId), part);
            if (outcome) finalInFlush.set(Number(r.id), outcome);
            const quiet = part && part.parts === 1 && !callsBackOnSent(part);
            changes.push({
              partId: Number(r.id),
              status: 'Sent',
              detailedStatus: null,
              refund: false,
              ...(quiet ? { quietMessageId: part.messageId } : part ? { claimed: part } : {}),
            });
          }
        }
      }
      for (const e of events) {
        if (e.type === 'sent' || e.type === 'callbacks-delivered') {
          continue;
        } else if (e.type === 'retry') {
          await this.statements.retry(trx, e.partId, now + e.delayMs, e.reason);
        } else if (e.type === 'failed') {
          if (await this.statements.fail(trx, e.partId, e.detailedStatus, e.error, now))
            changes.push({
              partId: e.partId,
              status: 'Failed',
              detailedStatus: e.detailedStatus,
              refund: e.refund,
            });
        } else if (e.type === 'expired') {
          changes.push(...(await this.expire(trx, e.messageIds, now)));
        } else if (e.type === 'unsent') {
          changes.push(...(await this.unsend(trx, e.partIds, now)));
        }
      }
      if (receipts.length > 0)
        changes.push(...(await this.applyReceipts(trx, receipts, now, sentNow, finalInFlush)));
      if (changes.length > 0) await this.consequences(trx, changes, now, ready);
    });
    return sentNow;
  }

  /**
   * Parts of messages past their ttl. One that was tried and never reached an operator ends
   * `Network Error`; any other (sent, or held by its schedule or quiet hours) `Undelivered`; both
   * with detailed status `Expired`. A part that never reached the operator is refunded; one the
   * operator accepted was paid for.
   */
  private async expire(trx: Queryable, messageIds: string[], now: number): Promise<PartChange[]> {
    if (messageIds.length === 0) return [];
    const open = await this.statements.openPartsOf(trx, messageIds);
    if (open.length === 0) return [];
    const changes = open.map((p) => ({
      partId: Number(p.id),
      ...expiredPart({ submittedAt: p.submitted_at, attempts: p.attempts }),
    }));
    for (const status of ['Network Error', 'Undelivered']) {
      const ids = changes.filter((c) => c.status === status).map((c) => c.partId);
      if (ids.length === 0) continue;
      await this.statements.expire(trx, ids, status, now);
    }
    return changes;
  }

  /** Scheduled parts whose recipient opted out before they were due: Unsent, refunded. */
  private async unsend(trx: Queryable, partIds: number[], now: number): Promise<PartChange[]> {
    if (partIds.length === 0) return [];
    const done = await this.statements.unsendScheduled(
      trx,
      partIds,
      'recipient opted out before the message was due',
      now,
    );
    return done.map((partId) => ({ partId, ...OPTED_OUT_BEFORE_DUE }));
  }

  private async applyReceipts(
    trx: Queryable,
    receipts: Array<Extract<PartEvent, { type: 'receipt' }>>,
    now: number,
    sentNow: Map<string, ClaimedPart>,
    finalInFlush: ReadonlyMap<number, ReceiptOutcome>,
  ): Promise<PartChange[]> {
    // Receipts of parts this node sent lately are matched in memory; the others are looked up.
    const matches: Array<{
      receipt: (typeof receipts)[number];
      partId: number;
      change: Partial<PartChange>;
    }> = [];
    const { matched, unmatched, finished } = this.sentParts.matchAll(receipts, sentNow, now);
    this.counters.receiptsMatchedInMemory += matched.length;
    for (const { receipt, part } of matched)
      matches.push({ receipt, partId: part.id, change: { claimed: part } });
    if (unmatched.length > 0) {
      const candidates = new Set<string>();
      for (const r of unmatched) {
        for (const key of smscIdCandidates(r.smscId)) candidates.add(key);
      }
      // The parts with the facts their consequences need, in one read.
      const parts = await this.statements.partsBySmscId(trx, [...candidates]);
      const bySmscId = new Map<string, (typeof parts)[number]>();
      for (const p of parts) if (p.smsc_id && !bySmscId.has(p.smsc_id)) bySmscId.set(p.smsc_id, p);
      for (const r of unmatched) {
        const part = matchSmscId(r.smscId, (key) => bySmscId.get(key));
        if (!part) {
          await this.park(trx, r, now);
          continue;
        }
        const { smsc_id: _smscId, ...facts } = part;
        matches.push({ receipt: r, partId: Number(part.id), change: { facts } });
      }
    }
    // One statement per outcome (usually one: Delivered) instead of one per part; a part already
    // final (an earlier receipt, expired meanwhile) is left as it is: acknowledged, nothing changes.
    const finals = new Map<string, ReceiptOutcome & { members: number[] }>();
    const changeOf = new Map<number, PartChange>();
    for (const { receipt: r, partId, change } of matches) {
      this.counters.receiptsMatched++;
      if (r.parkedId !== undefined) await forgetParkedReceipt(trx, r.parkedId);
      const outcome = finalInFlush.get(partId) ?? statusOfReceipt(r.stat, r.err);
      if (!outcome || changeOf.has(partId)) continue;
      addToOutcomeGroup(finals, outcome, partId);
      changeOf.set(partId, { partId, ...outcome, refund: false, ...change });
    }
    const changes: PartChange[] = [];
    for (const g of finals.values()) {
      // Written with their Sent already: the change only.
      const toWrite = g.members.filter((id) => {
        if (!finalInFlush.has(id)) return true;
        changes.push(changeOf.get(id)!);
        return false;
      });
      for (let i = 0; i < toWrite.length; i += 500) {
        const updated = await this.statements.finalize(trx, toWrite.slice(i, i + 500), g, now);
        for (const u of updated) changes.push(changeOf.get(Number(u.id))!);
      }
    }
    this.sentParts.forget(finished, sentNow);
    return changes;
  }

  private async park(trx: Queryable, r: Extract<PartEvent, { type: 'receipt' }>, now: number): Promise<void> {
    if (r.parkedId === undefined) {
      this.counters.receiptsParked++;
      await parkReceipt(trx, { ...r, nextAttemptAt: now + this.options.parkRetryMs });
      return;
    }
    const next = parkedReceiptNext(
      { receivedAt: r.receivedAt, attemptsBefore: r.parkedAttempts ?? 0 },
      { retryMs: this.options.parkRetryMs, ttlMs: this.options.receiptTtlMs },
      now,
    );
    if (next.drop) {
      this.counters.receiptsDropped++;
      this.logger.warn(
        { smscId: r.smscId, link: r.linkId },
        'receipt matched no message before it expired; dropped',
      );
      await forgetParkedReceipt(trx, r.parkedId);
      return;
    }
    // Tried again at growing intervals (1, 2, 4, 8 s…): a receipt that came before its submit response
    // matches within the first tries; one that matches nothing after receiptTtlMs is the first copy of
    // a part sent twice (its operator id was lost with the process that sent it) or not Herald's.
    await retryParkedReceipt(trx, r.parkedId, next);
  }

  /**
   * Writes callbacks; those leased to the sender are added to `ready` (handed over after the commit).
   * Each part's only callback (its final status, reported on completion) goes into one callback
   * batch row, as many as the sender has room for; the others are outbox rows.
   */
  private async enqueue(
    trx: Queryable,
    entries: OutboxEntry[],
    signingKeys: string[],
    now: number,
    ready: ReadyCallback[],
  ): Promise<void> {
    if (entries.length === 0) return;
    const handoff = this.handoff;
    if (!handoff) return enqueueCallbacks(trx, entries, now);
    let room = handoff.room();
    const leaseUntil = now + handoff.leaseMs;
    const batched: number[] = [];
    const rest: number[] = [];
    entries.forEach((e, i) => {
      if (e.only && e.partId !== undefined && batched.length < room) batched.push(i);
      else rest.push(i);
    });
    if (batched.length > 0) {
      const partIds = batched.map((i) => entries[i]!.partId!);
      const batch = {
        id: await insertCallbackBatch(this.raw, trx, partIds, now, leaseUntil),
        remaining: batched.length,
      };
      for (const i of batched) {
        const e = entries[i]!;
        ready.push({
          batch,
          kind: e.kind,
          orderKey: e.orderKey,
          accountId: e.accountId,
          url: e.url,
          payload: JSON.stringify(e.payload),
          signingKey: signingKeys[i]!,
          attempts: 0,
          leaseUntil,
        });
      }
      room -= batched.length;
    }
    if (rest.length === 0) return;
    const others = rest.map((i) => entries[i]!);
    const leased = await enqueueLeasedCallbacks(this.raw, trx, others, now, leaseUntil, room);
    for (const l of leased) {
      const e = others[l.index]!;
      ready.push({
        id: l.id,
        accountId: e.accountId,
        url: e.url,
        payload: l.payload,
        signingKey: signingKeys[rest[l.index]!]!,
        attempts: 0,
        leaseUntil: l.leaseUntil,
      });
    }
  }

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
    }));
  }

  /** Message statuses, refunds and callbacks that follow from part changes. */
  private async consequences(
    trx: Queryable,
    changes: PartChange[],
    now: number,
    ready: ReadyCallback[],
  ): Promise<void> {
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
      callbacks.push(smsCallbackEntry(this.options.renderers, f, url, c.status, c.detailedStatus, now));
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
          payload: this.options.renderers.messageOutcome({
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
    await this.enqueue(trx, [...callbacks, ...perMessage], signingKeys, now, ready);
    for (const g of byOutcome.values()) {
      for (let i = 0; i < g.members.length; i += 500) {
        await this.statements.setMessagesStatus(trx, g.members.slice(i, i + 500), g, now);
      }
    }
  }
}
