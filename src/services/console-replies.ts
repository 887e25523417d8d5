/**
 * The console's replies page: the messages handsets wrote to the account (newest first), and the
 * account's numbers with their pool and keyword rules, which the account may change, as it may move
 * a number from pool to pool.
 */
import { analysePhone } from '../domain/phone.js';
import { searchInbound } from '../store/repositories/inbound.js';
import type { ServiceContext } from './context.js';
import { listNumbers, type NumberView, setKeywordRules } from './numbers.js';
import { addPoolNumbers, listPools, numberKey, removePoolNumber } from './pools.js';
import { failure } from './errors.js';

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
  const [numbers, pools] = await Promise.all([listNumbers(ctx, accountId), listPools(ctx, accountId)]);
  const names = new Map(pools.map((p) => [p.id, p.name]));
  return numbers.map((n) => ({ ...n, poolName: n.poolId ? (names.get(n.poolId) ?? null) : null }));
}

/** Puts one of the account's numbers in one of its pools, or (null) in none. */
export async function movePoolNumber(
  ctx: ServiceContext,
  accountId: string,
  number: string,
  poolId: string | null,
): Promise<AccountNumber> {
  const key = numberKey(number);
  if (poolId !== null) await addPoolNumbers(ctx, accountId, poolId, [key]);
  else {
    const current = (await listNumbers(ctx, accountId)).find((n) => n.number === key);
    if (!current) throw failure('number-not-found', `Number '${key}' is not one of the account's numbers`);
    if (current.poolId !== null) await removePoolNumber(ctx, accountId, current.poolId, key);
  }
  return (await accountNumbers(ctx, accountId)).find((n) => n.number === key)!;
}

/** Replaces the keyword rules of one of the account's numbers. */
export async function changeKeywordRules(
  ctx: ServiceContext,
  accountId: string,
  number: string,
  rules: ReadonlyArray<{ keyword?: unknown; reply?: unknown }>,
): Promise<AccountNumber> {
  await setKeywordRules(ctx, accountId, number, rules);
  const all = await accountNumbers(ctx, accountId);
  return all.find((n) => n.number === numberKey(number))!;
}
