/** SMPP credentials by system_id (migration 024); a system_id names one account. */
import type { Queryable } from './queryable.js';

export interface StoredSmppCredential {
  systemId: string;
  accountId: string;
  passwordHash: string;
  allowedIps: string[] | null;
}

export async function insertSmppCredential(
  db: Queryable,
  c: { systemId: string; accountId: string; passwordHash: string; now: number },
): Promise<void> {
  await db
    .insertInto('smpp_credentials')
    .values({
      system_id: c.systemId,
      account_id: c.accountId,
      password_hash: c.passwordHash,
      allowed_ips: null,
      created_at: c.now,
    })
    .execute();
}

export async function findSmppCredential(
  db: Queryable,
  systemId: string,
): Promise<StoredSmppCredential | undefined> {
  const row = await db
    .selectFrom('smpp_credentials')
    .selectAll()
    .where('system_id', '=', systemId)
    .executeTakeFirst();
  return (
    row && {
      systemId: row.system_id,
      accountId: row.account_id,
      passwordHash: row.password_hash,
      allowedIps: row.allowed_ips === null ? null : (JSON.parse(row.allowed_ips) as string[]),
    }
  );
}

/** The system_id of an account's SMPP credentials (the first issued), if it has any. */
export async function smppSystemIdOf(db: Queryable, accountId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('smpp_credentials')
    .select('system_id')
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.system_id;
}

export async function setSmppPasswordHash(
  db: Queryable,
  systemId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('smpp_credentials')
    .set({ password_hash: passwordHash })
    .where('system_id', '=', systemId)
    .execute();
}

/** The addresses the account's credentials may bind from (JSON list), or null for any. */
export async function setSmppAllowedIps(db: Queryable, accountId: string, allowed: string[] | null) {
  const r = await db
    .updateTable('smpp_credentials')
    .set({ allowed_ips: allowed === null ? null : JSON.stringify(allowed) })
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
