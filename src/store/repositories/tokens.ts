import type { Queryable } from './queryable.js';

export interface StoredToken {
  accountId: string;
  scopes: string;
  expiresAt: number;
}

export async function insertToken(
  db: Queryable,
  tokenHash: string,
  token: StoredToken,
  now: number,
): Promise<void> {
  await db
    .insertInto('access_tokens')
    .values({
      token_hash: tokenHash,
      account_id: token.accountId,
      scopes: token.scopes,
      expires_at: token.expiresAt,
      created_at: now,
    })
    .execute();
}

export async function findToken(db: Queryable, tokenHash: string): Promise<StoredToken | undefined> {
  const row = await db
    .selectFrom('access_tokens')
    .select(['account_id', 'scopes', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && { accountId: row.account_id, scopes: row.scopes, expiresAt: row.expires_at };
}

export async function deleteExpiredTokens(db: Queryable, now: number): Promise<number> {
  const r = await db.deleteFrom('access_tokens').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Revokes every access token of an account (its application secret was replaced). */
export async function deleteAccountTokens(db: Queryable, accountId: string): Promise<number> {
  const r = await db.deleteFrom('access_tokens').where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
