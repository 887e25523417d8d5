/**
 * The ttl sweep's statements (src/engine/sms/ttl-sweep.ts): open messages that expired after a position,
 * in (expiry, id) order on the index `messages_expiry`, and the marks the engine keeps in
 * `engine_marks` so that a restart goes on from where it stood. A mark only moves forward.
 */
import { literalList } from './literal-list.js';
import type { Queryable } from './repositories/queryable.js';

/**
 * Where a sweep stands: every message expiring before `at` has been handed over, and at `at`
 * itself every one (id null) or those up to `id` (a round that stopped at its limit there).
 */
export interface SweepPosition {
  at: number;
  id: string | null;
}

/** Open messages after `from` whose expiry is at most upTo, in (expiry, id) order. */
export async function expiredMessages(
  db: Queryable,
  from: SweepPosition,
  upTo: number,
  limit: number,
): Promise<Array<{ id: string; expiresAt: number }>> {
  const { at, id } = from;
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'expires_at'])
    .where('status', 'in', literalList(['Queued', 'Sent']))
    .where('expires_at', id === null ? '>' : '>=', at)
    .where('expires_at', '<=', upTo)
    .$if(id !== null, (q) => q.where((eb) => eb.or([eb('expires_at', '>', at), eb('id', '>', id!)])))
    .orderBy('expires_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, expiresAt: Number(r.expires_at) }));
}

/** An engine mark's value (0 when never saved). */
export async function engineMark(db: Queryable, name: string): Promise<number> {
  const row = await db.selectFrom('engine_marks').select('value').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** Saves a mark, unless a larger value is already saved (another node went further). */
export async function advanceEngineMark(db: Queryable, name: string, value: number): Promise<void> {
  await db
    .insertInto('engine_marks')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }).where('engine_marks.value', '<', value))
    .execute();
}
