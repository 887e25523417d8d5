/**
 * The campaign monitor's statements (src/engine/runtime/campaign-monitor.ts), across accounts as the engine
 * works: the campaigns that have started and not ended, and a campaign's move to a new state or a
 * further fifth of final statuses, written only if nobody moved it since it was read.
 */
import type { CampaignState } from '../domain/campaign.js';
import { literalList } from './literal-list.js';
import type { Queryable } from './repositories/queryable.js';
import type { CampaignRow } from './schema.js';

/** Started campaigns of a type in one of the open states, oldest start first. */
export function startedOpenCampaigns(
  db: Queryable,
  type: string,
  openStates: readonly string[],
  now: number,
  limit: number,
): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('type', '=', type)
    .where('state', 'in', literalList(openStates))
    .where('send_at', '<=', now)
    .orderBy('send_at')
    .limit(limit)
    .execute();
}

/**
 * Moves a campaign from the state and fifths it was read with to new ones (ended now when `ended`);
 * false when another node got there first.
 */
export async function advanceCampaign(
  db: Queryable,
  read: Pick<CampaignRow, 'id' | 'state' | 'reported_fifths'>,
  to: { state: CampaignState; fifths: number; ended: boolean },
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('campaigns')
    .set({
      state: to.state,
      reported_fifths: Math.max(to.fifths, read.reported_fifths),
      updated_at: now,
      ...(to.ended && { ended_at: now }),
    })
    .where('id', '=', read.id)
    .where('state', '=', read.state)
    .where('reported_fifths', '=', read.reported_fifths)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
