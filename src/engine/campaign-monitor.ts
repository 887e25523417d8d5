/**
 * The scheduler and the campaign monitor, run by the engine's maintenance tick:
 * - parts whose send time has come (scheduled campaigns, quiet hours, reminders) move to the queue;
 * - each started, unfinished campaign gets its state from its messages' statuses (Queued → Running →
 *   Sent → Finished, or Failed), and its campaign callback is written to the outbox: on every state
 *   change and every fifth of final statuses (OnChange), or once when it ends (OnCompletion).
 *   Voice campaigns go through the same monitor with their calls' statuses (the voice dispatcher).
 */
import {
  type CampaignState,
  campaignStateOf,
  isFinalCampaignState,
  OPEN_CAMPAIGN_STATES,
  progressFifths,
  statesOnTheWay,
  type StatusCounts,
} from '../domain/campaign.js';
import type { CallbackRenderers } from '../domain/callback-events.js';
import { campaignCallbackEntry } from '../store/repositories/campaign-callbacks.js';
import { campaignStatusCounts } from '../store/repositories/campaign-counts.js';
import { sql } from 'kysely';
import type { Store } from '../store/database.js';
import { literalList } from '../store/literal-list.js';
import { enqueueCallbacks } from '../store/repositories/callback-outbox.js';
import type { Queryable } from '../store/repositories/queryable.js';

/**
 * Due scheduled parts whose recipient opted out of SMS (STOP, a blacklist) since the message was
 * accepted: they are not to be sent (Unsent, refunded) instead of released.
 */
export async function optedOutDueParts(store: Store, now: number): Promise<number[]> {
  const rows = await store.db
    .selectFrom('message_parts as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .select('p.id')
    .where(sql<boolean>`p.queue_state = 'scheduled'`)
    .where('p.next_attempt_at', '<=', now)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('contacts as c')
          .innerJoin('blacklist_entries as b', (j) =>
            j.onRef('b.contact_id', '=', 'c.id').onRef('b.account_id', '=', 'c.account_id'),
          )
          .select(sql.lit(1).as('one'))
          .whereRef('c.account_id', '=', 'm.account_id')
          .whereRef('c.mobile', '=', 'm.recipient')
          .where('b.service', '=', 'Sms'),
      ),
    )
    .limit(5_000)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Moves due scheduled parts to the queue; returns how many. */
export async function releaseScheduledParts(store: Store, now: number): Promise<number> {
  const r = await store.db
    .updateTable('message_parts')
    .set({ queue_state: 'ready' })
    // Written out, as the partial index message_parts_scheduled says it (a parameter hides it from SQLite).
    .where(sql<boolean>`queue_state = 'scheduled'`)
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** What the monitor needs to know about one type of campaign. */
export interface MonitoredCampaigns<C extends Readonly<Record<string, number>>> {
  type: 'Sms' | 'Voice';
  /** Status counts of the campaign's messages (or calls). */
  counts(db: Queryable, campaignId: string): Promise<C>;
  /** The campaign's state from its counts, and how many fifths of it are final (0: not reported). */
  assess(counts: C, total: number): { state: CampaignState; fifths: number };
}

export const SMS_CAMPAIGNS: MonitoredCampaigns<StatusCounts> = {
  type: 'Sms',
  counts: campaignStatusCounts,
  assess: (counts, total) => ({
    state: campaignStateOf(counts, total),
    fifths: progressFifths(counts, total),
  }),
};

/**
 * Updates the states of started, unfinished campaigns of one type; returns how many
 * callbacks were written. A campaign callback goes out on every state change and every fifth of
 * final statuses (OnChange), or once when the campaign ends (OnCompletion).
 */
export async function monitorCampaigns<C extends Readonly<Record<string, number>>>(
  store: Store,
  renderers: Pick<CallbackRenderers, 'campaignState'>,
  now: number,
  kind: MonitoredCampaigns<C>,
): Promise<number> {
  const open = await store.db
    .selectFrom('campaigns')
    .selectAll()
    .where('type', '=', kind.type)
    .where('state', 'in', literalList(OPEN_CAMPAIGN_STATES))
    .where('send_at', '<=', now)
    .orderBy('send_at')
    .limit(200)
    .execute();
  let written = 0;
  for (const c of open) {
    const counts = await kind.counts(store.db, c.id);
    const { state, fifths } = kind.assess(counts, c.total_messages);
    const changed = state !== c.state;
    const progressed = fifths > c.reported_fifths;
    if (!changed && !progressed) continue;
    const ended = isFinalCampaignState(state);
    await store.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('campaigns')
        .set({
          state,
          reported_fifths: Math.max(fifths, c.reported_fifths),
          updated_at: now,
          ...(ended && { ended_at: now }),
        })
        .where('id', '=', c.id)
        .where('state', '=', c.state)
        .where('reported_fifths', '=', c.reported_fifths)
        .executeTakeFirst();
      // Another node got there first.
      if (Number(r.numUpdatedRows) === 0) return;
      const strategy = c.campaign_callback_strategy;
      // OnChange: every state passed since the last look, in order (or the same state again for a
      // fifth more of final statuses); OnCompletion: the end, once.
      const reported: CampaignState[] =
        strategy === 'OnChange'
          ? changed
            ? statesOnTheWay(c.state as CampaignState, state, c.total_messages)
            : [state]
          : strategy === 'OnCompletion' && ended
            ? [state]
            : [];
      const entries = reported.flatMap((s) => campaignCallbackEntry(renderers, c, s, counts) ?? []);
      if (entries.length > 0) {
        await enqueueCallbacks(trx, entries, now);
        written += entries.length;
      }
    });
  }
  return written;
}
