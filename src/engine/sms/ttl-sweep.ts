/**
 * The ttl sweep: messages still open (Queued or Sent) once their expiry has passed become
 * Undelivered / Expired (the state writer does that; this finds them).
 *
 * The sweep walks forward through expiry times (and ids, for messages expiring at the same time):
 * each round looks only at messages that expired since the last round (behind a mark kept in memory
 * and, every few seconds, in `engine_marks`, so that a restart goes on from there), never again at
 * the closed ones behind it. So the index it reads (`messages_expiry`, on expires_at alone) need not
 * name the status in a partial condition: on PostgreSQL that made every status update of a message a
 * new row version with an entry in each of its indexes (without it the update stays in its page,
 * heap-only); SQLite rewrote the partial index's entry at each status update.
 *
 * A round stops short of the present by SWEEP_LAG_MS, for messages committed a moment after the round
 * read the time. A message stored with an expiry already behind the mark (a ttl that ran out while a
 * large campaign was being written) is not the sweep's: the dispatcher expires a part whose message
 * expired instead of sending it, and no such message can have been sent.
 */
import type { Store } from '../../store/database.js';
import {
  advanceEngineMark,
  engineMark,
  expiredMessages,
  type SweepPosition,
} from '../../store/expiry-sweep.js';

export const SWEEP_LAG_MS = 5_000;
const MARK = 'ttl_swept_until';

export class TtlSweep {
  private position: SweepPosition | undefined;
  private savedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly saveEveryMs = 10_000,
  ) {}

  /**
   * One round: hands the expired messages found (at most `limit`) to `expire`, which resolves once
   * their expiry is committed, and moves past them. Answers how many.
   */
  async round(now: number, limit: number, expire: (messageIds: string[]) => Promise<void>): Promise<number> {
    const from = (this.position ??= { at: await this.storedMark(), id: null });
    const upTo = now - SWEEP_LAG_MS;
    // Nothing new since the last round, unless that round stopped at its limit among messages
    // expiring at the very instant it swept to.
    if (upTo < from.at || (upTo === from.at && from.id === null)) return 0;
    const found = await expiredMessages(this.store.db, from, upTo, limit);
    if (found.length > 0) await expire(found.map((m) => m.id));
    if (found.length === limit) {
      // More may follow in the span: the next round starts after the last one handed over (not
      // from the start again: one that its expiry did not close would be read for ever).
      const last = found[found.length - 1]!;
      this.position = { at: last.expiresAt, id: last.id };
      return found.length;
    }
    this.position = { at: upTo, id: null };
    if (now - this.savedAt >= this.saveEveryMs) {
      await advanceEngineMark(this.store.db, MARK, upTo);
      this.savedAt = now;
    }
    return found.length;
  }

  private storedMark(): Promise<number> {
    return engineMark(this.store.db, MARK);
  }
}
