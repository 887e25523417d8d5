/**
 * The ttl sweep: messages still open (Queued or Sent) once their expiry has passed become
 * Undelivered / Expired (the state writer does that; this finds them).
 *
 * The sweep walks forward through expiry times: each round looks only at messages that expired since
 * the last round (behind a mark kept in memory and, every few seconds, in `engine_marks`, so that a
 * restart goes on from there), never again at the closed ones behind it. So on PostgreSQL the index it
 * reads (`messages_expiry`, on expires_at alone) need not name the status in a partial condition —
 * which made every status update of a message a new row version with an entry in each of its
 * indexes; without it the update stays in its page (heap-only). SQLite keeps its partial index
 * (`messages_open`): there an update rewrites the entries of the columns it changes anyway.
 *
 * A round stops short of the present by SWEEP_LAG_MS, for messages committed a moment after the round
 * read the time. A message stored with an expiry already behind the mark (a ttl that ran out while a
 * large campaign was being written) is not the sweep's: the dispatcher expires a part whose message
 * expired instead of sending it, and no such message can have been sent.
 */
import type { Store } from '../store/database.js';
import { literalList } from '../store/literal-list.js';

export const SWEEP_LAG_MS = 5_000;
const MARK = 'ttl_swept_until';

/** Open messages whose expiry is in (after, upTo], the earliest first. */
export async function expiredMessageIds(
  store: Store,
  after: number,
  upTo: number,
  limit: number,
): Promise<string[]> {
  const rows = await store.db
    .selectFrom('messages')
    .select('id')
    .where('status', 'in', literalList(['Queued', 'Sent']))
    .where('expires_at', '>', after)
    .where('expires_at', '<=', upTo)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export class TtlSweep {
  private sweptUntil: number | undefined;
  private savedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly saveEveryMs = 10_000,
  ) {}

  /**
   * One round: hands the expired messages found (at most `limit`) to `expire`, which resolves once
   * their expiry is committed; the mark moves on when the round found them all. Answers how many.
   */
  async round(now: number, limit: number, expire: (messageIds: string[]) => Promise<void>): Promise<number> {
    const after = (this.sweptUntil ??= await this.storedMark());
    const upTo = now - SWEEP_LAG_MS;
    if (upTo <= after) return 0;
    const ids = await expiredMessageIds(this.store, after, upTo, limit);
    if (ids.length > 0) await expire(ids);
    // A full round may have left more in the same span: the next one reads it again (the messages
    // expired by this one are closed now, and not read twice).
    if (ids.length < limit) {
      this.sweptUntil = upTo;
      if (now - this.savedAt >= this.saveEveryMs) {
        await this.store.db
          .insertInto('engine_marks')
          .values({ name: MARK, value: upTo })
          .onConflict((oc) =>
            oc.column('name').doUpdateSet({ value: upTo }).where('engine_marks.value', '<', upTo),
          )
          .execute();
        this.savedAt = now;
      }
    }
    return ids.length;
  }

  private async storedMark(): Promise<number> {
    const row = await this.store.db
      .selectFrom('engine_marks')
      .select('value')
      .where('name', '=', MARK)
      .executeTakeFirst();
    return row ? Number(row.value) : 0;
  }
}
