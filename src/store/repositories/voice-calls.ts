/** Voice calls as the use cases read and write them, the account first. */
import type { VoiceCallRow } from '../schema.js';
import type { Queryable } from './queryable.js';

export async function insertVoiceCalls(db: Queryable, calls: VoiceCallRow[]): Promise<void> {
  for (let i = 0; i < calls.length; i += 500)
    await db
      .insertInto('voice_calls')
      .values(calls.slice(i, i + 500))
      .execute();
}

/** What a campaign's finished calls cost, and what had been reserved for them. */
export async function finishedCallsSpend(
  db: Queryable,
  accountId: string,
  campaignId: string,
): Promise<{ chargedMicros: number; reservedMicros: number }> {
  const r = await db
    .selectFrom('voice_calls')
    .select([
      (eb) => eb.fn.sum<number>('price_micros').as('charged'),
      (eb) => eb.fn.sum<number>('reserved_micros').as('reserved'),
    ])
    .where('account_id', '=', accountId)
    .where('campaign_id', '=', campaignId)
    .where('queue_state', '=', 'done')
    .executeTakeFirst();
  return { chargedMicros: Number(r?.charged ?? 0), reservedMicros: Number(r?.reserved ?? 0) };
}

/** A page of a campaign's calls, in the order they were planned. */
export function campaignCalls(
  db: Queryable,
  accountId: string,
  campaignId: string,
  page: { page: number; size: number },
): Promise<VoiceCallRow[]> {
  return db
    .selectFrom('voice_calls')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('campaign_id', '=', campaignId)
    .orderBy('seq')
    .limit(page.size)
    .offset(page.page * page.size)
    .execute();
}

export function findVoiceCall(
  db: Queryable,
  accountId: string,
  id: string,
): Promise<VoiceCallRow | undefined> {
  return db
    .selectFrom('voice_calls')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whether any call of the campaign has left the schedule (been handed to the queue). */
export async function anyCallReleased(
  db: Queryable,
  accountId: string,
  campaignId: string,
): Promise<boolean> {
  const started = await db
    .selectFrom('voice_calls')
    .select('id')
    .where('account_id', '=', accountId)
    .where('campaign_id', '=', campaignId)
    .where('queue_state', '!=', 'scheduled')
    .executeTakeFirst();
  return started !== undefined;
}

export async function deleteCampaignCalls(
  db: Queryable,
  accountId: string,
  campaignId: string,
): Promise<void> {
  await db
    .deleteFrom('voice_calls')
    .where('account_id', '=', accountId)
    .where('campaign_id', '=', campaignId)
    .execute();
}
