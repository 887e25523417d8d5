/**
 * SMPP links added through the admin API: stored in the database beside those of the configuration
 * file (which the engine reads itself). The engine is told to refresh after each change.
 */
import { type InvalidStoredLink, parseStoredLinks } from '../carriers/smpp/link-config.js';
import { deleteStoredLinkRow, saveStoredLink, storedLinkRows } from '../store/repositories/smpp-links.js';
import type { ServiceContext } from './context.js';
import { probeDatabase } from '../store/repositories/accounts.js';

/** The ids of the links stored through the admin API, and those stored links that are unusable. */
export async function storedLinkIds(
  ctx: ServiceContext,
): Promise<{ ids: Set<string>; invalid: InvalidStoredLink[] }> {
  const rows = await storedLinkRows(ctx.store.db);
  const { invalid } = parseStoredLinks(rows);
  return { ids: new Set(rows.map((r) => r.id)), invalid };
}

/** Adds or replaces a stored link's configuration (without its id, which is the key). */
export async function saveLink(
  ctx: ServiceContext,
  id: string,
  config: Record<string, unknown>,
): Promise<void> {
  await saveStoredLink(ctx.store.db, id, JSON.stringify(config), ctx.clock());
}

/** Removes a stored link; false when no link of that id was stored through the admin API. */
export async function deleteStoredLink(ctx: ServiceContext, id: string): Promise<boolean> {
  return deleteStoredLinkRow(ctx.store.db, id);
}

/** Answers when the database answers (the health check). */
export async function checkDatabase(ctx: ServiceContext): Promise<void> {
  await probeDatabase(ctx.store.db);
}
