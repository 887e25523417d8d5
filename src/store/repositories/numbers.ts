/**
 * Numbers assigned to accounts, their pools and keyword rules (migration 027). Every query of an
 * account's rows carries its account id; finding the owner of a number a handset wrote to is the one
 * lookup across accounts (a number belongs to one account).
 */
import type { AccountNumbersTable, KeywordRulesTable, NumberPoolsTable } from '../schema.js';
import type { Queryable } from './queryable.js';

export type NumberRow = Omit<AccountNumbersTable, 'inbound_route'> & { inbound_route: string };

export async function insertNumber(db: Queryable, row: NumberRow): Promise<boolean> {
  const r = await db
    .insertInto('account_numbers')
    .values(row)
    .onConflict((oc) => oc.column('number').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The number's row, whoever owns it. */
export function findNumber(db: Queryable, number: string): Promise<NumberRow | undefined> {
  return db.selectFrom('account_numbers').selectAll().where('number', '=', number).executeTakeFirst();
}

export function numbersOfAccount(db: Queryable, accountId: string): Promise<NumberRow[]> {
  return db
    .selectFrom('account_numbers')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('number')
    .execute();
}

export function numbersOfPool(db: Queryable, accountId: string, poolId: string): Promise<NumberRow[]> {
  return db
    .selectFrom('account_numbers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('pool_id', '=', poolId)
    .orderBy('number')
    .execute();
}

export async function countNumbersOfPool(db: Queryable, accountId: string, poolId: string): Promise<number> {
  const r = await db
    .selectFrom('account_numbers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('pool_id', '=', poolId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateNumber(
  db: Queryable,
  accountId: string,
  number: string,
  change: Partial<Pick<NumberRow, 'pool_id' | 'inbound_route'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('account_numbers')
    .set(change)
    .where('account_id', '=', accountId)
    .where('number', '=', number)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteNumber(db: Queryable, accountId: string, number: string): Promise<boolean> {
  await db
    .deleteFrom('keyword_rules')
    .where('account_id', '=', accountId)
    .where('number', '=', number)
    .execute();
  const r = await db
    .deleteFrom('account_numbers')
    .where('account_id', '=', accountId)
    .where('number', '=', number)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertPool(db: Queryable, row: NumberPoolsTable): Promise<void> {
  await db.insertInto('number_pools').values(row).execute();
}

export function findPool(
  db: Queryable,
  accountId: string,
  poolId: string,
): Promise<NumberPoolsTable | undefined> {
  return db
    .selectFrom('number_pools')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', poolId)
    .executeTakeFirst();
}

export function poolsOfAccount(db: Queryable, accountId: string): Promise<NumberPoolsTable[]> {
  return db
    .selectFrom('number_pools')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updatePool(
  db: Queryable,
  accountId: string,
  poolId: string,
  change: Pick<NumberPoolsTable, 'name' | 'settings' | 'updated_at'>,
): Promise<boolean> {
  const r = await db
    .updateTable('number_pools')
    .set(change)
    .where('account_id', '=', accountId)
    .where('id', '=', poolId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes the pool; its numbers stay the account's, outside any pool. */
export async function deletePool(db: Queryable, accountId: string, poolId: string): Promise<boolean> {
  await db
    .updateTable('account_numbers')
    .set({ pool_id: null })
    .where('account_id', '=', accountId)
    .where('pool_id', '=', poolId)
    .execute();
  const r = await db
    .deleteFrom('number_pools')
    .where('account_id', '=', accountId)
    .where('id', '=', poolId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The sender of the pool's latest message to `recipient` (the sticky sender), if any. */
export async function lastPoolSender(
  db: Queryable,
  accountId: string,
  poolId: string,
  recipient: string,
): Promise<string | null> {
  const r = await db
    .selectFrom('messages')
    .select('sender')
    .where('pool_id', '=', poolId)
    .where('recipient', '=', recipient)
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.sender ?? null;
}

export function keywordRulesOf(
  db: Queryable,
  accountId: string,
  number: string,
): Promise<KeywordRulesTable[]> {
  return db
    .selectFrom('keyword_rules')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('number', '=', number)
    .orderBy('keyword')
    .execute();
}

/** Replaces the number's rules with these. */
export async function replaceKeywordRules(
  db: Queryable,
  accountId: string,
  number: string,
  rules: readonly KeywordRulesTable[],
): Promise<void> {
  await db
    .deleteFrom('keyword_rules')
    .where('account_id', '=', accountId)
    .where('number', '=', number)
    .execute();
  if (rules.length > 0)
    await db
      .insertInto('keyword_rules')
      .values([...rules])
      .execute();
}

/** Frees every number of the account (a deleted account's numbers may go to another). */
export async function releaseAccountNumbers(db: Queryable, accountId: string): Promise<number> {
  await db.deleteFrom('keyword_rules').where('account_id', '=', accountId).execute();
  const r = await db.deleteFrom('account_numbers').where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The numbers of these accounts (a page of the operator's list), by account. */
export async function numbersOfAccounts(
  db: Queryable,
  accountIds: readonly string[],
): Promise<Array<{ account_id: string; number: string }>> {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('account_numbers')
    .select(['account_id', 'number'])
    .where('account_id', 'in', accountIds)
    .orderBy('number')
    .execute();
}
