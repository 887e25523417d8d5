/** Wall-clock parts of an instant in an IANA zone, and the zone's offset from UTC. Pure. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function zonedParts(t: number, zone: string): ZonedParts {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  const parts = f.formatToParts(t);
  const v = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: v('year'),
    month: v('month'),
    day: v('day'),
    hour: v('hour'),
    minute: v('minute'),
    second: v('second'),
  };
}

/** How far the zone's wall clock is ahead of UTC at instant t, in ms. */
export function zoneOffsetMs(t: number, zone: string): number {
  const p = zonedParts(t, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
}
