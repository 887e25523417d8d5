/** Clients' de-duplication keys (request ids): one campaign per key and account within a lifetime. */
import type { Queryable } from './queryable.js';

/**
 * Claims a request id for a campaign, after forgetting the account's ids older than `lifetimeMs`;
 * false when the id is already taken.
 */
export async function claimRequestId(
  db: Queryable,
  accountId: string,
  requestId: string,
  campaignId: string,
  now: number,
  lifetimeMs: number,
): Promise<boolean> {
  await db
    .deleteFrom('request_ids')
    .where('account_id', '=', accountId)
    .where('created_at', '<', now - lifetimeMs)
    .execute();
  const r = await db
    .insertInto('request_ids')
    .values({ account_id: accountId, request_id: requestId, campaign_id: campaignId, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}
