/**
 * Groups of contacts (Routee `/groups/my`). `All` (every contact) and `NotListed` (contacts in no
 * group) are built in and computed; other groups are memberships.
 */
import { sql } from 'kysely';
import type { Queryable } from '../store/repositories/queryable.js';
import type { AccountRow, ContactRow } from '../store/schema.js';
import { type PageRequest, pageOf } from './paging.js';
import { BUILT_IN_GROUPS, contactNotFound, contactRecords, deleteContactRows } from './contacts.js';
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

function isBuiltIn(name: string): boolean {
  return (BUILT_IN_GROUPS as readonly string[]).includes(name);
}

/** The contacts of a group, as a query builder over `contacts` (built-ins included). */
export function groupContactsQuery(db: Queryable, accountId: string, name: string) {
  const base = db.selectFrom('contacts').where('contacts.account_id', '=', accountId);
  if (name === 'All') return base;
  if (name === 'NotListed') {
    return base.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('group_members as gm')
            .select('gm.contact_id')
            .whereRef('gm.contact_id', '=', 'contacts.id'),
        ),
      ),
    );
  }
  return base.where(({ exists, selectFrom }) =>
    exists(
      selectFrom('group_members as gm')
        .select('gm.contact_id')
        .whereRef('gm.contact_id', '=', 'contacts.id')
        .where('gm.account_id', '=', accountId)
        .where('gm.group_name', '=', name),
    ),
  );
}

export async function groupExists(db: Queryable, accountId: string, name: string): Promise<boolean> {
  if (isBuiltIn(name)) return true;
  const row = await db
    .selectFrom('contact_groups')
    .select('name')
    .where('account_id', '=', accountId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

async function sizeOf(db: Queryable, accountId: string, name: string): Promise<number> {
  const r = await groupContactsQuery(db, accountId, name)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function getGroup(ctx: ServiceContext, account: AccountRow, name: string) {
  if (!(await groupExists(ctx.store.db, account.id, name))) throw groupNotFound(name);
  return { name, size: await sizeOf(ctx.store.db, account.id, name) };
}

async function allGroupNames(db: Queryable, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('contact_groups')
    .select('name')
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  return [...BUILT_IN_GROUPS, ...rows.map((r) => r.name)];
}

export async function listGroups(ctx: ServiceContext, account: AccountRow) {
  const names = await allGroupNames(ctx.store.db, account.id);
  return Promise.all(
    names.map(async (name) => ({ name, size: await sizeOf(ctx.store.db, account.id, name) })),
  );
}

export async function groupsPage(ctx: ServiceContext, account: AccountRow, page: PageRequest) {
  const names = await allGroupNames(ctx.store.db, account.id);
  const slice = names.slice(page.page * page.size, page.page * page.size + page.size);
  const content = await Promise.all(
    slice.map(async (name) => ({ name, size: await sizeOf(ctx.store.db, account.id, name) })),
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
    await trx
      .insertInto('contact_groups')
      .values({ account_id: account.id, name, created_at: ctx.clock() })
      .execute();
    if (strategy === 'All') {
      await sql`INSERT INTO group_members (account_id, group_name, contact_id)
                SELECT account_id, ${name}, id FROM contacts WHERE account_id = ${account.id}`.execute(trx);
    } else if (strategy === 'Filtered') {
      const all = await trx.selectFrom('contacts').selectAll().where('account_id', '=', account.id).execute();
      const ids = all.filter((c) => matchesFilters(c, input.filters ?? [])).map((c) => c.id);
      await addMembers(trx, account.id, name, ids);
    }
    return { name, size: await sizeOf(trx, account.id, name) };
  });
}

async function addMembers(db: Queryable, accountId: string, name: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await db
      .insertInto('group_members')
      .values(chunk.map((contact_id) => ({ account_id: accountId, group_name: name, contact_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

async function requireUserGroup(db: Queryable, accountId: string, name: string): Promise<void> {
  if (isBuiltIn(name)) {
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
    const found = new Set<string>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await trx
        .selectFrom('contacts')
        .select('id')
        .where('account_id', '=', account.id)
        .where('id', 'in', unique.slice(i, i + 500))
        .execute();
      for (const r of rows) found.add(r.id);
    }
    const missing = unique.find((id) => !found.has(id));
    if (missing !== undefined) throw contactNotFound(missing);
    await addMembers(trx, account.id, name, unique);
    return { name, size: await sizeOf(trx, account.id, name) };
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
    for (let i = 0; i < ids.length; i += 500) {
      await trx
        .deleteFrom('group_members')
        .where('account_id', '=', account.id)
        .where('group_name', '=', name)
        .where('contact_id', 'in', ids.slice(i, i + 500))
        .execute();
    }
    return { name, size: await sizeOf(trx, account.id, name) };
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
  const total = await sizeOf(ctx.store.db, account.id, name);
  return pageOf(await contactRecords(ctx.store.db, account.id, rows), total, page);
}

/** Removes a group and its memberships (its contacts stay). */
export async function removeGroupRows(db: Queryable, accountId: string, name: string): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('account_id', '=', accountId)
    .where('group_name', '=', name)
    .execute();
  await db
    .deleteFrom('contact_groups')
    .where('account_id', '=', accountId)
    .where('name', '=', name)
    .execute();
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
        const members = await trx
          .selectFrom('group_members')
          .select('contact_id')
          .where('account_id', '=', account.id)
          .where('group_name', '=', name)
          .execute();
        await deleteContactRows(
          trx,
          account.id,
          members.map((m) => m.contact_id),
        );
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
  await addMembers(ctx.store.db, account.id, input.name.trim(), ids);
  return getGroup(ctx, account, input.name.trim());
}
