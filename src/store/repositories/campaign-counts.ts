/** A campaign's messages or calls counted per status (every status key present). */
import { statusCounts } from '../../domain/campaign.js';
import { voiceStatusCounts } from '../../domain/voice-statuses.js';
import type { Queryable } from './queryable.js';

export async function campaignStatusCounts(db: Queryable, campaignId: string) {
  const rows = await db
    .selectFrom('messages')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('status')
    .execute();
  return statusCounts(rows);
}

/** A voice campaign's calls per status (every key present). */
export async function voiceCallCounts(db: Queryable, campaignId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('voice_calls')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy('status')
    .execute();
  return voiceStatusCounts(rows);
}
