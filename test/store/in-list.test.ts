import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { padForIn } from '../../src/store/in-list.js';

describe('statement-friendly lists', () => {
  it('pads an IN list to a power of two with values it already has', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 600 }), (values) => {
        const padded = padForIn(values);
        expect(Math.log2(padded.length) % 1).toBe(0);
        expect(padded.length).toBeLessThan(values.length * 2);
        expect(padded.slice(0, values.length)).toEqual(values);
        expect(new Set(padded)).toEqual(new Set(values));
      }),
    );
    expect(padForIn([])).toEqual([]);
    expect(padForIn([3, 4, 5])).toEqual([3, 4, 5, 5]);
  });
});
