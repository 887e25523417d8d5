// How a receipt finds its part and how long an unmatched one is kept, from docs/delivery.md (step 5):
// ids normalised (case, leading zeros) and matched in both bases, the id as written first; parked
// receipts retried at growing intervals, dropped once older than the receipt ttl.
import { describe, expect, it } from 'vitest';
import {
  matchSmscId,
  PARKED_RETRY_CAP_MS,
  parkedReceiptNext,
  smscIdCandidates,
} from '../../../src/engine/rules/receipt-matching.js';

function storeOf(entries: Record<string, string>) {
  const asked: string[] = [];
  const lookup = (key: string) => {
    asked.push(key);
    return entries[key];
  };
  return { asked, lookup };
}

describe('matching a receipt to its part', () => {
  it('ignores case and every leading zero', () => {
    const { lookup } = storeOf({ '7f3a': 'part-1', '42': 'part-2' });
    expect(matchSmscId('0007F3A', lookup)).toBe('part-1');
    expect(matchSmscId('00042', lookup)).toBe('part-2');
    expect(matchSmscId(' 42 ', lookup)).toBe('part-2');
  });

  it('finds a part stored in the other base', () => {
    // Submit answered in hex (ff), receipt written in decimal (255), and the reverse.
    expect(matchSmscId('255', storeOf({ ff: 'hex-stored' }).lookup)).toBe('hex-stored');
    expect(matchSmscId('FF', storeOf({ '255': 'dec-stored' }).lookup)).toBe('dec-stored');
    expect(matchSmscId('18446744073709551615', storeOf({ ffffffffffffffff: 'big' }).lookup)).toBe('big');
  });

  it('prefers the id as written, and asks for the other base only when it matches nothing', () => {
    const both = storeOf({ '10': 'as-written', a: 'other-base' });
    expect(matchSmscId('10', both.lookup)).toBe('as-written');
    expect(both.asked).toEqual(['10']);
    const miss = storeOf({});
    expect(matchSmscId('10', miss.lookup)).toBeUndefined();
    expect(miss.asked).toEqual(['10', 'a', '16']);
  });

  it('a non-numeric id is matched as written only', () => {
    const s = storeOf({ 'msg-9z': 'p' });
    expect(matchSmscId('MSG-9Z', s.lookup)).toBe('p');
    const miss = storeOf({});
    expect(matchSmscId('msg-9z', miss.lookup)).toBeUndefined();
    expect(miss.asked).toEqual(['msg-9z']);
  });

  it('lists every key a part may be stored under', () => {
    expect(smscIdCandidates('0042')).toEqual(['42', '2a', '66']);
    expect(smscIdCandidates('00FF')).toEqual(['ff', '255']);
    expect(smscIdCandidates('0')).toEqual(['0']);
    expect(smscIdCandidates('x-1')).toEqual(['x-1']);
  });
});

describe('a parked receipt that matched nothing again', () => {
  const opts = { retryMs: 1_000, ttlMs: 60_000 };

  it('is tried again at 2, 4, 8 s… and never more than 15 s apart', () => {
    const receivedAt = 0;
    const waits = [0, 1, 2, 3, 4, 10].map((attemptsBefore) => {
      const next = parkedReceiptNext({ receivedAt, attemptsBefore }, opts, 5_000);
      if (next.drop) throw new Error('dropped too early');
      expect(next.attempts).toBe(attemptsBefore + 1);
      return next.nextAttemptAt - 5_000;
    });
    expect(waits).toEqual([
      2_000,
      4_000,
      8_000,
      PARKED_RETRY_CAP_MS,
      PARKED_RETRY_CAP_MS,
      PARKED_RETRY_CAP_MS,
    ]);
    expect(PARKED_RETRY_CAP_MS).toBe(15_000);
  });

  it('is kept while no older than the receipt ttl, then dropped', () => {
    expect(parkedReceiptNext({ receivedAt: 1_000, attemptsBefore: 5 }, opts, 61_000).drop).toBe(false);
    expect(parkedReceiptNext({ receivedAt: 1_000, attemptsBefore: 5 }, opts, 61_001)).toEqual({ drop: true });
  });
});
