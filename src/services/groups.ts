/**
 * Groups of contacts: the built-ins `All` and `NotListed` (computed) and the account's own groups
 * (memberships): list, create (empty, with every contact, or filtered), add and remove members,
 * delete, merge and difference.
 */
import type { Queryable } from '../store/repositories/queryable.js';
import type { AccountRow, ContactRow } from '../store/schema.js';
import { type PageRequest, pageOf } from './paging.js';
import { BUILT_IN_GROUPS, isBuiltInGroup } from '../domain/groups.js';
import { accountContacts, deleteContactsById, existingContactIds } from '../store/repositories/contacts.js';
import {
  addAllContactsToGroup,
  addGroupMembers,
  groupContactsQuery,
  groupMemberIds,
  groupSize,
  insertGroup,
  removeGroupMembers,
  removeGroupRows,
  storedGroupExists,
  storedGroupNames,
} from '../store/repositories/groups.js';
import { contactNotFound, contactRecords } from './contacts.js';
import type { ServiceContext } from './context.js';
import { failure, ServiceError, validationError } from './errors.js';

export function groupNotFound(name: string): ServiceError {
  return failure(
    'group-not-found',
    `Group not found: ${name}`,
    {},
    {
      missing: { entity: 'group', by: 'name', value: name },
    },
  );
}

export async function groupExists(db: Queryable, accountId: string, name: string): Promise<boolean> {
  return isBuiltInGroup(name) || storedGroupExists(db, accountId, name);
}

export async function getGroup(ctx: ServiceContext, account: AccountRow, name: string) {
  if (!(await groupExists(ctx.store.db, account.id, name))) throw groupNotFound(name);
  return { name, size: await groupSize(ctx.store.db, account.id, name) };
}

async function allGroupNames(db: Queryable, accountId: string): Promise<string[]> {
  return [...BUILT_IN_GROUPS, ...(await storedGroupNames(db, accountId))];
}

export async function listGroups(ctx: ServiceContext, account: AccountRow) {
  const names = await allGroupNames(ctx.store.db, account.id);
  return Promise.all(
    names.map(async (name) => ({ name, size: await groupSize(ctx.store.db, account.id, name) })),
  );
}

export async function groupsPage(ctx: ServiceContext, account: AccountRow, page: PageRequest) {
  const names = await allGroupNames(ctx.store.db, account.id);
  const slice = names.slice(page.page * page.size, page.page * page.size + page.size);
  const content = await Promise.all(
    slice.map(async (name) => ({ name, size: await groupSize(ctx.store.db, account.id, name) })),
  );
  return pageOf(content, names.length, page);
}

export interface GroupFilter {
  fieldName: string;
  searchTerm: string;
}

const FILTER_COLUMNS: Record<string, 'first_name' | 'last_name' | 'mobile' | 'country' | 'email'> = {
  firstName: 'first_name',
  lastName: 'last_name',
  mobile: 'mobile',
  country: 'country',
  email: 'email',
};

/** Contacts matching every filter: standard fields and labels compare without case; vip as a flag. */
function matchesFilters(c: ContactRow, filters: GroupFilter[]): boolean {
  const labels = JSON.parse(c.labels) as Record<string, string>;
  return filters.every((f) => {
    const term = f.searchTerm.toLowerCase();
    if (f.fieldName === 'vip') return (c.vip === 1) === (term === 'true');
    const column = FILTER_COLUMNS[f.fieldName];
    const value = column ? c[column] : labels[f.fieldName];
    return value !== null && value !== undefined && value.toLowerCase() === term;
  });
}

export async function createGroup(
  ctx: ServiceContext,
  account: AccountRow,
  input: { name: string; strategy?: string; filters?: GroupFilter[] },
) {
  const name = input.name.trim();
  if (name.length < 2 || name.length > 30) throw validationError({ name: 'size must be between 2 and 30' });
  const strategy = ['None', 'All', 'Filtered'].find(
    (s) => s.toLowerCase() === (input.strategy ?? 'None').toLowerCase(),
  );
  if (!strategy) throw validationError({ strategy: 'must be None, All or Filtered' });
  if (strategy === 'Filtered' && (input.filters ?? []).length === 0)
    throw validationError({ filters: 'may not be empty with the Filtered strategy' });
  return ctx.store.db.transaction().execute(async (trx) => {
    if (await groupExists(trx, account.id, name)) {
      throw failure('group-name-taken', `Group already exists: ${name}`);
    }
    await insertGroup(trx, account.id, name, ctx.clock());
    if (strategy === 'All') await addAllContactsToGroup(trx, account.id, name);
    else if (strategy === 'Filtered') {
      const all = await accountContacts(trx, account.id);
      const ids = all.filter((c) => matchesFilters(c, input.filters ?? [])).map((c) => c.id);
      await addGroupMembers(trx, account.id, name, ids);
    }
    return { name, size: await groupSize(trx, account.id, name) };
  });
}

async function requireUserGroup(db: Queryable, accountId: string, name: string): Promise<void> {
  if (isBuiltInGroup(name)) {
    throw new ServiceError('validation', `The built-in group ${name} cannot be changed`, {
      name: 'built-in group',
    });
  }
  if (!(await groupExists(db, accountId, name))) throw groupNotFound(name);
}

export async function addContactsToGroup(
  ctx: ServiceContext,
  account: AccountRow,
  name: string,
  ids: string[],
) {
  return ctx.store.db.transaction().execute(async (trx) => {
    await requireUserGroup(trx, account.id, name);
    const unique = [...new Set(ids)];
    const found = await existingContactIds(trx, account.id, unique);
    const missing = unique.find((id) => !found.has(id));
    if (missing !== undefined) throw contactNotFound(missing);
    await addGroupMembers(trx, account.id, name, unique);
    return { name, size: await groupSize(trx, account.id, name) };
  });
}

export async function removeContactsFromGroup(
  ctx: ServiceContext,
  account: AccountRow,
  name: string,
  ids: string[],
) {
  return ctx.store.db.transaction().execute(async (trx) => {
    await requireUserGroup(trx, account.id, name);
    await removeGroupMembers(trx, account.id, name, ids);
    return { name, size: await groupSize(trx, account.id, name) };
  });
}

export async function groupContactsPage(
  ctx: ServiceContext,
  account: AccountRow,
  name: string,
  page: PageRequest,
) {
  if (!(await groupExists(ctx.store.db, account.id, name))) throw groupNotFound(name);
  const rows = await groupContactsQuery(ctx.store.db, account.id, name)
    .selectAll('contacts')
    .orderBy('contacts.id')
    .limit(page.size)
    .offset(page.page * page.size)
    .execute();
  const total = await groupSize(ctx.store.db, account.id, name);
  return pageOf(await contactRecords(ctx.store.db, account.id, rows), total, page);
}

/** Deletes groups (and, when asked, their contacts); built-ins cannot be deleted. */
export async function deleteGroups(
  ctx: ServiceContext,
  account: AccountRow,
  names: string[],
  deleteContacts: boolean,
) {
  return ctx.store.db.transaction().execute(async (trx) => {
    const out: Array<{ name: string; deletedContacts: boolean }> = [];
    for (const name of names) {
      await requireUserGroup(trx, account.id, name);
      if (deleteContacts) {
        await deleteContactsById(trx, account.id, await groupMemberIds(trx, account.id, name));
      }
      await removeGroupRows(trx, account.id, name);
      out.push({ name, deletedContacts: deleteContacts });
    }
    return out;
  });
}

/** A new group from the union (merge) or the difference (first minus the others) of groups. */
export async function combineGroups(
  ctx: ServiceContext,
  account: AccountRow,
  how: 'merge' | 'difference',
  input: { name: string; groups: string[] },
) {
  if (input.groups.length === 0) throw validationError({ groups: 'may not be empty' });
  const sets: Array<Set<string>> = [];
  for (const g of input.groups) {
    if (!(await groupExists(ctx.store.db, account.id, g))) throw groupNotFound(g);
    const rows = await groupContactsQuery(ctx.store.db, account.id, g).select('contacts.id').execute();
    sets.push(new Set(rows.map((r) => r.id)));
  }
  let ids: string[];
  if (how === 'merge') ids = [...new Set(sets.flatMap((s) => [...s]))];
  else ids = [...sets[0]!].filter((id) => !sets.slice(1).some((s) => s.has(id)));
  await createGroup(ctx, account, { name: input.name });
  await addGroupMembers(ctx.store.db, account.id, input.name.trim(), ids);
  return getGroup(ctx, account, input.name.trim());
}
