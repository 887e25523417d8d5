/**
 * Matching receipts to parts in memory, without the database: the parts this node submitted lately,
 * by operator id, with what their receipt's consequences need — what Kannel's internal DLR store
 * keeps. A receipt is matched against the parts sent in the same flush first, then those remembered
 * (its id as written, normalised, then in the other base); one found nowhere is looked up in the
 * database by the state writer (after a restart, on another node, too late). A part is forgotten
 * when its final receipt comes, after `ttlMs`, or oldest first beyond `max`.
 */
import { normaliseSmscId, type ReceiptStat, statusOfReceipt } from '../../domain/delivery-receipt.js';
import { matchSmscId } from '../rules/receipt-matching.js';

export type ReceiptOutcome = NonNullable<ReturnType<typeof statusOfReceipt>>;

/** What matching needs of a receipt. */
export interface ReceiptOf {
  smscId: string;
  stat: ReceiptStat;
  err: string;
}

/** Where a receipt's part was found: among this flush's submits or remembered, under `key`. */
export interface SentHit<P> {
  key: string;
  part: P;
  inFlush: boolean;
}

/** How long, and how many, sent parts are remembered for their receipts. */
export const RECENT_SENT_MS = 60_000;
export const RECENT_SENT_MAX = 50_000;

export class ReceiptMatcher<P extends { id: number }> {
  private readonly recent = new Map<string, { part: P; at: number }>();

  constructor(
    private readonly ttlMs = RECENT_SENT_MS,
    private readonly max = RECENT_SENT_MAX,
  ) {}

  /** Parts remembered now (expired ones may linger until the next `remember`). */
  get size(): number {
    return this.recent.size;
  }

  /** Keeps the parts a committed flush sent (keyed by normalised operator id) for their receipts. */
  remember(sent: ReadonlyMap<string, P>, now: number): void {
    for (const [smscId, part] of sent) {
      this.recent.delete(smscId); // re-inserted last: the map's order is its age
      this.recent.set(smscId, { part, at: now });
    }
    for (const [smscId, entry] of this.recent) {
      if (this.recent.size <= this.max && now - entry.at <= this.ttlMs) break;
      this.recent.delete(smscId);
    }
  }

  /** The part a receipt is about, when this node sent it lately: from this flush, or remembered. */
  find(smscId: string, sentNow: ReadonlyMap<string, P>, now: number): SentHit<P> | undefined {
    // The other base (BigInt parsing) only when the id as written matches nothing.
    return matchSmscId(smscId, (key) => {
      const part = sentNow.get(key);
      if (part) return { key, part, inFlush: true };
      const entry = this.recent.get(key);
      if (entry && now - entry.at <= this.ttlMs) return { key, part: entry.part, inFlush: false };
      return undefined;
    });
  }

  /**
   * A flush's receipts matched in memory, the others left for the database; `finished` are the hits
   * of final receipts, to forget once the flush has written them.
   */
  matchAll<R extends ReceiptOf>(
    receipts: readonly R[],
    sentNow: ReadonlyMap<string, P>,
    now: number,
  ): { matched: Array<{ receipt: R; part: P }>; unmatched: R[]; finished: Array<SentHit<P>> } {
    const matched: Array<{ receipt: R; part: P }> = [];
    const unmatched: R[] = [];
    const finished: Array<SentHit<P>> = [];
    for (const r of receipts) {
      const hit = this.find(r.smscId, sentNow, now);
      if (!hit) {
        unmatched.push(r);
        continue;
      }
      matched.push({ receipt: r, part: hit.part });
      if (statusOfReceipt(r.stat, r.err)) finished.push(hit);
    }
    return { matched, unmatched, finished };
  }

  /** Forgets parts whose final receipt was written (from this flush's submits or from memory). */
  forget(hits: ReadonlyArray<SentHit<P>>, sentNow: Map<string, P>): void {
    for (const h of hits) {
      if (h.inFlush) sentNow.delete(h.key);
      else this.recent.delete(h.key);
    }
  }

  /**
   * The final outcomes of parts submitted in a flush whose receipt is in the flush too (the operator
   * answered at once), matched as `matchAll` will match them: the first receipt with a final outcome
   * wins. Their Sent and their final status are then written at once.
   */
  finalsOfSentInFlush(
    sent: ReadonlyArray<{ smscId: string; part?: P | undefined }>,
    receipts: readonly ReceiptOf[],
    now: number,
  ): Map<number, ReceiptOutcome> {
    const out = new Map<number, ReceiptOutcome>();
    if (sent.length === 0 || receipts.length === 0) return out;
    const bySmscId = new Map<string, P>();
    for (const e of sent) if (e.part) bySmscId.set(normaliseSmscId(e.smscId), e.part);
    for (const r of receipts) {
      const hit = this.find(r.smscId, bySmscId, now);
      if (!hit?.inFlush || out.has(hit.part.id)) continue;
      const outcome = statusOfReceipt(r.stat, r.err);
      if (outcome) out.set(hit.part.id, outcome);
    }
    return out;
  }
}
