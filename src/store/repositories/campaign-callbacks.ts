/** The outbox row of a campaign callback (SMS and voice campaigns alike), in the format its face renders. */
import type { CallbackRenderers } from '../../domain/callback-events.js';
import type { CampaignRow } from '../schema.js';
import type { OutboxEntry } from './callback-outbox.js';

/** The campaign callback about a state, for SMS and voice campaigns alike; null when none is set. */
export function campaignCallbackEntry(
  renderers: Pick<CallbackRenderers, 'campaignState'>,
  row: Pick<
    CampaignRow,
    'id' | 'account_id' | 'name' | 'total_messages' | 'campaign_callback_url' | 'campaign_callback_strategy'
  >,
  state: string,
  counts: Readonly<Record<string, number>>,
): OutboxEntry | null {
  if (!row.campaign_callback_url || !row.campaign_callback_strategy) return null;
  return {
    accountId: row.account_id,
    kind: 'campaign',
    orderKey: `campaign:${row.id}`,
    url: row.campaign_callback_url,
    payload: renderers.campaignState({
      trackingId: row.id,
      name: row.name,
      totalRecipients: row.total_messages,
      state,
      counts,
      callback: { url: row.campaign_callback_url, strategy: row.campaign_callback_strategy },
    }),
  };
}
