/**
 * Blacklists per service (Routee `/contacts/my/blacklist/{service}`): a blacklisted contact is left
 * out of that service's campaigns, and so is its number when a campaign lists it in `to`.
 */
import type { AccountRow } from '../store/schema.js';
import { contactNotFound, contactRecords } from './contacts.js';
import type { ServiceContext } from './context.js';
import { validationError } from './errors.js';
import { groupExists, groupNotFound } from './groups.js';
import { groupContactsQuery } from '../store/repositories/groups.js';
import { addBlacklistEntries, removeBlacklistEntries } from '../store/repositories/blacklists.js';
import { blacklistedContacts, existingContactIds } from '../store/repositories/contacts.js';

export const BLACKLIST_SERVICES = ['Sms', 'Voice', 'Viber', 'TwoStep', 'Lookup', 'NumberValidator'] as const;
export type BlacklistService = (typeof BLACKLIST_SERVICES)[number];

export function blacklistService(raw: string): BlacklistService {
  const s = BLACKLIST_SERVICES.find((x) => x.toLowerCase() === raw.toLowerCase());
  if (!s) throw validationError({ service: `must be one of ${BLACKLIST_SERVICES.join(', ')}` });
  return s;
}

async function existingIds(ctx: ServiceContext, accountId: string, ids: string[]): Promise<string[]> {
  return [...(await existingContactIds(ctx.store.db, accountId, ids))];
}

export async function addToBlacklist(
  ctx: ServiceContext,
  account: AccountRow,
  service: BlacklistService,
  ids: string[],
): Promise<{ updated: number }> {
  const unique = [...new Set(ids)];
  const found = new Set(await existingIds(ctx, account.id, unique));
  const missing = unique.find((id) => !found.has(id));
  if (missing !== undefined) throw contactNotFound(missing);
  return { updated: await addBlacklistEntries(ctx.store.db, account.id, service, unique, ctx.clock()) };
}

export async function removeFromBlacklist(
  ctx: ServiceContext,
  account: AccountRow,
  service: BlacklistService,
  ids: string[],
): Promise<{ updated: number }> {
  return { updated: await removeBlacklistEntries(ctx.store.db, account.id, service, [...new Set(ids)]) };
}

export async function listBlacklist(ctx: ServiceContext, account: AccountRow, service: BlacklistService) {
  const rows = await blacklistedContacts(ctx.store.db, account.id, service);
  return contactRecords(ctx.store.db, account.id, rows);
}

async function groupMemberIds(ctx: ServiceContext, accountId: string, groups: string[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const g of groups) {
    if (!(await groupExists(ctx.store.db, accountId, g))) throw groupNotFound(g);
    const rows = await groupContactsQuery(ctx.store.db, accountId, g).select('contacts.id').execute();
    for (const r of rows) ids.add(r.id);
  }
  return [...ids];
}

export async function blacklistGroups(
  ctx: ServiceContext,
  account: AccountRow,
  service: BlacklistService,
  groups: string[],
): Promise<{ updated: number }> {
  const ids = await groupMemberIds(ctx, account.id, groups);
  return { updated: await addBlacklistEntries(ctx.store.db, account.id, service, ids, ctx.clock()) };
}

export async function unblacklistGroups(
  ctx: ServiceContext,
  account: AccountRow,
  service: BlacklistService,
  groups: string[],
): Promise<{ updated: number }> {
  const ids = await groupMemberIds(ctx, account.id, groups);
  return { updated: await removeBlacklistEntries(ctx.store.db, account.id, service, ids) };
}
