/**
 * An account's number pools (Routee's /pools/my): create, read, edit, delete, the numbers in each,
 * and one SMS sent through a pool, its sender picked by the pool's rules (domain/pools.ts). A pool's
 * callback and transcode settings apply to its messages as an account's do to single sends.
 */
import { randomInt } from 'node:crypto';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { parseAccountSettings } from '../domain/account-settings.js';
import {
  chooseSender,
  DEFAULT_POOL_SETTINGS,
  numberKey,
  parsePoolSettings,
  type PoolSettings,
  type PoolStrategy,
} from '../domain/pools.js';
import { analysePhone } from '../domain/phone.js';
import { newId } from '../security/secrets.js';
import {
  countNumbersOfPool,
  deletePool as deletePoolRow,
  findNumber,
  findPool,
  insertPool,
  lastPoolSender,
  type NumberRow,
  numbersOfPool,
  poolsOfAccount,
  updateNumber,
  updatePool,
} from '../store/repositories/numbers.js';
import type { AccountRow, NumberPoolsTable } from '../store/schema.js';
import type { ServiceContext } from './context.js';
import { failure, validationError } from './errors.js';
import { ownNumber } from './numbers.js';
import { outboundUrlProblem } from './outbound-urls.js';
import { requireValidSender } from './prepare-sms.js';
import { type AcceptedSms, sendSms } from './send-sms.js';

/** A pool as the faces show it. */
export interface PoolView {
  id: string;
  name: string;
  settings: PoolSettings;
  totalNumbers: number;
  updatedAt: number;
}

/** A number of a pool, as the faces show it. */
export interface PoolNumberView {
  number: string;
  country: string;
  kind: string;
  poolId: string | null;
}

function numberOf(r: NumberRow): PoolNumberView {
  return { number: r.number, country: r.country, kind: r.kind, poolId: r.pool_id };
}

/** What a create or an edit sets (an edit keeps what it leaves out). */
export interface PoolChange {
  name?: string;
  settings?: Partial<PoolSettings>;
}

const MAX_POOL_NAME = 100;
/** Routee: up to 1000 numbers in one pool. */
export const MAX_POOL_NUMBERS = 1000;

function checkedSettings(ctx: ServiceContext, s: PoolSettings): PoolSettings {
  const problems: Record<string, string> = {};
  if (s.defaultCountry !== undefined) {
    s.defaultCountry = s.defaultCountry.toUpperCase();
    if (!isSupportedCountry(s.defaultCountry))
      problems['smsSettings.defaultCountry'] = 'must be an ISO 3166-1 alpha-2 country code';
  }
  if (s.alphanumericSenderId !== undefined) {
    try {
      requireValidSender(s.alphanumericSenderId);
    } catch {
      problems['smsSettings.alphanumericSenderId'] = 'Invalid sender id';
    }
  }
  if (s.inboundSMSCallbackUrl !== undefined) {
    const p = outboundUrlProblem(ctx.outbound.policy, s.inboundSMSCallbackUrl);
    if (p) problems['smsSettings.inboundSMSCallbackUrl'] = p;
  }
  if (s.callback !== undefined) {
    const p = outboundUrlProblem(ctx.outbound.policy, s.callback.url);
    if (p) problems['smsSettings.callback.url'] = p;
  }
  if (Object.keys(problems).length > 0) throw validationError(problems);
  return s;
}

function checkedName(name: string | undefined): string {
  const n = name?.trim() ?? '';
  if (n === '' || n.length > MAX_POOL_NAME)
    throw validationError({ poolName: `size must be between 1 and ${MAX_POOL_NAME}` });
  return n;
}

async function viewOf(ctx: ServiceContext, row: NumberPoolsTable): Promise<PoolView> {
  return {
    id: row.id,
    name: row.name,
    settings: parsePoolSettings(row.settings),
    totalNumbers: await countNumbersOfPool(ctx.store.db, row.account_id, row.id),
    updatedAt: Number(row.updated_at),
  };
}

async function poolRow(ctx: ServiceContext, accountId: string, poolId: string): Promise<NumberPoolsTable> {
  const row = await findPool(ctx.store.db, accountId, poolId);
  if (!row) throw failure('pool-not-found', `Pool with id '${poolId}' was not found`);
  return row;
}

export async function createPool(
  ctx: ServiceContext,
  accountId: string,
  change: PoolChange,
): Promise<PoolView> {
  const name = checkedName(change.name);
  const settings = checkedSettings(ctx, { ...DEFAULT_POOL_SETTINGS, ...change.settings });
  const now = ctx.clock();
  const row: NumberPoolsTable = {
    id: newId(now),
    account_id: accountId,
    name,
    settings: JSON.stringify(settings),
    created_at: now,
    updated_at: now,
  };
  await insertPool(ctx.store.db, row);
  return viewOf(ctx, row);
}

export async function getPool(ctx: ServiceContext, accountId: string, poolId: string): Promise<PoolView> {
  return viewOf(ctx, await poolRow(ctx, accountId, poolId));
}

export async function listPools(ctx: ServiceContext, accountId: string): Promise<PoolView[]> {
  const rows = await poolsOfAccount(ctx.store.db, accountId);
  return Promise.all(rows.map((r) => viewOf(ctx, r)));
}

export async function editPool(
  ctx: ServiceContext,
  accountId: string,
  poolId: string,
  change: PoolChange,
): Promise<PoolView> {
  const row = await poolRow(ctx, accountId, poolId);
  const name = change.name === undefined ? row.name : checkedName(change.name);
  const settings = checkedSettings(ctx, { ...parsePoolSettings(row.settings), ...change.settings });
  const now = ctx.clock();
  const next = { name, settings: JSON.stringify(settings), updated_at: now };
  await updatePool(ctx.store.db, accountId, poolId, next);
  return viewOf(ctx, { ...row, ...next });
}

export async function removePool(ctx: ServiceContext, accountId: string, poolId: string): Promise<void> {
  const deleted = await ctx.store.db.transaction().execute((trx) => deletePoolRow(trx, accountId, poolId));
  if (!deleted) throw failure('pool-not-found', `Pool with id '${poolId}' was not found`);
}

export async function poolNumbers(
  ctx: ServiceContext,
  accountId: string,
  poolId: string,
): Promise<PoolNumberView[]> {
  await poolRow(ctx, accountId, poolId);
  return (await numbersOfPool(ctx.store.db, accountId, poolId)).map(numberOf);
}

/** Puts the account's numbers in the pool (a number in another of its pools moves). */
export async function addPoolNumbers(
  ctx: ServiceContext,
  accountId: string,
  poolId: string,
  numbers: readonly string[],
): Promise<PoolNumberView[]> {
  await poolRow(ctx, accountId, poolId);
  const keys = [...new Set(numbers.map(numberKey))];
  const current = await countNumbersOfPool(ctx.store.db, accountId, poolId);
  await ctx.store.db.transaction().execute(async (trx) => {
    let added = 0;
    for (const key of keys) {
      const row = await findNumber(trx, key);
      if (!row || row.account_id !== accountId)
        throw failure('number-not-found', `Number '${key}' is not one of the account's numbers`);
      if (row.pool_id !== poolId) added++;
      await updateNumber(trx, accountId, key, { pool_id: poolId });
    }
    if (current + added > MAX_POOL_NUMBERS)
      throw validationError({ numbers: `a pool holds at most ${MAX_POOL_NUMBERS} numbers` });
  });
  return (await numbersOfPool(ctx.store.db, accountId, poolId)).map(numberOf);
}

export async function removePoolNumber(
  ctx: ServiceContext,
  accountId: string,
  poolId: string,
  number: string,
): Promise<void> {
  const row = await ownNumber(ctx, accountId, number);
  if (row.pool_id !== poolId) throw failure('number-not-found', `Number '${row.number}' is not in the pool`);
  await updateNumber(ctx.store.db, accountId, row.number, { pool_id: null });
}

export interface PoolSmsRequest {
  to: string;
  body: string;
  strategy: PoolStrategy;
}

export interface AcceptedPoolSms {
  accepted: AcceptedSms;
  pool: Pick<PoolView, 'id' | 'name' | 'settings'>;
  strategy: PoolStrategy;
  from: string;
}

/** One SMS through the pool: its sender picked by the pool's rules, its callbacks naming the pool. */
export async function sendPoolSms(
  ctx: ServiceContext,
  account: AccountRow,
  poolId: string,
  req: PoolSmsRequest,
): Promise<AcceptedPoolSms> {
  // The pool's settings only: a send needs no count of its numbers.
  const row = await poolRow(ctx, account.id, poolId);
  const pool = { id: row.id, name: row.name, settings: parsePoolSettings(row.settings) };
  const recipient = analysePhone(req.to, ctx.timezones);
  if (!recipient) throw validationError({ to: 'Invalid mobile number' });
  const numbers = req.strategy === 'Numeric' ? await numbersOfPool(ctx.store.db, account.id, poolId) : [];
  const lastUsed =
    req.strategy === 'Numeric' && pool.settings.sticky
      ? await lastPoolSender(ctx.store.db, account.id, poolId, recipient.e164)
      : null;
  const choice = chooseSender({
    strategy: req.strategy,
    settings: pool.settings,
    numbers,
    recipientCountry: recipient.country,
    lastUsed,
    turn: randomInt(0, 1 << 30),
  });
  if ('problem' in choice) {
    throw failure(
      'pool-without-sender',
      choice.problem === 'no-numbers'
        ? 'The pool has no numbers to send from'
        : 'The pool has no alphanumericSenderId for the Alphanumeric strategy',
      {
        poolStrategy:
          choice.problem === 'no-numbers' ? 'no numbers in the pool' : 'no alphanumeric sender id',
      },
    );
  }
  const settings = parseAccountSettings(account.settings);
  const accepted = await sendSms(
    ctx,
    account,
    {
      from: choice.from,
      to: req.to,
      body: req.body,
      transcode: pool.settings.transcode || settings.transcode === true,
      ...(pool.settings.callback && { callback: pool.settings.callback }),
    },
    { pool: { id: pool.id, name: pool.name, strategy: req.strategy } },
  );
  return { accepted, pool, strategy: req.strategy, from: choice.from };
}
