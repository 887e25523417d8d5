/**
 * An SMS campaign request (Routee `POST /sms/campaign`, `PUT /sms/{id}`, `POST /sms/analyze/campaign`)
 * and the checks that do not need the database.
 */
import type { CallbackSetting } from '../domain/account-settings.js';
import { isValidCampaignName } from '../domain/campaign.js';
import { analysePhone, type TimezoneIndex } from '../domain/phone.js';
import type { PlaceholderStyle } from '../domain/personalize.js';
import type { MessageCallbackSetting } from '../domain/sms-callback.js';
import { restrictionProblems } from '../domain/restrictions.js';
import { scheduleProblem } from '../domain/dates.js';
import { ServiceError, validationError } from './errors.js';
import { MAX_TTL_MINUTES, requireValidSender } from './prepare-sms.js';
import type { OutboundPolicy } from '../security/outbound-policy.js';
import { outboundUrlProblem } from './outbound-urls.js';

export interface ReminderRequest {
  minutesBefore?: number;
  minutesAfter?: number;
  to: string[];
}

export interface CampaignRequest {
  from: string;
  body: string;
  to?: string[];
  contacts?: string[];
  groups?: string[];
  scheduledDate?: number;
  campaignName?: string;
  flash?: boolean;
  respectQuietHours?: boolean;
  /** Each message's receiver (per part, or per message with OnMessageCompletion). */
  callback?: MessageCallbackSetting;
  campaignCallback?: CallbackSetting;
  reminder?: ReminderRequest;
  fallbackValues?: Record<string, string>;
  ttlMinutes?: number;
  allowInvalid?: boolean;
  urlShortener?: Record<string, unknown>;
  restrictions?: Record<string, unknown>;
  transcode?: boolean;
  /** Placeholder syntax of the body: labels `[~label]` (default) or recipient fields `{first_name}`. */
  placeholders?: PlaceholderStyle;
  /** Personal fields given with each `to` number (Octopush recipients), aligned with `to`. */
  toValues?: Array<Record<string, string> | undefined>;
  /** Client's de-duplication key: a second campaign with it within 24 hours is refused. */
  requestId?: string;
  /** The product priced (default `sms`; Octopush's low-cost SMS: `sms_low_cost`). */
  priceService?: 'sms' | 'sms_low_cost';
  /** Put the recipients in this contact group (created when missing). */
  listName?: string;
  /** And take the contacts who opted out of SMS off that group. */
  listDropsOptedOut?: boolean;
}

const MAX_REMINDER_MINUTES = 7 * 24 * 60;
const MAX_REMINDER_RECIPIENTS = 10;

/** Field checks shared by create, update and analyse. Reminder numbers come back normalised. */
export function checkCampaignFields(
  req: CampaignRequest,
  tz: TimezoneIndex,
  outbound: OutboundPolicy,
  now: number,
): { reminderTo: Array<{ e164: string; country: string }> } {
  const problems: Record<string, string> = {};
  if (req.body.length === 0) problems.body = 'may not be empty';
  if (req.campaignName !== undefined && !isValidCampaignName(req.campaignName))
    problems.campaignName =
      'must be between 2 and 30 characters and contain only latin letters, numbers, spaces and -';
  if (req.ttlMinutes !== undefined && (req.ttlMinutes < 1 || req.ttlMinutes > MAX_TTL_MINUTES))
    problems.ttl = `must be between 1 and ${MAX_TTL_MINUTES}`;
  const when = req.scheduledDate === undefined ? undefined : scheduleProblem(req.scheduledDate, now);
  if (when) problems.scheduledDate = when;
  for (const key of ['callback', 'campaignCallback'] as const) {
    const cb = req[key];
    const problem = cb && outboundUrlProblem(outbound, cb.url);
    if (problem) problems[`${key}.url`] = problem;
  }
  const reminderTo: Array<{ e164: string; country: string }> = [];
  if (req.reminder) {
    const r = req.reminder;
    if (r.minutesBefore === undefined && r.minutesAfter === undefined)
      problems.reminder = 'needs minutesBefore or minutesAfter';
    for (const key of ['minutesBefore', 'minutesAfter'] as const) {
      const v = r[key];
      if (v !== undefined && (v < 0 || v > MAX_REMINDER_MINUTES))
        problems[`reminder.${key}`] = `must be between 0 and ${MAX_REMINDER_MINUTES}`;
    }
    if (r.to.length === 0) problems['reminder.to'] = 'may not be empty';
    if (r.to.length > MAX_REMINDER_RECIPIENTS)
      problems['reminder.to'] = `at most ${MAX_REMINDER_RECIPIENTS} numbers`;
    for (const raw of r.to) {
      const p = raw.trim().startsWith('+') ? analysePhone(raw, tz) : null;
      if (!p) problems['reminder.to'] = `Invalid mobile number: ${raw}`;
      else if (!reminderTo.some((x) => x.e164 === p.e164))
        reminderTo.push({ e164: p.e164, country: p.country });
    }
  }
  Object.assign(problems, restrictionProblems(req.restrictions));
  if (Object.keys(problems).length > 0) throw validationError(problems);
  requireValidSender(req.from);
  const listed = (req.to?.length ?? 0) + (req.contacts?.length ?? 0) + (req.groups?.length ?? 0);
  if (listed === 0) {
    throw new ServiceError(
      'no-recipients',
      'You have not specified any recipients (to, contacts or groups).',
    );
  }
  return { reminderTo };
}
