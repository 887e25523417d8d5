import type { AccountSettings } from '../../domain/account-settings.js';
import { type Insertable, sql } from 'kysely';
import { escapeLike } from './text-filter.js';
import type { AccountRow, AccountsTable } from '../schema.js';
import type { Queryable } from './queryable.js';

export async function insertAccount(db: Queryable, row: Insertable<AccountsTable>): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

export async function findAccountById(db: Queryable, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Answers when the database answers (one indexed read): the health check's probe. */
export async function probeDatabase(db: Queryable): Promise<void> {
  await db.selectFrom('accounts').select('id').limit(1).execute();
}

/** By its OAuth client id (the Routee face's application id). */
export async function findAccountByClientId(
  db: Queryable,
  clientId: string,
): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

/** By its API login (the Octopush faces' login). */
export async function findAccountByApiLogin(db: Queryable, login: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('api_login', '=', login).executeTakeFirst();
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

/**
 * Sets an account's `disabled_at` (a time, or null to enable it again) or `deleted_at`; false when no
 * such account exists (a deleted one included).
 */
export async function setAccountState(
  db: Queryable,
  id: string,
  column: 'disabled_at' | 'deleted_at',
  at: number | null,
): Promise<boolean> {
  const r = await db
    .updateTable('accounts')
    .set({ [column]: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** One page of accounts, oldest first, deleted ones left out; `search` matches the name or the application id. */
export async function pageOfAccounts(
  db: Queryable,
  q: { offset: number; limit: number; search?: string },
): Promise<{ rows: AccountRow[]; total: number }> {
  let base = db.selectFrom('accounts').where('deleted_at', 'is', null);
  if (q.search) {
    const like = `%${escapeLike(q.search.toLowerCase())}%`;
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(name) LIKE ${like} ESCAPE '!'`,
        eb('client_id', '=', q.search!),
        eb('id', '=', q.search!),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('created_at').orderBy('id').offset(q.offset).limit(q.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** Replaces the stored hash of one of an account's secrets. */
export async function setAccountSecretHash(
  db: Queryable,
  id: string,
  column: 'client_secret_hash' | 'api_key_hash',
  hash: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ [column]: hash })
    .where('id', '=', id)
    .execute();
}
