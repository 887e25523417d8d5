/**
 * Concatenated messages submitted over SMPP: each part is kept durably as it arrives (so that it can
 * be answered at once), under one message id chosen with the set's first part; when the last part
 * has come, the set is one message's text. Sets never completed are forgotten after an hour.
 */
import { newId } from '../security/secrets.js';
import {
  deleteSegmentsBefore,
  deleteSet,
  insertSegment,
  segmentsOfSet,
} from '../store/repositories/smpp-segments.js';
import type { ServiceContext } from './context.js';

const INCOMPLETE_SET_KEPT_MS = 3_600_000;

export interface SegmentOutcome {
  /** The message id of the whole set (every part is answered with it). */
  messageId: string;
  /** The whole text, once every part has come. */
  complete: string | null;
  /** Once complete: the parts (their numbers) that asked for a receipt. */
  receiptParts: number[];
}

export async function addSegment(
  ctx: ServiceContext,
  accountId: string,
  part: { setKey: string; seq: number; total: number; body: string; receipt: boolean },
): Promise<SegmentOutcome> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const before = await segmentsOfSet(trx, accountId, part.setKey);
    const messageId = before[0]?.messageId ?? newId(ctx.clock());
    await insertSegment(trx, { accountId, ...part, messageId, now: ctx.clock() });
    const all = before.some((s) => s.seq === part.seq)
      ? before
      : await segmentsOfSet(trx, accountId, part.setKey);
    const complete =
      all.length === part.total && all.every((s, i) => s.seq === i + 1 && s.total === part.total);
    return {
      messageId,
      complete: complete ? all.map((s) => s.body).join('') : null,
      receiptParts: complete ? all.filter((s) => s.receipt).map((s) => s.seq) : [],
    };
  });
}

/** Forgets a set (sent as one message, or refused). */
export async function forgetSet(ctx: ServiceContext, accountId: string, setKey: string): Promise<void> {
  await deleteSet(ctx.store.db, accountId, setKey);
}

export async function forgetIncompleteSets(ctx: ServiceContext): Promise<number> {
  return deleteSegmentsBefore(ctx.store.db, ctx.clock() - INCOMPLETE_SET_KEPT_MS);
}
