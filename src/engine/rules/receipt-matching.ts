/**
 * How a receipt finds its part, and how long one that finds none is kept (docs/delivery.md, step 5):
 * the operator's id as written (normalised: case, leading zeros) first, then the same number in the
 * other base; an unmatched receipt is parked and tried again at growing intervals until it is older
 * than the receipt ttl, then dropped.
 */
import { alternateSmscId, normaliseSmscId } from '../../domain/delivery-receipt.js';

/** The first hit of `lookup` for the receipt's id: as written, then in the other base. */
export function matchSmscId<T>(smscId: string, lookup: (key: string) => T | undefined): T | undefined {
  const first = lookup(normaliseSmscId(smscId));
  if (first !== undefined) return first;
  for (const alt of alternateSmscId(smscId)) {
    const hit = lookup(alt);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The keys a receipt's part may be stored under (for reading candidates in one statement). */
export function smscIdCandidates(smscId: string): string[] {
  return [normaliseSmscId(smscId), ...alternateSmscId(smscId)];
}

/** The longest wait between two tries of a parked receipt. */
export const PARKED_RETRY_CAP_MS = 15_000;

/**
 * What becomes of a parked receipt that matched nothing again: dropped once older than `ttlMs`, else
 * tried again after `retryMs · 2^attempts` (2, 4, 8 s… for 1 s), at most PARKED_RETRY_CAP_MS.
 */
export function parkedReceiptNext(
  r: { receivedAt: number; attemptsBefore: number },
  opts: { retryMs: number; ttlMs: number },
  now: number,
): { drop: true } | { drop: false; attempts: number; nextAttemptAt: number } {
  if (now - r.receivedAt > opts.ttlMs) return { drop: true };
  const attempts = r.attemptsBefore + 1;
  const delay = Math.min(opts.retryMs * 2 ** attempts, PARKED_RETRY_CAP_MS);
  return { drop: false, attempts, nextAttemptAt: now + delay };
}
