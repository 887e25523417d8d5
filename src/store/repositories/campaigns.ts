/**
 * The campaigns table as the use cases use it: every statement takes the account first, so a lookup
 * can never cross tenants. (The engine's campaign monitor keeps its own cross-account sweep, in
 * src/engine/runtime/campaign-monitor.ts.)
 */
import type { CampaignRow } from '../schema.js';
import type { Queryable } from './queryable.js';

/** The account's campaign, of one type when `type` is given. */
export function findCampaignRow(
  db: Queryable,
  accountId: string,
  id: string,
  type?: string,
): Promise<CampaignRow | undefined> {
  let q = db.selectFrom('campaigns').selectAll().where('account_id', '=', accountId).where('id', '=', id);
  if (type !== undefined) q = q.where('type', '=', type);
  return q.executeTakeFirst();
}

/** The account's campaigns in a state (e.g. every Scheduled one). */
export function campaignsInState(db: Queryable, accountId: string, state: string): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('state', '=', state)
    .execute();
}

/** Whether another campaign of the account (than `except`) has this name. */
export async function campaignNameUsed(
  db: Queryable,
  accountId: string,
  name: string,
  except?: string,
): Promise<boolean> {
  let q = db
    .selectFrom('campaigns')
    .select('id')
    .where('account_id', '=', accountId)
    .where('name', '=', name);
  if (except) q = q.where('id', '!=', except);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertCampaign(db: Queryable, row: CampaignRow): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
}

/** Deletes the account's campaign (only while in `state`, when given); whether one was deleted. */
export async function deleteCampaignRow(
  db: Queryable,
  accountId: string,
  id: string,
  state?: string,
): Promise<boolean> {
  let q = db.deleteFrom('campaigns').where('account_id', '=', accountId).where('id', '=', id);
  if (state !== undefined) q = q.where('state', '=', state);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
