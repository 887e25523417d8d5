/**
 * The simulator's phones reassemble concatenated messages as a handset does, and count what a phone
 * could not show: inconsistent sets and sets still waiting for a part.
 */
import { describe, expect, it } from 'vitest';
import { Handsets } from '../../src/simulators/smsc/handset.js';

const part = (text: string, seq: number, total: number, extra: Record<string, unknown> = {}) => ({
  source: 'Herald',
  destination: '306900000001',
  dataCoding: 0,
  text,
  concat: { ref: 7, seq, total, kind: 'udh8' as const },
  ...extra,
});

describe('handsets', () => {
  it('shows a message once all of its parts came, in any order', () => {
    const h = new Handsets();
    h.receive(part('world', 2, 2));
    expect(h.messages).toEqual([]);
    expect(h.incomplete).toBe(1);
    h.receive(part('hello ', 1, 2));
    expect(h.messages).toEqual([
      { source: 'Herald', destination: '306900000001', text: 'hello world', parts: 2 },
    ]);
    expect(h.incomplete).toBe(0);
    h.receive({ source: 'Herald', destination: '306900000001', dataCoding: 0, text: 'single' });
    expect(h.of('+306900000001').map((m) => m.text)).toEqual(['hello world', 'single']);
  });

  it('keeps sets apart by sender, reference and its kind', () => {
    const h = new Handsets();
    h.receive(part('a', 1, 2));
    h.receive(part('x', 1, 2, { concat: { ref: 7, seq: 1, total: 2, kind: 'udh16' } }));
    h.receive(part('y', 1, 2, { source: 'Other' }));
    h.receive(part('b', 2, 2));
    expect(h.messages.map((m) => m.text)).toEqual(['ab']);
    expect(h.incomplete).toBe(2);
  });

  it('counts what no phone could show as one message', () => {
    const cases: Array<Array<ReturnType<typeof part>>> = [
      [part('a', 0, 2)],
      [part('a', 3, 2)],
      [part('a', 1, 2), part('b', 2, 3)],
      [part('a', 1, 2), part('b', 2, 2, { dataCoding: 8 })],
      [part('a', 1, 2), part('changed', 1, 2)],
      // 300 parts: a one-byte total wraps to 44, and part 45 and beyond cannot belong.
      [part('a', 1, 300 % 256), part('b', 45, 300 % 256)],
    ];
    for (const parts of cases) {
      const h = new Handsets();
      for (const p of parts) h.receive(p);
      expect([parts.length, h.inconsistent, h.messages.length]).toEqual([parts.length, 1, 0]);
    }
    const again = new Handsets();
    again.receive(part('a', 1, 2));
    again.receive(part('a', 1, 2));
    again.receive(part('b', 2, 2));
    expect([again.repeatedParts, again.inconsistent, again.messages.map((m) => m.text)]).toEqual([
      1,
      0,
      ['ab'],
    ]);
  });
});
