/**
 * The console's replies page: the messages handsets wrote to the account (newest first), and the
 * account's numbers with their pool and keyword rules, which the account may change, as it may move
 * a number from pool to pool.
 */
import { analysePhone } from '../domain/phone.js';
import { searchInbound } from '../store/repositories/inbound.js';
import { findPool, poolsOfAccount } from '../store/repositories/numbers.js';
import type { ServiceContext } from './context.js';
import { accountNumber, listNumbers, type NumberView, setKeywordRules } from './numbers.js';
import { addPoolNumbers, removePoolNumber } from './pools.js';

export interface ReceivedMessage {
  id: string;
  from: string;
  to: string;
  text: string;
  country: string;
  receivedAt: number;
  /** 'reply', 'keyword', 'stop' (or 'unmatched', never the account's). */
  kind: string;
  /** The message or campaign it answers, when one was found. */
  inReplyTo: string | null;
}

export async function receivedMessages(
  ctx: ServiceContext,
  accountId: string,
  page: { page: number; size: number },
): Promise<{ items: ReceivedMessage[]; total: number }> {
  const { rows, total } = await searchInbound(ctx.store.db, accountId, {
    dateStart: 0,
    dateEnd: Number.MAX_SAFE_INTEGER,
    filters: [],
    matchNothing: false,
    page,
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      from: r.sender,
      to: r.recipient,
      text: r.body,
      country: analysePhone(r.sender, ctx.timezones)?.country ?? 'XX',
      receivedAt: Number(r.received_at),
      kind: r.kind ?? 'reply',
      inReplyTo: r.in_reply_to,
    })),
    total,
  };
}

export type AccountNumber = NumberView & { poolName: string | null };

/** The account's numbers, each with its pool's name. */
export async function accountNumbers(ctx: ServiceContext, accountId: string): Promise<AccountNumber[]> {
  // The pools' names only (listPools would count each pool's numbers too).
  const [numbers, pools] = await Promise.all([
    listNumbers(ctx, accountId),
    poolsOfAccount(ctx.store.db, accountId),
  ]);
  const names = new Map(pools.map((p) => [p.id, p.name]));
  return numbers.map((n) => ({ ...n, poolName: n.poolId ? (names.get(n.poolId) ?? null) : null }));
}

/** A number of the account with its pool's name (one read, only when it is in a pool). */
async function withPoolName(ctx: ServiceContext, accountId: string, n: NumberView): Promise<AccountNumber> {
  const pool = n.poolId ? await findPool(ctx.store.db, accountId, n.poolId) : undefined;
  return { ...n, poolName: pool?.name ?? null };
}

/** Puts one of the account's numbers in one of its pools, or (null) in none. */
export async function movePoolNumber(
  ctx: ServiceContext,
  accountId: string,
  number: string,
  poolId: string | null,
): Promise<AccountNumber> {
  const current = await accountNumber(ctx, accountId, number);
  if (poolId !== null) await addPoolNumbers(ctx, accountId, poolId, [current.number]);
  else if (current.poolId !== null) await removePoolNumber(ctx, accountId, current.poolId, current.number);
  return withPoolName(ctx, accountId, await accountNumber(ctx, accountId, current.number));
}

/** Replaces the keyword rules of one of the account's numbers. */
export async function changeKeywordRules(
  ctx: ServiceContext,
  accountId: string,
  number: string,
  rules: ReadonlyArray<{ keyword?: unknown; reply?: unknown }>,
): Promise<AccountNumber> {
  return withPoolName(ctx, accountId, await setKeywordRules(ctx, accountId, number, rules));
}
