/**
 * Ended rows (access tokens, console and operator sessions) are swept by the sign-ins that make new
 * ones, at most once a minute per process: no timer of its own, and the cost of a sweep is shared
 * out over many requests.
 */
const SWEEP_EVERY_MS = 60_000;

/** Whether a sweep is due at `now` (the answer is yes at most once per minute; the caller sweeps). */
export function sweepEvery(): (now: number) => boolean {
  let last = 0;
  return (now) => {
    if (now - last <= SWEEP_EVERY_MS) return false;
    last = now;
    return true;
  };
}
