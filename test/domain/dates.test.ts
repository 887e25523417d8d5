// Bounds on client times: a Date must be able to hold them (|t| ≤ 8.64e15 ms), and a campaign may be
// scheduled at most 365 days ahead (the past means now).
import { describe, expect, it } from 'vitest';
import {
  isoTimeOrUndefined,
  isRepresentableTime,
  MAX_SCHEDULE_AHEAD_MS,
  scheduleProblem,
} from '../../src/domain/dates.js';

const DAY = 86_400_000;

describe('representable times', () => {
  it('holds every time a Date holds, and nothing past it', () => {
    expect(isRepresentableTime(0)).toBe(true);
    expect(isRepresentableTime(8.64e15)).toBe(true);
    expect(isRepresentableTime(-8.64e15)).toBe(true);
    expect(isRepresentableTime(8.64e15 + 1)).toBe(false);
    expect(isRepresentableTime(-8.64e15 - 1)).toBe(false);
    expect(isRepresentableTime(1e20)).toBe(false);
    expect(isRepresentableTime(Number.NaN)).toBe(false);
    expect(isRepresentableTime(Number.POSITIVE_INFINITY)).toBe(false);
  });

  it('prints ISO 8601 only for times a Date can hold', () => {
    expect(isoTimeOrUndefined(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTimeOrUndefined(8.64e15)).toBe('+275760-09-13T00:00:00.000Z');
    expect(isoTimeOrUndefined(8.64e15 + 1)).toBeUndefined();
    expect(isoTimeOrUndefined(null)).toBeUndefined();
    expect(isoTimeOrUndefined(undefined)).toBeUndefined();
  });
});

describe('schedule bounds', () => {
  const now = Date.UTC(2026, 11, 3, 12);

  it('allows any time up to 365 days ahead, and the past', () => {
    expect(MAX_SCHEDULE_AHEAD_MS).toBe(365 * DAY);
    expect(scheduleProblem(now, now)).toBeUndefined();
    expect(scheduleProblem(now - 10 * DAY, now)).toBeUndefined();
    expect(scheduleProblem(now + 365 * DAY, now)).toBeUndefined();
  });

  it('refuses a time past a year ahead or one no Date can hold', () => {
    const problem = 'must be a date at most 365 days from now';
    expect(scheduleProblem(now + 365 * DAY + 1, now)).toBe(problem);
    expect(scheduleProblem(now * 1000, now)).toBe(problem); // milliseconds sent where seconds were meant
    expect(scheduleProblem(1e20, now)).toBe(problem);
    expect(scheduleProblem(-1e20, now)).toBe(problem);
    expect(scheduleProblem(Number.NaN, now)).toBe(problem);
  });
});
