/**
 * Bounds on the times clients give: a date must be one a JavaScript Date can hold (|t| ≤ 8.64e15 ms),
 * and a campaign may be scheduled at most a year ahead. Past that, a date is a client's mistake (a
 * millisecond value sent where seconds were meant, 1e20…), and storing it would charge for messages
 * that never go and leave views that cannot print the date. Pure: `now` is passed in.
 */

/** The farthest a campaign (SMS or voice, any API) may be scheduled ahead. */
export const MAX_SCHEDULE_AHEAD_MS = 365 * 24 * 3600_000;

/** The range of a JavaScript Date: ±100,000,000 days around 1970. */
const MAX_DATE_MS = 8.64e15;

export function isRepresentableTime(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/** What is wrong with a requested send time, or undefined (the past means now). */
export function scheduleProblem(at: number, now: number): string | undefined {
  if (!isRepresentableTime(at) || at > now + MAX_SCHEDULE_AHEAD_MS)
    return 'must be a date at most 365 days from now';
  return undefined;
}

/** ISO 8601 of a stored time, or undefined when it is not one a Date can hold. */
export function isoTimeOrUndefined(ms: number | null | undefined): string | undefined {
  return ms !== null && ms !== undefined && isRepresentableTime(ms) ? new Date(ms).toISOString() : undefined;
}

/** The UTC day (YYYY-MM-DD) of a time. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
