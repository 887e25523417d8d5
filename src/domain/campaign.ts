/**
 * SMS campaign rules: names, the status counts of a campaign's messages, and the campaign state that
 * follows from them.
 */
import { FINAL_SMS_STATUSES } from './sms-callback.js';

/** 2–30 characters: latin letters, digits, spaces and '-'. */
const CAMPAIGN_NAME = /^[A-Za-z0-9 -]{2,30}$/;

export function isValidCampaignName(name: string): boolean {
  return CAMPAIGN_NAME.test(name);
}

export const MAX_CAMPAIGN_TO = 30_000;

export const SMS_STATUS_KEYS = [
  'Queued',
  'Sent',
  'Unsent',
  'Failed',
  'Delivered',
  'Undelivered',
  'Network Error',
] as const;

export type StatusCounts = Record<(typeof SMS_STATUS_KEYS)[number], number>;

export function statusCounts(rows: Iterable<{ status: string; n: number }>): StatusCounts {
  const counts = Object.fromEntries(SMS_STATUS_KEYS.map((k) => [k, 0])) as StatusCounts;
  for (const r of rows) {
    if (r.status in counts) counts[r.status as keyof StatusCounts] += Number(r.n);
  }
  return counts;
}

export type CampaignState = 'Scheduled' | 'Queued' | 'Running' | 'Sent' | 'Finished' | 'Failed';

export const OPEN_CAMPAIGN_STATES: readonly CampaignState[] = ['Scheduled', 'Queued', 'Running', 'Sent'];

export function finalCount(c: StatusCounts): number {
  let n = 0;
  for (const k of SMS_STATUS_KEYS) if (FINAL_SMS_STATUSES.has(k)) n += c[k];
  return n;
}

/**
 * Where a campaign stands once its send time has come: Queued while nothing has moved, Running while
 * messages are still waiting to be sent, Sent when every message went to the operator but receipts
 * are still due, then Finished — or Failed when no message could be sent at all.
 */
export function campaignStateOf(c: StatusCounts, total: number): CampaignState {
  const finals = finalCount(c);
  if (total > 0 && finals >= total) {
    return c.Failed + c.Unsent + c['Network Error'] >= total ? 'Failed' : 'Finished';
  }
  if (c.Queued >= total) return 'Queued';
  if (c.Queued > 0) return 'Running';
  return 'Sent';
}

const LIFECYCLE: readonly CampaignState[] = ['Scheduled', 'Queued', 'Running', 'Sent'];

/**
 * The states a campaign went through between two looks at it, in order, ending with where it is now:
 * a fast campaign may go from Queued to Finished between two monitor rounds, and a client told of
 * every change must still hear Running and Sent. Running is a state only a campaign of more than
 * one message has (some sent, some waiting); a Failed campaign sent nothing, so it was never Sent.
 */
export function statesOnTheWay(from: CampaignState, to: CampaignState, total: number): CampaignState[] {
  if (from === to) return [];
  const start = LIFECYCLE.indexOf(from);
  const end = isFinalCampaignState(to) ? LIFECYCLE.length : LIFECYCLE.indexOf(to);
  if (start < 0 || end <= start) return [to];
  const between = LIFECYCLE.slice(start + 1, end).filter(
    (s) => !(s === 'Running' && total <= 1) && !(s === 'Sent' && to === 'Failed'),
  );
  return [...between, to];
}

export function isFinalCampaignState(s: string): boolean {
  return s === 'Finished' || s === 'Failed';
}

/** Progress in fifths of the messages with a final status (OnChange reports every 20%). */
export function progressFifths(c: StatusCounts, total: number): number {
  return total === 0 ? 5 : Math.floor((finalCount(c) * 5) / total);
}
