/**
 * Contact groups and their memberships, the account first. The built-in groups (`All`, `NotListed`,
 * domain/groups.ts) are computed here from the contacts and memberships; stored groups are rows.
 */
import { sql } from 'kysely';
import type { BulkWriter } from '../bulk-write.js';
import type { Queryable } from './queryable.js';

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

/** How many contacts a group has (built-ins included). */
export async function groupSize(db: Queryable, accountId: string, name: string): Promise<number> {
  const r = await groupContactsQuery(db, accountId, name)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Whether the account has a stored group of this name (built-ins are not stored). */
export async function storedGroupExists(db: Queryable, accountId: string, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('contact_groups')
    .select('name')
    .where('account_id', '=', accountId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/** The account's stored groups, oldest first. */
export async function storedGroupNames(db: Queryable, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('contact_groups')
    .select('name')
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}

/** Adds a group unless the account has one of that name; whether it was added. */
export async function insertGroup(
  db: Queryable,
  accountId: string,
  name: string,
  now: number,
): Promise<boolean> {
  const created = await db
    .insertInto('contact_groups')
    .values({ account_id: accountId, name, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(created.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Puts every contact of the account in the group. */
export async function addAllContactsToGroup(db: Queryable, accountId: string, name: string): Promise<void> {
  await sql`INSERT INTO group_members (account_id, group_name, contact_id)
            SELECT account_id, ${name}, id FROM contacts WHERE account_id = ${accountId}`.execute(db);
}

/** Puts contacts in the group (those already in it stay as they are). */
export async function addGroupMembers(
  db: Queryable,
  accountId: string,
  name: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await db
      .insertInto('group_members')
      .values(chunk.map((contact_id) => ({ account_id: accountId, group_name: name, contact_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/**
 * The same through the bulk writer (SQLite: one prepared row insert per member), for the bulk paths:
 * the CSV import and the contact upsert.
 */
export async function addGroupMembersBulk(
  w: BulkWriter,
  accountId: string,
  name: string,
  ids: readonly string[],
): Promise<void> {
  await w.insertRows(
    'group_members',
    ids.map((contact_id) => ({ account_id: accountId, group_name: name, contact_id })),
    true,
  );
}

export async function removeGroupMembers(
  db: Queryable,
  accountId: string,
  name: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .deleteFrom('group_members')
      .where('account_id', '=', accountId)
      .where('group_name', '=', name)
      .where('contact_id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

/** The ids of a stored group's members. */
export async function groupMemberIds(db: Queryable, accountId: string, name: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_members')
    .select('contact_id')
    .where('account_id', '=', accountId)
    .where('group_name', '=', name)
    .execute();
  return rows.map((r) => r.contact_id);
}

/** Takes every member off a stored group; how many it had. */
export async function emptyGroup(db: Queryable, accountId: string, name: string): Promise<number> {
  const removed = await db
    .deleteFrom('group_members')
    .where('account_id', '=', accountId)
    .where('group_name', '=', name)
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}

/** Whether any member of these stored groups has a number of `country`. */
export async function groupsHaveCountry(
  db: Queryable,
  accountId: string,
  groups: readonly string[],
  country: string,
): Promise<boolean> {
  const hit = await db
    .selectFrom('group_members as g')
    .innerJoin('contacts as c', 'c.id', 'g.contact_id')
    .select('c.id')
    .where('g.account_id', '=', accountId)
    .where('g.group_name', 'in', [...groups])
    .where('c.country', '=', country)
    .limit(1)
    .executeTakeFirst();
  return hit !== undefined;
}

/** Takes the contacts on a service's blacklist off a stored group. */
export async function removeBlacklistedMembers(
  db: Queryable,
  accountId: string,
  name: string,
  service: string,
): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('account_id', '=', accountId)
    .where('group_name', '=', name)
    .where('contact_id', 'in', (eb) =>
      eb
        .selectFrom('blacklist_entries')
        .select('contact_id')
        .where('account_id', '=', accountId)
        .where('service', '=', service),
    )
    .execute();
}

/** The stored groups of these contacts, by group name. */
export function membershipsOf(
  db: Queryable,
  accountId: string,
  contactIds: readonly string[],
): Promise<Array<{ contact_id: string; group_name: string }>> {
  return db
    .selectFrom('group_members')
    .select(['contact_id', 'group_name'])
    .where('account_id', '=', accountId)
    .where('contact_id', 'in', [...contactIds])
    .orderBy('group_name')
    .execute();
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
