/**
 * The one way contacts are written by number: added when the account has no contact with that
 * mobile, or (when asked) their names and labels updated, and put in a group. Octopush's contact
 * lists, campaigns that fill a list (`list_name`) and the CSV import all write through here, on the
 * bulk writer (SQLite: one prepared row insert; PostgreSQL: multi-row statements).
 */
import { randomBytes } from 'node:crypto';
import type { BulkWriter } from '../bulk-write.js';
import type { ContactRow } from '../schema.js';
import { sql } from 'kysely';
import { addGroupMembersBulk, groupContactsQuery } from './groups.js';
import { escapeLike } from './text-filter.js';
import type { Queryable } from './queryable.js';

/** Mongo-style 24-hex id: 4 bytes of seconds then 8 random bytes (time-ordered like Routee's). */
export function newContactId(now: number): string {
  const head = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return head + randomBytes(8).toString('hex');
}

/** A contact as written by number. */
export interface ContactByMobile {
  /** E.164. */
  mobile: string;
  country: string;
  firstName: string | null;
  lastName: string | null;
  /** JSON object of label values. */
  labels: string;
}

const CHUNK = 500;

/** The account's contact with this mobile (E.164), added with only its number when it has none; its id. */
export async function contactIdForMobile(
  db: Queryable,
  accountId: string,
  mobile: string,
  country: string,
  now: number,
): Promise<string> {
  const found = await contactIdWithMobile(db, accountId, mobile);
  if (found !== undefined) return found;
  const id = newContactId(now);
  await db
    .insertInto('contacts')
    .values({
      id,
      account_id: accountId,
      mobile,
      country,
      first_name: null,
      last_name: null,
      email: null,
      vip: 0,
      labels: '{}',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Deletes the account's contacts with their memberships and blacklist entries. */
export async function deleteContactsById(
  db: Queryable,
  accountId: string,
  ids: readonly string[],
): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await db
      .deleteFrom('group_members')
      .where('account_id', '=', accountId)
      .where('contact_id', 'in', chunk)
      .execute();
    await db
      .deleteFrom('blacklist_entries')
      .where('account_id', '=', accountId)
      .where('contact_id', 'in', chunk)
      .execute();
    await db.deleteFrom('contacts').where('account_id', '=', accountId).where('id', 'in', chunk).execute();
  }
}

/** Adds a contact unless the account has one with its mobile; whether it was added. */
export async function insertContactIfNewMobile(db: Queryable, row: ContactRow): Promise<boolean> {
  const inserted = await db
    .insertInto('contacts')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'mobile']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function findContactRow(
  db: Queryable,
  accountId: string,
  id: string,
): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The id of the account's contact with this mobile (other than `exceptId`), if any. */
export async function contactIdWithMobile(
  db: Queryable,
  accountId: string,
  mobile: string,
  exceptId?: string,
): Promise<string | undefined> {
  let q = db
    .selectFrom('contacts')
    .select('id')
    .where('account_id', '=', accountId)
    .where('mobile', '=', mobile);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst())?.id;
}

/** Sets a contact's fields; whether it exists. */
export async function updateContactFields(
  db: Queryable,
  accountId: string,
  id: string,
  fields: Partial<Omit<ContactRow, 'id' | 'account_id' | 'created_at'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('contacts')
    .set(fields)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A page of the account's contacts, by id. */
export function contactsPage(
  db: Queryable,
  accountId: string,
  page: { page: number; size: number },
): Promise<ContactRow[]> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .limit(page.size)
    .offset(page.page * page.size)
    .execute();
}

export async function countContacts(db: Queryable, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The account's contacts with these ids (or, `by: 'mobile'`, these mobiles), in chunks. */
export async function contactsWhere(
  db: Queryable,
  accountId: string,
  by: 'id' | 'mobile',
  values: readonly string[],
): Promise<ContactRow[]> {
  const out: ContactRow[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    out.push(
      ...(await db
        .selectFrom('contacts')
        .selectAll()
        .where('account_id', '=', accountId)
        .where(by, 'in', values.slice(i, i + CHUNK))
        .execute()),
    );
  }
  return out;
}

/** The account's contacts on a service's blacklist, by id. */
export function blacklistedContacts(
  db: Queryable,
  accountId: string,
  service: string,
): Promise<ContactRow[]> {
  return db
    .selectFrom('contacts')
    .selectAll('contacts')
    .innerJoin('blacklist_entries as b', 'b.contact_id', 'contacts.id')
    .where('b.account_id', '=', accountId)
    .where('b.service', '=', service)
    .orderBy('contacts.id')
    .execute();
}

/** The account's contact ids by mobile (every contact: the CSV import's merge). */
export async function contactIdsByMobile(db: Queryable, accountId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'mobile'])
    .where('account_id', '=', accountId)
    .execute();
  return new Map(rows.map((r) => [r.mobile, r.id]));
}

/** Every contact of the account. */
export function accountContacts(db: Queryable, accountId: string): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('account_id', '=', accountId).execute();
}

/** Which of these ids are the account's contacts. */
export async function existingContactIds(
  db: Queryable,
  accountId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('contacts')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/** Inserts whole contact rows (ids chosen by the caller); a mobile the account already has is an error. */
export async function insertContacts(w: BulkWriter, rows: ContactRow[]): Promise<void> {
  await w.insertRows('contacts', rows);
}

/** The ids of the account's contacts with these mobiles (at most CHUNK of them). */
function idsOfMobiles(
  db: Queryable,
  accountId: string,
  mobiles: readonly string[],
): Promise<Array<{ id: string; mobile: string }>> {
  return db
    .selectFrom('contacts')
    .select(['id', 'mobile'])
    .where('account_id', '=', accountId)
    .where('mobile', 'in', [...mobiles])
    .execute();
}

/**
 * Adds the contacts the account has no contact for (by mobile) and, with `overwrite`, updates the
 * names and labels of those it has; with `group`, puts every one of them in that group. A number given
 * twice is added once, then updated (with `overwrite`) from its later entry. Counts what it did.
 */
export async function upsertContactsByMobile(
  w: BulkWriter,
  accountId: string,
  contacts: readonly ContactByMobile[],
  opts: { overwrite: boolean; group?: string; now: number },
): Promise<{ created: number; updated: number }> {
  const { now, group } = opts;
  const known = new Map<string, string>();
  let created = 0;
  let updated = 0;
  for (let i = 0; i < contacts.length; i += CHUNK) {
    const chunk = contacts.slice(i, i + CHUNK);
    const unseen = [...new Set(chunk.map((c) => c.mobile).filter((m) => !known.has(m)))];
    if (unseen.length > 0)
      for (const r of await idsOfMobiles(w.db, accountId, unseen)) known.set(r.mobile, r.id);
    const inserts: ContactRow[] = [];
    const updates: Array<{ id: string; c: ContactByMobile }> = [];
    for (const c of chunk) {
      const id = known.get(c.mobile);
      if (id === undefined) {
        const row: ContactRow = {
          id: newContactId(now),
          account_id: accountId,
          mobile: c.mobile,
          country: c.country,
          first_name: c.firstName,
          last_name: c.lastName,
          email: null,
          vip: 0,
          labels: c.labels,
          created_at: now,
          updated_at: now,
        };
        inserts.push(row);
        known.set(c.mobile, row.id);
        created++;
      } else if (opts.overwrite) {
        updates.push({ id, c });
        updated++;
      }
    }
    // A contact added meanwhile by another request keeps its row: its id is read back below.
    if (inserts.length > 0) await w.insertRows('contacts', inserts, true);
    for (const { id, c } of updates)
      await updateContactFields(w.db, accountId, id, {
        first_name: c.firstName,
        last_name: c.lastName,
        labels: c.labels,
        updated_at: now,
      });
    if (group !== undefined) {
      const rows = await idsOfMobiles(w.db, accountId, [...new Set(chunk.map((c) => c.mobile))]);
      for (const r of rows) known.set(r.mobile, r.id);
      await addGroupMembersBulk(
        w,
        accountId,
        group,
        rows.map((r) => r.id),
      );
    }
  }
  return { created, updated };
}

/** What the console's contact search narrows by: a group, a service's blacklist, a number or a name. */
export interface ContactSearch {
  /** A group's name (built-ins included); all contacts when absent. */
  group?: string;
  /** Only contacts on this service's blacklist. */
  blacklistedFor?: string;
  /** The start of the E.164 mobile ('+' and digits). */
  mobilePrefix?: string;
  /** Lower-case text found in the first name, last name or e-mail. */
  text?: string;
}

/** One page of the account's contacts matching a search, by id, and how many match in all. */
export async function searchContactRows(
  db: Queryable,
  accountId: string,
  q: ContactSearch,
  page: { offset: number; limit: number },
): Promise<{ rows: ContactRow[]; total: number }> {
  let base = groupContactsQuery(db, accountId, q.group ?? 'All');
  if (q.blacklistedFor !== undefined) {
    const service = q.blacklistedFor;
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('blacklist_entries as b')
          .select('b.contact_id')
          .whereRef('b.contact_id', '=', 'contacts.id')
          .where('b.account_id', '=', accountId)
          .where('b.service', '=', service),
      ),
    );
  }
  if (q.mobilePrefix !== undefined)
    base = base.where(sql<boolean>`contacts.mobile LIKE ${`${escapeLike(q.mobilePrefix)}%`} ESCAPE '!'`);
  if (q.text !== undefined) {
    const like = `%${escapeLike(q.text)}%`;
    base = base.where(
      sql<boolean>`(lower(contacts.first_name) LIKE ${like} ESCAPE '!' OR lower(contacts.last_name) LIKE ${like} ESCAPE '!' OR lower(contacts.email) LIKE ${like} ESCAPE '!')`,
    );
  }
  const [rows, count] = await Promise.all([
    base.selectAll('contacts').orderBy('contacts.id').offset(page.offset).limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}
