/**
 * SMPP links added through the admin API: stored in the database beside those of the configuration
 * file (which the engine reads itself). The engine is told to refresh after each change.
 */
import { type InvalidStoredLink, storedLinks } from '../engine/engine.js';
import type { ServiceContext } from './context.js';
import { probeDatabase } from '../store/repositories/accounts.js';

/** The ids of the links stored through the admin API, and those stored links that are unusable. */
export async function storedLinkIds(
  ctx: ServiceContext,
): Promise<{ ids: Set<string>; invalid: InvalidStoredLink[] }> {
  const stored = await ctx.store.db.selectFrom('smpp_links').select('id').execute();
  const { invalid } = await storedLinks(ctx.store);
  return { ids: new Set(stored.map((s) => s.id)), invalid };
}

/** Adds or replaces a stored link's configuration (without its id, which is the key). */
export async function saveLink(
  ctx: ServiceContext,
  id: string,
  config: Record<string, unknown>,
): Promise<void> {
  const now = ctx.clock();
  const text = JSON.stringify(config);
  await ctx.store.db
    .insertInto('smpp_links')
    .values({ id, config: text, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ config: text, updated_at: now }))
    .execute();
}

/** Removes a stored link; false when no link of that id was stored through the admin API. */
export async function deleteStoredLink(ctx: ServiceContext, id: string): Promise<boolean> {
  const r = await ctx.store.db.deleteFrom('smpp_links').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Answers when the database answers (the health check). */
export async function checkDatabase(ctx: ServiceContext): Promise<void> {
  await probeDatabase(ctx.store.db);
}
