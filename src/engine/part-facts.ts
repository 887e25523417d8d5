/**
 * What a part's callback says about it: the facts read with a part (its message, account and
 * campaign) and the callback its face renders from them. Shared by the state writer, which builds the
 * callback when the part changes, and by the recovery of callback batches, which builds it again
 * from the database (src/engine/callback-batches.ts).
 */
import type { CallbackRenderers } from '../domain/callback-events.js';
import type { OutboxEntry } from '../store/repositories/callback-outbox.js';

/** The facts' columns, over FACT_TABLES. */
export const FACT_COLUMNS = `c.name AS campaign_name, p.id, p.sms_id, p.part_index, p.price_micros, p.message_id,
  p.account_id, m.campaign_id, m.parts, m.label, m.recipient, m.sender, m.country, m.body, m.callback_url,
  m.callback_strategy, m.created_at, a.name AS account_name, a.client_secret_hash AS signing_key`;
export const FACT_TABLES = `FROM message_parts p
  JOIN messages m ON m.id = p.message_id
  JOIN accounts a ON a.id = p.account_id
  LEFT JOIN campaigns c ON c.id = m.campaign_id`;

/** What a flush reads about the parts it changed, to write their consequences. */
export interface ChangeFacts {
  campaign_name: string | null;
  id: number;
  sms_id: string;
  part_index: number;
  price_micros: number;
  message_id: string;
  account_id: string;
  campaign_id: string | null;
  parts: number;
  label: string | null;
  recipient: string;
  sender: string;
  country: string;
  body: string;
  callback_url: string | null;
  callback_strategy: string | null;
  created_at: number;
  account_name: string;
  signing_key: string;
}

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
    }),
  };
}
