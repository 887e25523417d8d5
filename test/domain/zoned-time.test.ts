// Wall-clock parts of an instant in a zone and the zone's offset, against known instants (including
// both sides of a daylight-saving change and a zone with a half-hour offset).
import { describe, expect, it } from 'vitest';
import { zonedParts, zoneOffsetMs } from '../../src/domain/zoned-time.js';

const H = 3_600_000;

describe('zoned time', () => {
  it('gives the wall clock of an instant in a zone', () => {
    const t = Date.UTC(2026, 6, 14, 21, 5, 9, 750); // 2026-07-14 21:05:09.750Z
    expect(zonedParts(t, 'Europe/Athens')).toEqual({
      year: 2026,
      month: 7,
      day: 15,
      hour: 0,
      minute: 5,
      second: 9,
    });
    expect(zonedParts(t, 'UTC')).toEqual({ year: 2026, month: 7, day: 14, hour: 21, minute: 5, second: 9 });
    expect(zonedParts(t, 'America/New_York')).toEqual({
      year: 2026,
      month: 7,
      day: 14,
      hour: 17,
      minute: 5,
      second: 9,
    });
    // Midnight is hour 0, not 24.
    expect(zonedParts(Date.UTC(2026, 0, 1, 0, 0, 0), 'UTC').hour).toBe(0);
  });

  it("gives the zone's offset at that instant", () => {
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1, 12), 'Europe/Athens')).toBe(3 * H);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'Europe/Athens')).toBe(2 * H);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12, 0, 0, 999), 'UTC')).toBe(0);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'Asia/Kolkata')).toBe(5.5 * H);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'America/New_York')).toBe(-5 * H);
    // Europe/Paris moves to summer time at 01:00 UTC on 2026-03-29.
    expect(zoneOffsetMs(Date.UTC(2026, 2, 29, 0, 59, 59), 'Europe/Paris')).toBe(1 * H);
    expect(zoneOffsetMs(Date.UTC(2026, 2, 29, 1, 0, 0), 'Europe/Paris')).toBe(2 * H);
  });
});
