// Refunds and voice bills, from docs/delivery.md (Money: one ledger row per message for the parts
// that never reached the operator) and docs/voice.md (per started second of answered time at the
// per-minute price; the rest of the reservation refunded; unanswered calls cost nothing).
import { describe, expect, it } from 'vitest';
import { type PricedPart, refundsByMessage, voiceCallBill } from '../../../src/engine/rules/refunds.js';

describe('refunds of part changes', () => {
  const facts = new Map<number, PricedPart>([
    [1, { message_id: 'm1', account_id: 'acc-a', price_micros: 45_000 }],
    [2, { message_id: 'm1', account_id: 'acc-a', price_micros: 45_000 }],
    [3, { message_id: 'm1', account_id: 'acc-a', price_micros: 45_000 }],
    [4, { message_id: 'm2', account_id: 'acc-b', price_micros: 60_000 }],
    [5, { message_id: 'm3', account_id: 'acc-a', price_micros: 0 }],
  ]);
  const factOf = (id: number) => facts.get(id);

  it('sums the refunded parts of each message, one entry per message with its account', () => {
    const refunds = refundsByMessage(
      [
        { partId: 1, refund: true },
        { partId: 2, refund: false },
        { partId: 3, refund: true },
        { partId: 4, refund: true },
      ],
      factOf,
    );
    expect([...refunds]).toEqual([
      ['m1', { accountId: 'acc-a', micros: 90_000 }],
      ['m2', { accountId: 'acc-b', micros: 60_000 }],
    ]);
  });

  it('owes nothing for parts not refunded, free parts, or parts whose facts are unknown', () => {
    expect(refundsByMessage([{ partId: 1, refund: false }], factOf).size).toBe(0);
    expect(refundsByMessage([{ partId: 5, refund: true }], factOf).size).toBe(0);
    expect(refundsByMessage([{ partId: 99, refund: true }], factOf).size).toBe(0);
    expect(refundsByMessage([], factOf).size).toBe(0);
  });

  it('never refunds a negative price', () => {
    const refunds = refundsByMessage([{ partId: 1, refund: true }], () => ({
      message_id: 'm9',
      account_id: 'acc-a',
      price_micros: -5,
    }));
    expect(refunds.size).toBe(0);
  });
});

describe('voice call bill', () => {
  // 0.06 per minute = 1,000 micros per second; 3 minutes reserved.
  const call = { pricePerMinuteMicros: 60_000, reservedMicros: 180_000 };

  it('bills per started second of a completed call and refunds the rest of the reservation', () => {
    expect(voiceCallBill({ ...call, status: 'Completed', durationMs: 0 })).toEqual({
      seconds: 0,
      priceMicros: 0,
      refundMicros: 180_000,
    });
    expect(voiceCallBill({ ...call, status: 'Completed', durationMs: 1 })).toEqual({
      seconds: 1,
      priceMicros: 1_000,
      refundMicros: 179_000,
    });
    expect(voiceCallBill({ ...call, status: 'Completed', durationMs: 1_000 }).seconds).toBe(1);
    expect(voiceCallBill({ ...call, status: 'Completed', durationMs: 1_001 })).toEqual({
      seconds: 2,
      priceMicros: 2_000,
      refundMicros: 178_000,
    });
  });

  it('rounds a fraction of a micro up', () => {
    // 0.1 per minute: 1 s is 1,666.67 micros, billed 1,667.
    expect(
      voiceCallBill({
        pricePerMinuteMicros: 100_000,
        reservedMicros: 500_000,
        status: 'Completed',
        durationMs: 1_000,
      }),
    ).toEqual({
      seconds: 1,
      priceMicros: 1_667,
      refundMicros: 498_333,
    });
  });

  it('never bills above what was reserved', () => {
    expect(voiceCallBill({ ...call, status: 'Completed', durationMs: 180_000 })).toEqual({
      seconds: 180,
      priceMicros: 180_000,
      refundMicros: 0,
    });
    expect(voiceCallBill({ ...call, status: 'Completed', durationMs: 181_000 })).toEqual({
      seconds: 181,
      priceMicros: 180_000,
      refundMicros: 0,
    });
  });

  it('an unanswered call costs nothing, whatever time it took', () => {
    for (const status of ['NoAnswer', 'Busy', 'Failed', 'Unsent'])
      expect(voiceCallBill({ ...call, status, durationMs: 25_000 }), status).toEqual({
        seconds: 0,
        priceMicros: 0,
        refundMicros: 180_000,
      });
  });
});
