/**
 * What the console's overview page shows an account at a glance: balance, today's messages by
 * status, messages accepted per minute over the last hour, the operator links' states, parts waiting
 * and failing callbacks. One call gathers it all, so the page refreshes with one request every two
 * seconds whatever the traffic.
 */
import { type Currency, currencyOf } from '../domain/money.js';
import { utcDay } from '../domain/dates.js';
import { balanceOf } from '../store/repositories/ledger.js';
import { failingCallbacks, messagesPerMinute, partsWaiting } from '../store/repositories/overview-counts.js';
import { usageBetween } from '../store/repositories/retention.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';

export interface LinkState {
  id: string;
  state: string;
}

export interface Overview {
  account: { id: string; name: string };
  balanceMicros: number;
  currency: Currency;
  /** UTC day the counts are of. */
  today: string;
  todayByStatus: Record<string, number>;
  /** The last 60 minutes, oldest first, every minute present (0 when nothing was accepted). */
  lastHour: Array<{ at: number; messages: number }>;
  links: LinkState[];
  queue: { ready: number; inflight: number };
  callbacks: { retrying: number; failed: number };
}

const MINUTE = 60_000;

export async function consoleOverview(
  ctx: ServiceContext,
  account: AccountRow,
  links: readonly LinkState[],
): Promise<Overview> {
  const { db, dialect } = ctx.store;
  const now = ctx.clock();
  const today = utcDay(now);
  const firstMinute = Math.floor(now / MINUTE) - 59;
  const [balance, usage, perMinute, queue, callbacks] = await Promise.all([
    balanceOf(db, account.id),
    usageBetween(db, dialect, account.id, today, today),
    messagesPerMinute(db, account.id, firstMinute * MINUTE),
    partsWaiting(db, account.id),
    failingCallbacks(db, account.id),
  ]);
  const todayByStatus: Record<string, number> = {};
  for (const r of usage)
    if (r.service === 'Sms') todayByStatus[r.status] = (todayByStatus[r.status] ?? 0) + r.messages;
  const counted = new Map(perMinute.map((m) => [m.minute, m.messages]));
  const lastHour = Array.from({ length: 60 }, (_, i) => ({
    at: (firstMinute + i) * MINUTE,
    messages: counted.get(firstMinute + i) ?? 0,
  }));
  return {
    account: { id: account.id, name: account.name },
    balanceMicros: balance ?? 0,
    currency: currencyOf(account.currency),
    today,
    todayByStatus,
    lastHour,
    links: links.map((l) => ({ id: l.id, state: l.state })),
    queue,
    callbacks,
  };
}
