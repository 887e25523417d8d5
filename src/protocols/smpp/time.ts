/**
 * SMPP 3.4 times (§7.1.1), as schedule_delivery_time and validity_period carry them: 16 characters
 * "YYMMDDhhmmsstnnp" — an absolute time (p '+' or '-': the local time and its offset from UTC in
 * quarter hours) or a relative one (p 'R': a period of years, months, days, hours, minutes and
 * seconds from now). Empty means "not given". Pure: now is passed in.
 */

/** The time in ms since the epoch; null when empty; 'invalid' when it is not an SMPP time. */
export function parseSmppTime(raw: string, now: number): number | null | 'invalid' {
  if (raw === '') return null;
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d)(\d{2})([+\-R])$/.exec(raw);
  if (!m) return 'invalid';
  const n = (i: number) => Number(m[i]);
  const [yy, mo, dd, hh, mi, ss, tenths, nn] = [n(1), n(2), n(3), n(4), n(5), n(6), n(7), n(8)];
  const p = m[9]!;
  if (p === 'R') {
    const d = new Date(now);
    d.setUTCFullYear(d.getUTCFullYear() + yy, d.getUTCMonth() + mo, d.getUTCDate() + dd);
    return d.getTime() + ((hh * 60 + mi) * 60 + ss) * 1000;
  }
  if (mo < 1 || mo > 12 || mi > 59 || ss > 59 || nn > 48) return 'invalid';
  const local = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss, tenths * 100);
  // A day the month does not have (00, 30 February, 32), or an hour past 23, moves the date.
  if (new Date(local).getUTCDate() !== dd) return 'invalid';
  // Local time ahead of UTC ('+') is later than the same instant in UTC.
  const quarters = nn * 15 * 60_000;
  return p === '+' ? local - quarters : local + quarters;
}
