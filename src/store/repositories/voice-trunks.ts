/** Voice trunks stored by operators (operator-wide: no tenant), as rows of id and JSON config. */
import type { Queryable } from './queryable.js';

export function storedTrunkRows(db: Queryable): Promise<Array<{ id: string; config: string }>> {
  return db.selectFrom('voice_trunks').select(['id', 'config']).orderBy('id').execute();
}

/** Adds or replaces a stored trunk's configuration. */
export async function saveStoredTrunk(db: Queryable, id: string, config: string, now: number): Promise<void> {
  await db
    .insertInto('voice_trunks')
    .values({ id, config, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ config, updated_at: now }))
    .execute();
}

/** Removes a stored trunk; whether there was one. */
export async function deleteStoredTrunkRow(db: Queryable, id: string): Promise<boolean> {
  const r = await db.deleteFrom('voice_trunks').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
