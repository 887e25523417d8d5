/**
 * Contact lists (named groups managed by number): create a list, add or update contacts by number
 * (optionally into a list), delete contacts by number, empty or delete a list, and whether a list
 * reaches a country. The Octopush faces use them; lists are groups.
 */
import { analysePhone } from '../domain/phone.js';
import type { Account } from './account.js';
import { bulkWriteTransaction } from '../store/bulk-write.js';
import {
  type ContactByMobile,
  contactsWhere,
  deleteContactsById,
  upsertContactsByMobile,
} from '../store/repositories/contacts.js';
import type { ServiceContext } from './context.js';
import { groupNotFound } from './groups.js';
import {
  emptyGroup,
  groupsHaveCountry,
  insertGroup,
  removeGroupRows,
  storedGroupExists,
} from '../store/repositories/groups.js';

export interface ListContact {
  number: string;
  firstName?: string;
  lastName?: string;
  /** Custom values kept on the contact. */
  labels: Record<string, string>;
}

/** Creates an empty list; false when the account already has one of that name. */
export async function createList(ctx: ServiceContext, account: Account, name: string): Promise<boolean> {
  return insertGroup(ctx.store.db, account.id, name, ctx.clock());
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
    if (list) await insertGroup(w.db, account.id, list, now);
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
  const rows = await contactsWhere(ctx.store.db, account.id, 'mobile', mobiles);
  await deleteContactsById(
    ctx.store.db,
    account.id,
    rows.map((r) => r.id),
  );
  return rows.length;
}

/** Refuses (group-not-found) a list the account does not have (the built-in groups are not lists). */
export async function requireList(ctx: ServiceContext, account: Account, name: string): Promise<void> {
  if (!(await storedGroupExists(ctx.store.db, account.id, name))) throw groupNotFound(name);
}

/** Whether any contact of these lists has a number of `country` (ISO 3166 alpha-2). */
export async function listsReachCountry(
  ctx: ServiceContext,
  account: Account,
  lists: readonly string[],
  country: string,
): Promise<boolean> {
  if (lists.length === 0) return false;
  return groupsHaveCountry(ctx.store.db, account.id, lists, country);
}

/** Takes every contact off a list (the contacts stay); how many it had. */
export async function emptyList(ctx: ServiceContext, account: Account, name: string): Promise<number> {
  await requireList(ctx, account, name);
  return emptyGroup(ctx.store.db, account.id, name);
}

/** Deletes a list (its contacts stay). */
export async function deleteList(ctx: ServiceContext, account: Account, name: string): Promise<void> {
  await requireList(ctx, account, name);
  await ctx.store.db.transaction().execute((trx) => removeGroupRows(trx, account.id, name));
}
