/** Quiet-hour windows around the current local time of a zone, for tests that must be "in" one. */
export function localMinuteNow(zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(Date.now());
  return (
    Number(parts.find((p) => p.type === 'hour')!.value) * 60 +
    Number(parts.find((p) => p.type === 'minute')!.value)
  );
}

export function hhmm(minute: number): string {
  const x = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
}

/** "HH:MM-HH:MM" from `before` minutes ago to `after` minutes from now, in the zone. */
export function windowAroundNow(zone: string, before: number, after: number): string {
  const m = localMinuteNow(zone);
  return `${hhmm(m - before)}-${hhmm(m + after)}`;
}
