/**
 * The campaign monitor, run by the engine's maintenance tick (the scheduler's statements, which
 * release parts whose send time has come, are in src/store/scheduled-parts.ts):
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
} from '../../domain/campaign.js';
import type { CallbackRenderers } from '../../domain/callback-events.js';
import { campaignCallbackEntry } from '../../store/repositories/campaign-callbacks.js';
import { campaignStatusCounts } from '../../store/repositories/campaign-counts.js';
import type { Store } from '../../store/database.js';
import { advanceCampaign, startedOpenCampaigns } from '../../store/campaign-progress.js';
import { enqueueCallbacks } from '../../store/repositories/callback-outbox.js';
import type { Queryable } from '../../store/repositories/queryable.js';

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
  const open = await startedOpenCampaigns(store.db, kind.type, OPEN_CAMPAIGN_STATES, now, 200);
  let written = 0;
  for (const c of open) {
    const counts = await kind.counts(store.db, c.id);
    const { state, fifths } = kind.assess(counts, c.total_messages);
    const changed = state !== c.state;
    const progressed = fifths > c.reported_fifths;
    if (!changed && !progressed) continue;
    const ended = isFinalCampaignState(state);
    await store.db.transaction().execute(async (trx) => {
      // Another node got there first.
      if (!(await advanceCampaign(trx, c, { state, fifths, ended }, now))) return;
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
