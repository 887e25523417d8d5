/**
 * An account's usage per UTC day (messages, parts and their price, per service, country and status):
 * the daily counts retention keeps for purged rows plus the rows still stored, so a report reads the
 * same before and after a purge (Herald extension: `GET /accounts/me/usage`).
 */
import { currencyOf, fromMicros } from '../domain/money.js';
import { usageBetween } from '../store/repositories/retention.js';
import { utcDay } from '../domain/dates.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { validationError } from './errors.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_USAGE_DAYS = 366;

/**
 * Checks a period of whole UTC days (YYYY-MM-DD, both included): from ≤ to, at most MAX_USAGE_DAYS
 * days. `fields` are the names the caller's face gives the two ends, for the validation error.
 */
export function checkPeriod(fromDay: string, toDay: string, fields: { from: string; to: string }): void {
  const days = (Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / (24 * 3600_000) + 1;
  if (days < 1) throw validationError({ [fields.from]: `must not be after ${fields.to}` });
  if (days > MAX_USAGE_DAYS)
    throw validationError({ [fields.from]: `at most ${MAX_USAGE_DAYS} days at a time` });
}

export async function usageReport(
  ctx: ServiceContext,
  account: AccountRow,
  range: { from?: string; to?: string },
) {
  const today = utcDay(ctx.clock());
  const to = range.to ?? today;
  const from = range.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - 29 * 24 * 3600_000);
  const problems: Record<string, string> = {};
  for (const [key, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
      problems[key] = 'must be a day, YYYY-MM-DD';
  if (Object.keys(problems).length > 0) throw validationError(problems);
  checkPeriod(from, to, { from: 'from', to: 'to' });
  const rows = await usageBetween(ctx.store.db, ctx.store.dialect, account.id, from, to);
  return {
    from,
    to,
    currency: currencyOf(account.currency),
    usage: rows.map((r) => ({
      day: r.day,
      service: r.service,
      country: r.country,
      status: r.status,
      messages: r.messages,
      parts: r.parts,
      cost: fromMicros(r.price_micros),
    })),
  };
}
