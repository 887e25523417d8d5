/**
 * The engine nodes sharing one PostgreSQL database, by heartbeat: a node writes its own row every
 * maintenance tick, and a node whose heartbeat is too old is taken for dead (its parts are released
 * by src/store/part-claims.ts and its row forgotten).
 */
import type { Queryable } from './repositories/queryable.js';

/** This node is alive now (and started now when `starting`). */
export async function heartbeat(
  db: Queryable,
  nodeId: string,
  now: number,
  starting: boolean,
): Promise<void> {
  await db
    .insertInto('nodes')
    .values({ id: nodeId, started_at: now, heartbeat_at: now })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet(starting ? { started_at: now, heartbeat_at: now } : { heartbeat_at: now }),
    )
    .execute();
}

/** The nodes not heard from since `since`. */
export async function silentNodes(db: Queryable, since: number): Promise<string[]> {
  const rows = await db.selectFrom('nodes').select('id').where('heartbeat_at', '<', since).execute();
  return rows.map((r) => r.id);
}

export async function forgetNodes(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('nodes').where('id', 'in', ids).execute();
}
