/** SMPP links stored through the admin API (operator-wide: no tenant), as rows of id and JSON config. */
import type { Queryable } from './queryable.js';

export function storedLinkRows(db: Queryable): Promise<Array<{ id: string; config: string }>> {
  return db.selectFrom('smpp_links').select(['id', 'config']).orderBy('id').execute();
}

/** Adds or replaces a stored link's configuration. */
export async function saveStoredLink(db: Queryable, id: string, config: string, now: number): Promise<void> {
  await db
    .insertInto('smpp_links')
    .values({ id, config, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ config, updated_at: now }))
    .execute();
}

/** Removes a stored link; whether there was one. */
export async function deleteStoredLinkRow(db: Queryable, id: string): Promise<boolean> {
  const r = await db.deleteFrom('smpp_links').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
