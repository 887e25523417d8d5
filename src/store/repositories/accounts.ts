import type { AccountSettings } from '../../domain/account-settings.js';
import type { Insertable } from 'kysely';
import type { AccountRow, AccountsTable } from '../schema.js';
import type { Queryable } from './queryable.js';

export async function insertAccount(db: Queryable, row: Insertable<AccountsTable>): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

export async function findAccountById(db: Queryable, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAccountByRouteeAppId(
  db: Queryable,
  appId: string,
): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('routee_app_id', '=', appId).executeTakeFirst();
}

export async function findAccountByOctopushLogin(
  db: Queryable,
  login: string,
): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('octopush_login', '=', login).executeTakeFirst();
}

export async function listAccounts(db: Queryable): Promise<AccountRow[]> {
  return db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function countAccounts(db: Queryable): Promise<number> {
  const r = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function updateAccountSettings(
  db: Queryable,
  id: string,
  settings: AccountSettings,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', id)
    .execute();
}

/** Marks an account disabled (a time) or enabled again (null); false when no such account exists. */
export async function setAccountDisabled(db: Queryable, id: string, at: number | null): Promise<boolean> {
  const r = await db
    .updateTable('accounts')
    .set({ disabled_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Marks an account deleted; false when it does not exist (or already was). */
export async function markAccountDeleted(db: Queryable, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('accounts')
    .set({ deleted_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
