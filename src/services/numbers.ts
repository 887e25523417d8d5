/**
 * The operator's side of two-way messaging: which numbers (long codes, short codes) an account owns,
 * where each one's inbound messages go (a callback, or the account's SMPP receiver binds), and the
 * keyword rules each one answers with. Through the admin API and the CLI; accounts see their numbers
 * through their pools.
 */
import { isSupportedCountry } from 'libphonenumber-js/max';
import { type KeywordRule, normaliseKeyword } from '../domain/keyword-rules.js';
import { analysePhone } from '../domain/phone.js';
import { numberKey } from '../domain/pools.js';
import { findAccountById } from '../store/repositories/accounts.js';
import {
  deleteNumber,
  findNumber,
  insertNumber,
  keywordRulesOf,
  type NumberRow,
  numbersOfAccount,
  replaceKeywordRules,
  updateNumber,
} from '../store/repositories/numbers.js';
import type { ServiceContext } from './context.js';
import { failure, ServiceError, validationError } from './errors.js';

export type InboundRoute = 'callback' | 'smpp';
const ROUTES: readonly InboundRoute[] = ['callback', 'smpp'];

export interface NumberView {
  number: string;
  kind: 'LongCode' | 'ShortCode';
  country: string;
  poolId: string | null;
  inboundRoute: InboundRoute;
  keywords: KeywordRule[];
}

export interface NumberAssignment {
  number: string;
  /** Required for a short code (it has no country of its own). */
  country?: string;
  inboundRoute?: string;
}

async function viewOf(ctx: ServiceContext, row: NumberRow): Promise<NumberView> {
  const rules = await keywordRulesOf(ctx.store.db, row.account_id, row.number);
  return {
    number: row.number,
    kind: row.kind as NumberView['kind'],
    country: row.country,
    poolId: row.pool_id,
    inboundRoute: row.inbound_route as InboundRoute,
    keywords: rules.map((r) => ({ keyword: r.keyword, reply: r.reply })),
  };
}

function checkedRoute(route: string | undefined): InboundRoute | undefined {
  if (route === undefined) return undefined;
  if (!ROUTES.includes(route as InboundRoute))
    throw validationError({ inboundRoute: 'must be callback or smpp' });
  return route as InboundRoute;
}

/** Gives the account a number: an E.164 number (its country read from it) or a 3–8 digit short code. */
export async function assignNumber(
  ctx: ServiceContext,
  accountId: string,
  a: NumberAssignment,
): Promise<NumberView> {
  const account = await findAccountById(ctx.store.db, accountId);
  if (!account || account.deleted_at !== null)
    throw new ServiceError('account-not-found', 'Account not found');
  const key = numberKey(a.number);
  // The Octopush reply number and STOP code answer every account's messages: no account owns them.
  if (key === ctx.config.octopush.replyNumber || key === ctx.config.octopush.stopCode)
    throw new ServiceError(
      'conflict',
      `Number '${key}' is shared by every account (Octopush replies and STOP)`,
    );
  const route = checkedRoute(a.inboundRoute) ?? 'callback';
  let kind: NumberView['kind'];
  let country: string;
  if (/^\d{3,8}$/.test(key)) {
    kind = 'ShortCode';
    country = (a.country ?? '').toUpperCase();
    if (!isSupportedCountry(country))
      throw validationError({ country: 'a short code needs its ISO 3166-1 alpha-2 country' });
  } else {
    const phone = /^\d{9,15}$/.test(key) ? analysePhone(`+${key}`, ctx.timezones) : null;
    if (!phone) throw validationError({ number: 'must be an E.164 number or a 3–8 digit short code' });
    kind = 'LongCode';
    country = phone.country;
  }
  const row: NumberRow = {
    number: key,
    account_id: accountId,
    pool_id: null,
    kind,
    country,
    inbound_route: route,
    created_at: ctx.clock(),
  };
  if (!(await insertNumber(ctx.store.db, row))) {
    const owner = await findNumber(ctx.store.db, key);
    if (owner?.account_id !== accountId)
      throw new ServiceError('conflict', `Number '${key}' belongs to another account`);
    if (a.inboundRoute !== undefined)
      await updateNumber(ctx.store.db, accountId, key, { inbound_route: route });
    return viewOf(ctx, (await findNumber(ctx.store.db, key))!);
  }
  return viewOf(ctx, row);
}

/** One of the account's numbers (404 for a number that is not the account's). */
export async function ownNumber(ctx: ServiceContext, accountId: string, number: string): Promise<NumberRow> {
  const row = await findNumber(ctx.store.db, numberKey(number));
  if (!row || row.account_id !== accountId)
    throw failure('number-not-found', `Number '${numberKey(number)}' is not one of the account's numbers`);
  return row;
}

/** One of the account's numbers with its route and keyword rules. */
export async function accountNumber(
  ctx: ServiceContext,
  accountId: string,
  number: string,
): Promise<NumberView> {
  return viewOf(ctx, await ownNumber(ctx, accountId, number));
}

export async function listNumbers(ctx: ServiceContext, accountId: string): Promise<NumberView[]> {
  const rows = await numbersOfAccount(ctx.store.db, accountId);
  return Promise.all(rows.map((r) => viewOf(ctx, r)));
}

export async function releaseNumber(ctx: ServiceContext, accountId: string, number: string): Promise<void> {
  const row = await ownNumber(ctx, accountId, number);
  await ctx.store.db.transaction().execute((trx) => deleteNumber(trx, accountId, row.number));
}

export async function routeNumber(
  ctx: ServiceContext,
  accountId: string,
  number: string,
  route: string,
): Promise<NumberView> {
  const row = await ownNumber(ctx, accountId, number);
  const inboundRoute = checkedRoute(route)!;
  await updateNumber(ctx.store.db, accountId, row.number, { inbound_route: inboundRoute });
  return viewOf(ctx, { ...row, inbound_route: inboundRoute });
}

const MAX_RULES = 100;
const MAX_REPLY = 1000;

/** Replaces the number's keyword rules. */
export async function setKeywordRules(
  ctx: ServiceContext,
  accountId: string,
  number: string,
  rules: ReadonlyArray<{ keyword?: unknown; reply?: unknown }>,
): Promise<NumberView> {
  const row = await ownNumber(ctx, accountId, number);
  if (rules.length > MAX_RULES) throw validationError({ keywords: `at most ${MAX_RULES} rules` });
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  const now = ctx.clock();
  const checked = rules.flatMap((r, i) => {
    const keyword = typeof r.keyword === 'string' ? normaliseKeyword(r.keyword) : null;
    if (keyword === null) problems[`keywords[${i}].keyword`] = 'must be one word of 1–30 letters or digits';
    else if (seen.has(keyword)) problems[`keywords[${i}].keyword`] = 'repeated';
    if (typeof r.reply !== 'string' || r.reply.trim() === '' || r.reply.length > MAX_REPLY)
      problems[`keywords[${i}].reply`] = `must be a text of 1 to ${MAX_REPLY} characters`;
    if (keyword === null || typeof r.reply !== 'string') return [];
    seen.add(keyword);
    return [{ number: row.number, account_id: accountId, keyword, reply: r.reply, created_at: now }];
  });
  if (Object.keys(problems).length > 0) throw validationError(problems);
  await ctx.store.db.transaction().execute((trx) => replaceKeywordRules(trx, accountId, row.number, checked));
  return viewOf(ctx, row);
}
