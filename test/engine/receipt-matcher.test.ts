// Receipts matched to parts in memory, without a database (src/engine/sms/receipt-matcher.ts): the same
// flush's submits first, then parts remembered for a minute (at most 50,000); an operator id as
// written (case, leading zeros) or in the other base; a final receipt forgets its part.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseSmscId, type ReceiptStat, statusOfReceipt } from '../../src/domain/delivery-receipt.js';
import { ReceiptMatcher } from '../../src/engine/sms/receipt-matcher.js';

interface Part {
  id: number;
}
const part = (id: number): Part => ({ id });
const receipt = (smscId: string, stat: ReceiptStat = 'DELIVRD') => ({ smscId, stat, err: '000' });
const sent = (entries: Array<[string, Part]>) => new Map(entries.map(([k, p]) => [normaliseSmscId(k), p]));

describe('receipt matcher', () => {
  it('finds a part among this flush’s submits first, then among those remembered', () => {
    const m = new ReceiptMatcher<Part>();
    m.remember(sent([['abc1', part(1)]]), 0);
    const flush = sent([['abc2', part(2)]]);
    expect(m.find('abc2', flush, 10)).toEqual({ key: 'abc2', part: part(2), inFlush: true });
    expect(m.find('ABC1', flush, 10)).toEqual({ key: 'abc1', part: part(1), inFlush: false });
    expect(m.find('abc3', flush, 10)).toBeUndefined();
  });

  it('matches an id with leading zeros, in upper case, or in the other base', () => {
    const m = new ReceiptMatcher<Part>();
    m.remember(sent([['123456789', part(7)]]), 0);
    for (const id of ['123456789', '000123456789', '75bcd15', '075BCD15', ' 75BcD15 '])
      expect(m.find(id, new Map(), 1)?.part, id).toEqual(part(7));
  });

  it('forgets parts after the ttl, and the oldest beyond the limit', () => {
    const m = new ReceiptMatcher<Part>(60_000, 3);
    m.remember(sent([['a1', part(1)]]), 0);
    expect(m.find('a1', new Map(), 60_000)?.part).toEqual(part(1));
    expect(m.find('a1', new Map(), 60_001)).toBeUndefined();
    m.remember(
      sent([
        ['b1', part(2)],
        ['b2', part(3)],
        ['b3', part(4)],
        ['b4', part(5)],
      ]),
      60_001,
    );
    expect(m.size).toBe(3);
    expect(['b1', 'b2', 'b3', 'b4'].map((k) => m.find(k, new Map(), 60_002)?.part.id)).toEqual([
      undefined,
      3,
      4,
      5,
    ]);
  });

  it('a part sent again is remembered as new (its age starts again)', () => {
    const m = new ReceiptMatcher<Part>(1_000, 10);
    m.remember(sent([['x', part(1)]]), 0);
    m.remember(sent([['x', part(1)]]), 900);
    expect(m.find('x', new Map(), 1_800)?.part).toEqual(part(1));
  });

  it('leaves unmatched receipts for the database and forgets parts on their final receipt only', () => {
    const m = new ReceiptMatcher<Part>();
    m.remember(sent([['r1', part(1)]]), 0);
    const flush = sent([['f1', part(2)]]);
    const rs = [receipt('r1', 'ENROUTE'), receipt('f1'), receipt('zz'), receipt('r1')];
    const { matched, unmatched, finished } = m.matchAll(rs, flush, 5);
    expect(matched.map((x) => [x.receipt.smscId, x.receipt.stat, x.part.id])).toEqual([
      ['r1', 'ENROUTE', 1],
      ['f1', 'DELIVRD', 2],
      ['r1', 'DELIVRD', 1],
    ]);
    expect(unmatched.map((r) => r.smscId)).toEqual(['zz']);
    expect(finished.map((h) => [h.key, h.inFlush])).toEqual([
      ['f1', true],
      ['r1', false],
    ]);
    m.forget(finished, flush);
    expect([flush.size, m.find('r1', flush, 6)]).toEqual([0, undefined]);
  });

  it('gives the final outcome of a part submitted and finished in the same flush: the first final receipt wins', () => {
    const m = new ReceiptMatcher<Part>();
    m.remember(sent([['old', part(9)]]), 0);
    const finals = m.finalsOfSentInFlush(
      [{ smscId: 'A1', part: part(1) }, { smscId: 'a2', part: part(2) }, { smscId: 'a3' }],
      [
        receipt('a1', 'ENROUTE'),
        receipt('a1', 'UNDELIV'),
        receipt('a1'),
        receipt('old'), // remembered, not in this flush: not written with a Sent
        receipt('a3'), // its part is unknown to the flush
      ],
      1,
    );
    expect([...finals]).toEqual([[1, statusOfReceipt('UNDELIV', '000')]]);
    expect(finals.get(1)?.status).toBe('Undelivered');
  });

  it('matches every receipt to its part, whatever base, case and zeros it is written in (property)', () => {
    const written = fc.record({
      hex: fc.boolean(),
      upper: fc.boolean(),
      zeros: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.bigInt({ min: 10n ** 8n, max: 2n ** 64n }), { minLength: 1, maxLength: 30 }),
        fc.array(written, { minLength: 30, maxLength: 30 }),
        fc.boolean(),
        (values, forms, storedHex) => {
          const stored = values.map((v) => (storedHex ? v.toString(16) : v.toString(10)));
          // Only unambiguous sets: no id's decimal form is another one's hex form.
          const dec = new Set(values.map((v) => v.toString(10)));
          fc.pre(values.every((v) => !dec.has(v.toString(16))));
          const m = new ReceiptMatcher<Part>();
          m.remember(new Map(stored.map((s, i) => [s, part(i)])), 0);
          values.forEach((v, i) => {
            const f = forms[i]!;
            let id = f.hex ? v.toString(16) : v.toString(10);
            if (f.upper) id = id.toUpperCase();
            id = '0'.repeat(f.zeros) + id;
            expect(m.find(id, new Map(), 1)?.part).toEqual(part(i));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('receipt matcher memory', () => {
  it('lets expired parts go when it next remembers, keeping those exactly at the ttl', () => {
    const m = new ReceiptMatcher<Part>(1_000, 100);
    m.remember(sent([['a', part(1)]]), 0);
    m.remember(sent([['b', part(2)]]), 1_000);
    expect(m.size).toBe(2); // a is exactly 1,000 ms old: kept
    m.remember(sent([['c', part(3)]]), 1_001);
    expect(m.size).toBe(2); // a is past the ttl now: gone
    expect(m.find('b', new Map(), 1_001)?.part).toEqual(part(2));
  });
});
