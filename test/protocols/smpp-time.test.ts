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

  it('takes every field at its bounds and refuses each one past them', () => {
    expect(parseSmppTime('260101000000000+', now)).toBe(Date.UTC(2026, 0, 1, 0, 0, 0));
    expect(parseSmppTime('261231235959948+', now)).toBe(Date.UTC(2026, 11, 31, 11, 59, 59, 900));
    expect(parseSmppTime('260131120000048-', now)).toBe(Date.UTC(2026, 0, 31, 24, 0, 0));
    for (const bad of [
      '260001000000000+', // month 00
      '261301000000000+', // month 13
      '260100000000000+', // day 00
      '260132000000000+', // day 32
      '260101240000000+', // hour 24
      '260101006000000+', // minute 60
      '260101000060000+', // second 60
      '260101000000049+', // 49 quarter hours
      'x261205230000000+',
      '261205230000000+x',
    ])
      expect(parseSmppTime(bad, now), bad).toBe('invalid');
  });

  it('counts relative years and seconds too', () => {
    expect(parseSmppTime('010000000000000R', now)).toBe(Date.UTC(2027, 11, 5, 22, 0, 0));
    expect(parseSmppTime('000000000030000R', now)).toBe(now + 30_000);
    expect(parseSmppTime('000000010203000R', now)).toBe(now + (3600 + 2 * 60 + 3) * 1000);
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
