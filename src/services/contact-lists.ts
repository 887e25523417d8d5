/**
 * Contact lists (named groups managed by number): create a list, add or update contacts by number
 * (optionally into a list), delete contacts by number, empty or delete a list, and whether a list
 * reaches a country. The Octopush faces use them; lists are groups.
 */
import { analysePhone } from '../domain/phone.js';
import type { Account } from './account.js';
import { deleteContactRows } from './contacts.js';
import { bulkWriteTransaction } from '../store/bulk-write.js';
import { type ContactByMobile, upsertContactsByMobile } from '../store/repositories/contacts.js';
import type { ServiceContext } from './context.js';
import type { Queryable } from '../store/repositories/queryable.js';
import { groupNotFound, removeGroupRows } from './groups.js';

export interface ListContact {
  number: string;
  firstName?: string;
  lastName?: string;
  /** Custom values kept on the contact. */
  labels: Record<string, string>;
}

/** Adds a list unless the account has one of that name; whether it was added. */
async function insertList(db: Queryable, accountId: string, name: string, now: number): Promise<boolean> {
  const created = await db
    .insertInto('contact_groups')
    .values({ account_id: accountId, name, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(created.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Creates an empty list; false when the account already has one of that name. */
export async function createList(ctx: ServiceContext, account: Account, name: string): Promise<boolean> {
  return insertList(ctx.store.db, account.id, name, ctx.clock());
}

/** Adds contacts by number (updating those that exist unless `overwrite` is off), in one transaction. */
export async function upsertListContacts(
  ctx: ServiceContext,
  account: Account,
  contacts: readonly ListContact[],
  opts: { list?: string; overwrite: boolean },
): Promise<{ created: number; updated: number; invalid: string[] }> {
  const now = ctx.clock();
  const invalid: string[] = [];
  const valid: ContactByMobile[] = [];
  for (const c of contacts) {
    const phone = analysePhone(c.number, ctx.timezones);
    if (!phone) invalid.push(c.number);
    else
      valid.push({
        mobile: phone.e164,
        country: phone.country,
        firstName: c.firstName ?? null,
        lastName: c.lastName ?? null,
        labels: JSON.stringify(c.labels),
      });
  }
  const { list } = opts;
  const done = await bulkWriteTransaction(ctx.store, async (w) => {
    if (list) await insertList(w.db, account.id, list, now);
    return upsertContactsByMobile(w, account.id, valid, {
      overwrite: opts.overwrite,
      ...(list && { group: list }),
      now,
    });
  });
  return { ...done, invalid };
}

/** Deletes the account's contacts with these numbers; how many there were. */
export async function deleteContactsByNumber(
  ctx: ServiceContext,
  account: Account,
  numbers: readonly string[],
): Promise<number> {
  const mobiles = numbers
    .map((n) => analysePhone(n, ctx.timezones)?.e164)
    .filter((m): m is string => m !== undefined);
  const rows = mobiles.length
    ? await ctx.store.db
        .selectFrom('contacts')
        .select('id')
        .where('account_id', '=', account.id)
        .where('mobile', 'in', mobiles)
        .execute()
    : [];
  await deleteContactRows(
    ctx.store.db,
    account.id,
    rows.map((r) => r.id),
  );
  return rows.length;
}

/** Refuses a list the account does not have (the built-in groups are not lists). */
/** Refuses (group-not-found) a list the account does not have. */
export async function requireList(ctx: ServiceContext, account: Account, name: string): Promise<void> {
  const group = await ctx.store.db
    .selectFrom('contact_groups')
    .select('name')
    .where('account_id', '=', account.id)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!group) throw groupNotFound(name);
}

/** Whether any contact of these lists has a number of `country` (ISO 3166 alpha-2). */
export async function listsReachCountry(
  ctx: ServiceContext,
  account: Account,
  lists: readonly string[],
  country: string,
): Promise<boolean> {
  if (lists.length === 0) return false;
  const hit = await ctx.store.db
    .selectFrom('group_members as g')
    .innerJoin('contacts as c', 'c.id', 'g.contact_id')
    .select('c.id')
    .where('g.account_id', '=', account.id)
    .where('g.group_name', 'in', [...lists])
    .where('c.country', '=', country)
    .limit(1)
    .executeTakeFirst();
  return hit !== undefined;
}

/** Takes every contact off a list (the contacts stay); how many it had. */
export async function emptyList(ctx: ServiceContext, account: Account, name: string): Promise<number> {
  await requireList(ctx, account, name);
  const removed = await ctx.store.db
    .deleteFrom('group_members')
    .where('account_id', '=', account.id)
    .where('group_name', '=', name)
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}

/** Deletes a list (its contacts stay). */
export async function deleteList(ctx: ServiceContext, account: Account, name: string): Promise<void> {
  await requireList(ctx, account, name);
  await ctx.store.db.transaction().execute((trx) => removeGroupRows(trx, account.id, name));
}
