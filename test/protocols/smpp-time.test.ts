/** SMPP 3.4 times (§7.1.1): absolute with their UTC offset, relative from now, and what is not one. */
import { describe, expect, it } from 'vitest';
import { parseSmppTime } from '../../src/protocols/smpp/time.js';

const now = Date.UTC(2026, 11, 5, 22, 0, 0);

describe('parseSmppTime', () => {
  it('reads an absolute time in UTC or with an offset in quarter hours', () => {
    expect(parseSmppTime('261205230000000+', now)).toBe(Date.UTC(2026, 11, 5, 23, 0, 0));
    // 01:30 local at UTC+02:00 is 23:30 UTC the day before.
    expect(parseSmppTime('261206013000008+', now)).toBe(Date.UTC(2026, 11, 5, 23, 30, 0));
    expect(parseSmppTime('261205193000012-', now)).toBe(Date.UTC(2026, 11, 5, 22, 30, 0));
    expect(parseSmppTime('261205230000500+', now)).toBe(Date.UTC(2026, 11, 5, 23, 0, 0, 500));
  });

  it('reads a relative time as a period from now, months and years by the calendar', () => {
    expect(parseSmppTime('000000013000000R', now)).toBe(now + 90 * 60_000);
    expect(parseSmppTime('000002000000000R', now)).toBe(now + 2 * 86_400_000);
    expect(parseSmppTime('000100000000000R', now)).toBe(Date.UTC(2027, 0, 5, 22, 0, 0));
  });

  it('is null when empty and invalid when it is not an SMPP time', () => {
    expect(parseSmppTime('', now)).toBeNull();
    for (const bad of [
      'tomorrow',
      '261205230000000',
      '261305230000000+',
      '260230120000000+',
      '261205236000000+',
      '261205230000049+',
    ])
      expect(parseSmppTime(bad, now), bad).toBe('invalid');
  });
});
