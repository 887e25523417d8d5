/**
 * Callbacks written by a flush, and handed to this node's sender once the flush commits: the sender
 * delivers them from memory instead of claiming them from the outbox (a claim is two statements per
 * round). Each part's only callback (its final status, reported on completion) goes into one callback
 * batch row (src/engine/callbacks/callback-batches.ts), as many as the sender has room for; the others are
 * outbox rows, leased to the sender or left to its poller.
 */
import { insertCallbackBatch } from '../../store/callback-batches.js';
import type { RawSql } from '../../store/raw-sql.js';
import {
  enqueueCallbacks,
  enqueueLeasedCallbacks,
  type OutboxEntry,
} from '../../store/repositories/callback-outbox.js';
import type { Queryable } from '../../store/repositories/queryable.js';

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
 * (src/engine/callbacks/callback-batches.ts), which has no row of its own until it fails.
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

export class CallbackWriter {
  /** Where callbacks written by a flush go once it committed (else the sender's poller finds them). */
  handoff: CallbackHandoff | undefined;

  constructor(private readonly raw: RawSql) {}

  /**
   * Writes callbacks; those leased to the sender are added to `ready` (handed over after the commit).
   * Each part's only callback (its final status, reported on completion) goes into one callback
   * batch row, as many as the sender has room for; the others are outbox rows.
   */
  async write(
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
}
