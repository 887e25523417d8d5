/**
 * What a part's callback says about it, read with the part: its message, account and campaign. The
 * columns and tables are one text, shared by the state writer's reads and the recovery of callback
 * batches, so that a callback built again from the database says what the first one said.
 */
/** The facts' columns, over FACT_TABLES. */
export const FACT_COLUMNS = `c.name AS campaign_name, p.id, p.sms_id, p.part_index, p.price_micros, p.message_id,
  p.account_id, m.campaign_id, m.parts, m.label, m.recipient, m.sender, m.country, m.body, m.callback_url,
  m.callback_strategy, m.created_at, a.name AS account_name, a.client_secret_hash AS signing_key, m.pool_id,
  m.pool_strategy, np.name AS pool_name`;
export const FACT_TABLES = `FROM message_parts p
  JOIN messages m ON m.id = p.message_id
  JOIN accounts a ON a.id = p.account_id
  LEFT JOIN campaigns c ON c.id = m.campaign_id
  LEFT JOIN number_pools np ON np.id = m.pool_id`;

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
  pool_id: string | null;
  pool_strategy: string | null;
  pool_name: string | null;
}
