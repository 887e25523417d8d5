/**
 * Moves due parts to the operators: claims as many as the links have room for, hands each part to
 * the link chosen by routing (in domain terms: src/carriers/carrier.ts), and reports the outcome to
 * the state writer. A part whose message has expired is expired instead of sent.
 */
import { concatenationRef, type SendOutcome } from '../../carriers/carrier.js';
import { splitBody } from '../../domain/gsm.js';
import type { Logger } from '../../logger.js';
import type { LinkPool } from './link-pool.js';
import type { ClaimedPart, PartClaimer } from '../../store/part-claims.js';
import type { PartEvent, StateWriter } from './state-writer.js';
import { refusedForGood } from '../rules/part-outcomes.js';
import { WakeableLoop } from '../runtime/waker.js';

export interface DispatcherOptions {
  maxClaim: number;
  idleMs: number;
  /**
   * After a claim that took every due part, the next claim waits this long even when poked, so that
   * the parts accepted meanwhile are claimed together: when the API accepts a few messages per commit,
   * claiming after each commit cost a statement for every few parts (a tenth of PostgreSQL's CPU in
   * the dispatch benchmark). Adds at most this much to a message's time to its operator.
   */
  claimGatherMs: number;
  /** Delay before a part is tried again after a temporary failure (doubles per attempt). */
  retryBaseMs: number;
  retryMaxMs: number;
}

export class Dispatcher extends WakeableLoop {
  readonly counters = { claimed: 0, accepted: 0, retried: 0, failed: 0, expired: 0 };
  private lastShortClaimAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly claimer: PartClaimer,
    private readonly links: LinkPool,
    private readonly writer: StateWriter,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions,
  ) {
    super();
  }

  /** Something may be due now (a message was accepted, a link came up, a submit completed). */
  poke(): void {
    this.waker.poke();
  }

  protected async run(): Promise<void> {
    while (this.running) {
      try {
        const free = this.links.freeWindow();
        const room = Math.min(free, this.options.maxClaim);
        // Claim in batches: while submits are outstanding, wait until a quarter of the windows is
        // free rather than claiming a part or two after every submit_sm_resp.
        const total = this.links.totalWindow();
        const busy = total - free;
        if (room <= 0 || (busy > 0 && room < Math.max(1, Math.floor(total / 4)))) {
          await this.waker.sleep(this.options.idleMs);
          continue;
        }
        const gather = this.lastShortClaimAt + this.options.claimGatherMs - this.clock();
        if (gather > 0) await new Promise((r) => setTimeout(r, gather));
        const parts = await this.claimer.claim(room, this.clock());
        if (parts.length < room) this.lastShortClaimAt = this.clock();
        if (parts.length === 0) {
          await this.waker.sleep(this.options.idleMs);
          continue;
        }
        this.counters.claimed += parts.length;
        this.dispatch(parts);
      } catch (err) {
        this.logger.error({ err }, 'dispatch round failed');
        await this.waker.sleep(this.options.idleMs * 10);
      }
    }
  }

  private dispatch(parts: ClaimedPart[]): void {
    const now = this.clock();
    const segmentsOf = new Map<string, string[]>();
    const expired = new Set<string>();
    for (const part of parts) {
      if (part.expiresAt <= now) {
        expired.add(part.messageId);
        continue;
      }
      const link = this.links.pick(part.recipient, part.country);
      if (!link) {
        // No room right now (or no route): back in the queue shortly, never failed for that.
        this.retry(
          part,
          this.links.hasRouteFor(part.recipient, part.country) ? 50 : 5000,
          'no link available',
        );
        continue;
      }
      let segments = segmentsOf.get(part.messageId);
      if (!segments) {
        segments = splitBody(part.body, part.encoding);
        segmentsOf.set(part.messageId, segments);
      }
      this.links.hold(link.id);
      link
        .send({
          sender: part.sender,
          recipient: part.recipient,
          text: segments[part.partIndex] ?? '',
          encoding: part.encoding,
          flash: part.flash,
          seq: part.partIndex + 1,
          total: part.parts,
          ref: concatenationRef(part.messageId),
          expiresAt: part.expiresAt,
          restrictions: part.restrictions,
        })
        .then(
          (outcome) => this.settle(part, link.id, outcome),
          (err: unknown) => this.retry(part, this.options.retryBaseMs, String(err), link.id),
        );
    }
    if (expired.size > 0) {
      this.counters.expired += expired.size;
      const done = parts.filter((p) => expired.has(p.messageId));
      this.record(done, { type: 'expired', messageIds: [...expired] });
    }
  }

  /** A submit's outcome, recorded; the part's place in its link's window is freed once it is committed. */
  private settle(part: ClaimedPart, linkId: string, outcome: SendOutcome): void {
    this.poke();
    switch (outcome.kind) {
      case 'accepted':
        this.counters.accepted++;
        this.record(
          [part],
          { type: 'sent', partId: part.id, linkId, smscId: outcome.carrierMessageId, part },
          linkId,
        );
        return;
      case 'refused':
        if (outcome.permanent) {
          this.counters.failed++;
          this.record([part], { type: 'failed', partId: part.id, ...refusedForGood(outcome) }, linkId);
          return;
        }
        this.retry(part, this.backoff(part), `temporary error: ${outcome.error}`, linkId);
        return;
      case 'throttled':
        this.retry(part, this.backoff(part), 'throttled', linkId);
        return;
      case 'unavailable':
        this.retry(
          part,
          outcome.timedOut ? this.backoff(part) : 100,
          outcome.timedOut ? 'submit timed out' : 'link unavailable',
          linkId,
        );
        return;
    }
  }

  private backoff(part: ClaimedPart): number {
    return Math.min(this.options.retryBaseMs * 2 ** Math.max(0, part.attempts - 1), this.options.retryMaxMs);
  }

  private retry(part: ClaimedPart, delayMs: number, reason: string, heldOn?: string): void {
    this.counters.retried++;
    this.record([part], { type: 'retry', partId: part.id, delayMs, reason }, heldOn);
  }

  /**
   * Hands the outcome to the state writer; the parts go back to the claimer once it is committed,
   * and a submitted part gives its link's place back (see LinkPool.hold).
   */
  private record(parts: ClaimedPart[], event: PartEvent, heldOn?: string): void {
    const release = () => {
      for (const p of parts) this.claimer.release(p.id);
      if (heldOn !== undefined) this.links.recorded(heldOn);
    };
    this.writer.submit(event).then(release, release);
  }
}
