/**
 * Applies what happens to parts — submitted, retried, failed, receipts, expiry — in batches: one
 * transaction per flush updates the parts (statements in src/store/part-outcomes.ts) and then their
 * consequences (src/engine/sms/part-consequences.ts: message statuses, refunds, callbacks, handed to the
 * sender by src/engine/callbacks/callback-handoff.ts). Receipts are matched in memory first
 * (src/engine/sms/receipt-matcher.ts), then in the database; those that match no part yet are parked and
 * retried. A receipt is acknowledged to the SMSC only after its flush committed.
 */
import { normaliseSmscId, type ReceiptStat, statusOfReceipt } from '../../domain/delivery-receipt.js';
import type { CallbackRenderers } from '../../domain/callback-events.js';
import type { Logger } from '../../logger.js';
import { deleteCallbackBatches } from '../../store/callback-batches.js';
import type { Store } from '../../store/database.js';
import { forgetParkedReceipt, parkReceipt, retryParkedReceipt } from '../../store/parked-receipts.js';
import type { ClaimedPart } from '../../store/part-claims.js';
import { GroupCommit } from '../../store/group-commit.js';
import { PartOutcomeStatements } from '../../store/part-outcomes.js';
import { type RawSql, rawSql } from '../../store/raw-sql.js';
import { deleteDeliveredCallbacksRaw } from '../../store/repositories/callback-outbox.js';
import type { Queryable } from '../../store/repositories/queryable.js';
import { type CallbackHandoff, CallbackWriter, type ReadyCallback } from '../callbacks/callback-handoff.js';
import { addToOutcomeGroup, type PartChange } from './part-change.js';
import { PartConsequences } from './part-consequences.js';
import { ReceiptMatcher, type ReceiptOutcome } from './receipt-matcher.js';
import { partCallbackWanted } from '../rules/callbacks.js';
import { expiredPart, OPTED_OUT_BEFORE_DUE } from '../rules/part-outcomes.js';
import { matchSmscId, parkedReceiptNext, smscIdCandidates } from '../rules/receipt-matching.js';

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

/** Whether the part's message has a callback that reports the Sent status. */
function callsBackOnSent(part: ClaimedPart): boolean {
  return partCallbackWanted(part.callbackUrl, part.callbackStrategy, 'Sent');
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
  private readonly commits: GroupCommit<PartEvent, void>;
  readonly counters = {
    flushes: 0,
    receiptsMatched: 0,
    receiptsMatchedInMemory: 0,
    receiptsParked: 0,
    receiptsDropped: 0,
  };
  /** Parts this node submitted lately, for their receipts (see receipt-matcher). */
  private readonly sentParts = new ReceiptMatcher<ClaimedPart>();
  private readonly callbackWriter: CallbackWriter;
  private readonly consequences: PartConsequences;

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
    this.callbackWriter = new CallbackWriter(this.raw);
    this.consequences = new PartConsequences(this.statements, options.renderers, this.callbackWriter);
    this.commits = new GroupCommit<PartEvent, void>({
      maxBatch: options.maxBatch,
      delayMs: options.flushEveryMs,
      write: async (events) => {
        await this.apply(events);
        return [];
      },
      onBatchFailure: 'reject-all',
      afterBatch: (err) => {
        this.counters.flushes++;
        if (err) this.logger.error({ err }, 'state flush failed');
      },
    });
  }

  /** Where callbacks written by a flush go once it committed (else the sender's poller finds them). */
  get handoff(): CallbackHandoff | undefined {
    return this.callbackWriter.handoff;
  }

  set handoff(h: CallbackHandoff | undefined) {
    this.callbackWriter.handoff = h;
  }

  /** Queues an event; the promise resolves once it is committed. */
  submit(event: PartEvent): Promise<void> {
    return this.commits.submit(event);
  }

  drain(): Promise<void> {
    return this.commits.drain();
  }

  private async apply(events: PartEvent[]): Promise<void> {
    const now = this.clock();
    const ready: ReadyCallback[] = [];
    const lock = this.store.writeLock;
    const sent = lock
      ? await lock.run(() => this.transaction(events, now, ready))
      : await this.transaction(events, now, ready);
    if (ready.length > 0) this.callbackWriter.handoff?.take(ready);
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
      if (changes.length > 0) await this.consequences.apply(trx, changes, now, ready);
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
}
