/** Console sessions by the hash of their token (migration 019). */
import type { Queryable } from './queryable.js';

export async function insertConsoleSession(
  db: Queryable,
  session: { tokenHash: string; accountId: string; expiresAt: number; now: number },
): Promise<void> {
  await db
    .insertInto('console_sessions')
    .values({
      token_hash: session.tokenHash,
      account_id: session.accountId,
      expires_at: session.expiresAt,
      created_at: session.now,
    })
    .execute();
}

/** The account of a session that has not ended by `now`. */
export async function liveConsoleSession(
  db: Queryable,
  tokenHash: string,
  now: number,
): Promise<{ accountId: string; expiresAt: number } | undefined> {
  const row = await db
    .selectFrom('console_sessions')
    .select(['account_id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { accountId: row.account_id, expiresAt: Number(row.expires_at) };
}

export async function deleteConsoleSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteEndedConsoleSessions(db: Queryable, now: number): Promise<number> {
  const r = await db.deleteFrom('console_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
