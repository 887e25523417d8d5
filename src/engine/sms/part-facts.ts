/**
 * A part's callback from the facts read with it (src/store/part-facts.ts), rendered by its face.
 * Shared by the state writer, which builds the callback when the part changes, and by the recovery
 * of callback batches, which builds it again from the database (src/engine/callbacks/callback-batches.ts).
 */
import type { CallbackRenderers } from '../../domain/callback-events.js';
import type { OutboxEntry } from '../../store/repositories/callback-outbox.js';
import type { ChangeFacts } from '../../store/part-facts.js';

/** The callback reporting a part's status at `at` to `url` (its message's callback URL). */
export function smsCallbackEntry(
  renderers: Pick<CallbackRenderers, 'partStatus'>,
  f: ChangeFacts,
  url: string,
  status: string,
  detailedStatus: string | null,
  at: number,
): OutboxEntry {
  return {
    accountId: f.account_id,
    kind: 'sms',
    orderKey: f.sms_id,
    // On completion, a part has one callback: its final status, written once.
    only: f.callback_strategy === 'OnCompletion',
    partId: Number(f.id),
    url,
    payload: renderers.partStatus({
      messageId: f.message_id,
      smsId: f.sms_id,
      campaignId: f.campaign_id,
      campaignName: f.campaign_name,
      partIndex: f.part_index,
      parts: f.parts,
      label: f.label,
      to: f.recipient,
      from: f.sender,
      country: f.country,
      body: f.body,
      applicationName: f.account_name,
      priceMicros: f.price_micros,
      status,
      detailedStatus,
      updatedAt: at,
      createdAt: f.created_at,
      pool: f.pool_id ? { id: f.pool_id, name: f.pool_name ?? '', strategy: f.pool_strategy ?? '' } : null,
    }),
  };
}
