/** Blacklist entries: a contact left out of a service's sends (Sms, Voice), per account. */
import type { Queryable } from './queryable.js';

/** Puts contacts on a service's blacklist; how many were not on it before. */
export async function addBlacklistEntries(
  db: Queryable,
  accountId: string,
  service: string,
  contactIds: readonly string[],
  now: number,
): Promise<number> {
  let added = 0;
  for (let i = 0; i < contactIds.length; i += 1000) {
    const r = await db
      .insertInto('blacklist_entries')
      .values(
        contactIds
          .slice(i, i + 1000)
          .map((contact_id) => ({ account_id: accountId, service, contact_id, created_at: now })),
      )
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

/** Takes contacts off a service's blacklist; how many were on it. */
export async function removeBlacklistEntries(
  db: Queryable,
  accountId: string,
  service: string,
  contactIds: readonly string[],
): Promise<number> {
  let removed = 0;
  for (let i = 0; i < contactIds.length; i += 500) {
    const r = await db
      .deleteFrom('blacklist_entries')
      .where('account_id', '=', accountId)
      .where('service', '=', service)
      .where('contact_id', 'in', contactIds.slice(i, i + 500))
      .executeTakeFirst();
    removed += Number(r.numDeletedRows);
  }
  return removed;
}

/** Mobiles of the account's contacts on a service's blacklist. */
export async function blacklistedMobiles(
  db: Queryable,
  accountId: string,
  service: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('blacklist_entries as b')
    .innerJoin('contacts as c', 'c.id', 'b.contact_id')
    .select('c.mobile')
    .where('b.account_id', '=', accountId)
    .where('b.service', '=', service)
    .execute();
  return new Set(rows.map((r) => r.mobile));
}

/** The services each of these contacts is blacklisted for, by service name. */
export function blacklistEntriesOf(
  db: Queryable,
  accountId: string,
  contactIds: readonly string[],
): Promise<Array<{ contact_id: string; service: string }>> {
  return db
    .selectFrom('blacklist_entries')
    .select(['contact_id', 'service'])
    .where('account_id', '=', accountId)
    .where('contact_id', 'in', [...contactIds])
    .orderBy('service')
    .execute();
}
