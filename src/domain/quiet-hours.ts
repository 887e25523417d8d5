/**
 * Quiet hours: local-time windows in which a recipient must not receive a campaign message. A message
 * whose send time falls inside a window of its recipient's local time is held until the window ends.
 * A number with several possible zones (GB mobiles, some country-wide ranges) is released when the
 * window has ended in every one of them, so nobody is woken up.
 */
export interface QuietWindow {
  /** Minutes after local midnight; start > end means the window crosses midnight. */
  startMinute: number;
  endMinute: number;
}

export const DEFAULT_QUIET_WINDOWS: readonly QuietWindow[] = [
  { startMinute: 23 * 60, endMinute: 8 * 60 },
  { startMinute: 14 * 60, endMinute: 17 * 60 },
];

const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "23:00-08:00" → window; null when malformed or empty (start = end). */
export function parseQuietWindow(text: string): QuietWindow | null {
  const [a, b] = text.split('-').map((s) => s.trim());
  const ma = a ? HH_MM.exec(a) : null;
  const mb = b ? HH_MM.exec(b) : null;
  if (!ma || !mb) return null;
  const startMinute = Number(ma[1]) * 60 + Number(ma[2]);
  const endMinute = Number(mb[1]) * 60 + Number(mb[2]);
  return startMinute === endMinute ? null : { startMinute, endMinute };
}

export function formatQuietWindow(w: QuietWindow): string {
  const hm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hm(w.startMinute)}-${hm(w.endMinute)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      return null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Local minutes after midnight at `t` in `zone` (null for an unknown zone). */
export function localMinuteOfDay(t: number, zone: string): number | null {
  const f = formatterFor(zone);
  if (!f) return null;
  let hour = 0;
  let minute = 0;
  for (const p of f.formatToParts(t)) {
    if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return hour * 60 + minute;
}

function inside(w: QuietWindow, m: number): boolean {
  return w.startMinute < w.endMinute
    ? m >= w.startMinute && m < w.endMinute
    : m >= w.startMinute || m < w.endMinute;
}

/** Minutes from local minute `m` until the window ends. */
function minutesToEnd(w: QuietWindow, m: number): number {
  return (w.endMinute - m + 1440) % 1440;
}

/**
 * The earliest time at or after `t` outside every window in `zone`. Windows that touch are chained
 * (23:00–08:00 then 08:00–09:00 releases at 09:00). The release lands on the window's end minute.
 */
export function releaseInZone(t: number, zone: string, windows: readonly QuietWindow[]): number {
  let at = t;
  for (let guard = 0; guard < windows.length + 2; guard++) {
    const m = localMinuteOfDay(at, zone);
    if (m === null) return t;
    const w = windows.find((x) => inside(x, m));
    if (!w) return at;
    // Back to the start of the current minute, then forward to the end of the window.
    at = at - (at % 60_000) + minutesToEnd(w, m) * 60_000;
  }
  return at;
}

/**
 * When a message for a number with these zones may be sent, given it is due at `t`. Unknown zones
 * (no data for the number) are not held.
 */
export function quietHoursRelease(
  t: number,
  zones: readonly string[],
  windows: readonly QuietWindow[],
): number {
  if (windows.length === 0) return t;
  let release = t;
  for (const z of zones) release = Math.max(release, releaseInZone(t, z, windows));
  return release;
}
