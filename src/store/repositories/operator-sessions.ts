/** Operator console sessions by the hash of their token (migration 021). */
import type { Queryable } from './queryable.js';

export async function insertOperatorSession(
  db: Queryable,
  session: { tokenHash: string; adminTokenHash: string; expiresAt: number; now: number },
): Promise<void> {
  await db
    .insertInto('operator_sessions')
    .values({
      token_hash: session.tokenHash,
      admin_token_hash: session.adminTokenHash,
      expires_at: session.expiresAt,
      created_at: session.now,
    })
    .execute();
}

/** A session that has not ended by `now`, with the hash of the admin token it was opened with. */
export async function liveOperatorSession(
  db: Queryable,
  tokenHash: string,
  now: number,
): Promise<{ adminTokenHash: string; expiresAt: number } | undefined> {
  const row = await db
    .selectFrom('operator_sessions')
    .select(['admin_token_hash', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { adminTokenHash: row.admin_token_hash, expiresAt: Number(row.expires_at) };
}

export async function deleteOperatorSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.deleteFrom('operator_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteEndedOperatorSessions(db: Queryable, now: number): Promise<number> {
  const r = await db.deleteFrom('operator_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
