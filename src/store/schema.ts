/**
 * Table types for Kysely. Times are epoch milliseconds (bigint), money is integer micro-units,
 * flags are 0/1 integers: the same representation on SQLite and PostgreSQL.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface AccountsTable {
  id: string;
  name: string;
  currency: string;
  balance_micros: number;
  /** OAuth client credentials (the Routee face's application id and secret); the hash signs callbacks. */
  client_id: string;
  client_secret_hash: string;
  /** API login and key (the Octopush faces'). */
  api_login: string;
  api_key_hash: string;
  /** Scopes the Routee application may be granted, space separated. */
  scopes: string;
  /** JSON: AccountSettings. */
  settings: string;
  created_at: number;
  /** When the account was disabled (credentials refused, data kept); null while it is enabled. */
  disabled_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the account was deleted (unknown to every API from then on); null while it exists. */
  deleted_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AccessTokensTable {
  token_hash: string;
  account_id: string;
  scopes: string;
  expires_at: number;
  created_at: number;
}

export interface ConsoleSessionsTable {
  token_hash: string;
  account_id: string;
  expires_at: number;
  created_at: number;
}

export interface OperatorSessionsTable {
  token_hash: string;
  admin_token_hash: string;
  expires_at: number;
  created_at: number;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  account_id: string;
  /** Negative for charges and reservations, positive for top-ups and refunds. */
  amount_micros: number;
  balance_after_micros: number;
  kind: string;
  reference: string | null;
  description: string | null;
  created_at: number;
}

export interface PricesTable {
  service: string;
  country: string;
  price_micros: number;
  updated_at: number;
}

export interface MessagesTable {
  id: string;
  account_id: string;
  campaign_id: string | null;
  sender: string;
  recipient: string;
  country: string;
  body: string;
  label: string | null;
  flash: number;
  status: string;
  detailed_status: string | null;
  parts: number;
  characters: number;
  encoding: string;
  transcoded: number;
  price_micros: number;
  callback_url: string | null;
  callback_strategy: string | null;
  ttl_minutes: number;
  expires_at: number;
  send_at: number;
  created_at: number;
  updated_at: number;
  /** Position of the message in its campaign (per-recipient short links). */
  campaign_seq: number | null;
  /** Set on a campaign's reminder (test) messages: the campaign they announce. */
  reminder_of: string | null;
  /** JSON: regulatory restrictions (Routee `restrictions`) passed to links that map them. */
  restrictions: string | null;
  /** The pool whose number or sender id it was sent from (POST /pools/my/{poolId}/sms), and how. */
  pool_id: string | null;
  pool_strategy: string | null;
}

export interface MessagePartsTable {
  /** Queue order and claim cursor. */
  id: Generated<number>;
  sms_id: string;
  message_id: string;
  account_id: string;
  part_index: number;
  status: string;
  detailed_status: string | null;
  price_micros: number;
  smsc_id: string | null;
  link_id: string | null;
  attempts: number;
  next_attempt_at: number;
  updated_at: number;
  queue_state: Generated<string>;
  submitted_at: number | null;
  final_at: number | null;
  error: string | null;
}

export interface ParkedReceiptsTable {
  id: Generated<number>;
  link_id: string;
  smsc_id: string;
  stat: string;
  err: string;
  received_at: number;
  next_attempt_at: number;
  attempts: Generated<number>;
}

export interface CallbackOutboxTable {
  id: Generated<number>;
  account_id: string;
  kind: string;
  order_key: string;
  url: string;
  payload: string;
  state: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface CallbackBatchesTable {
  id: Generated<number>;
  lease_until: number;
  at: number;
  /** Part ids separated by commas. */
  part_ids: string;
}

export interface InboundMessagesTable {
  id: string;
  account_id: string | null;
  link_id: string;
  sender: string;
  recipient: string;
  body: string;
  in_reply_to: string | null;
  received_at: number;
  /** 'reply', 'stop', 'keyword' or 'unmatched' once handled. */
  kind?: string | null;
  /** The pool of the number it was written to, if that number is in one. */
  pool_id?: string | null;
}

export interface NumberPoolsTable {
  id: string;
  account_id: string;
  name: string;
  /** JSON (domain/pools.ts PoolSettings). */
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface AccountNumbersTable {
  /** Digits only: an E.164 number without '+', or a short code. */
  number: string;
  account_id: string;
  pool_id: string | null;
  kind: string;
  country: string;
  inbound_route: Generated<string>;
  created_at: number;
}

export interface KeywordRulesTable {
  number: string;
  account_id: string;
  keyword: string;
  reply: string;
  created_at: number;
}

export interface SmppInboundTable {
  inbound_id: string;
  account_id: string;
  created_at: number;
}

export interface RequestIdsTable {
  account_id: string;
  request_id: string;
  campaign_id: string;
  created_at: number;
}

export interface SmppCredentialsTable {
  system_id: string;
  account_id: string;
  /** scrypt$<salt hex>$<hash hex>. */
  password_hash: string;
  /** JSON array of IP addresses a bind may come from; null: any. */
  allowed_ips: string | null;
  created_at: number;
}

export interface SmppReceiptsTable {
  /** The id the client was answered with (the message's, or a part's). */
  receipt_id: string;
  message_id: string;
  account_id: string;
  created_at: number;
}

export interface SmppSegmentsTable {
  account_id: string;
  set_key: string;
  seq: number;
  total: number;
  message_id: string;
  body: string;
  receipt: number;
  created_at: number;
}

export interface VoiceTrunksTable {
  id: string;
  config: string;
  created_at: number;
  updated_at: number;
}

export interface SmppLinksTable {
  id: string;
  config: string;
  created_at: number;
  updated_at: number;
}

export interface NodesTable {
  id: string;
  started_at: number;
  heartbeat_at: number;
}

/** Positions of the engine's forward-only walks (the ttl sweep's mark). */
export interface EngineMarksTable {
  name: string;
  value: number;
}

/** A PostgreSQL node's claim of a batch of parts (migration 007; SQLite has no such table). */
export interface PartLeasesTable {
  id: Generated<number>;
  node_id: string;
  lease_until: number;
  part_ids: number[];
}

export interface ContactsTable {
  id: string;
  account_id: string;
  mobile: string;
  country: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  vip: number;
  /** JSON object: custom label name → value. */
  labels: string;
  created_at: number;
  updated_at: number;
}

export interface LabelDefinitionsTable {
  account_id: string;
  name: string;
  type: string;
}

export interface ContactGroupsTable {
  account_id: string;
  name: string;
  created_at: number;
}

export interface GroupMembersTable {
  account_id: string;
  group_name: string;
  contact_id: string;
}

export interface BlacklistEntriesTable {
  account_id: string;
  service: string;
  contact_id: string;
  created_at: number;
}

export interface ContactImportsTable {
  id: string;
  account_id: string;
  /** reading, writing, done, failed */
  state: string;
  rows_read: number;
  rows_stored: number;
  error_count: number;
  result: string | null;
  created_at: number;
  updated_at: number;
}

export interface UsageDailyTable {
  account_id: string;
  day: string;
  service: string;
  country: string;
  status: string;
  messages: number;
  parts: number;
  price_micros: number;
}

export interface CampaignsTable {
  id: string;
  account_id: string;
  type: string;
  name: string | null;
  state: string;
  sender: string;
  body: string;
  request: string;
  analysis: string;
  scheduled_at: number | null;
  send_at: number;
  cost_micros: number;
  total_messages: number;
  callback_url: string | null;
  callback_strategy: string | null;
  campaign_callback_url: string | null;
  campaign_callback_strategy: string | null;
  reported_fifths: Generated<number>;
  ended_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ShortLinksTable {
  code: string;
  account_id: string;
  campaign_id: string | null;
  message_id: string | null;
  long_url: string;
  created_at: number;
}

export interface ShortLinkClicksTable {
  id: Generated<number>;
  code: string;
  campaign_seq: number | null;
  user_agent: string | null;
  clicked_at: number;
}

export interface VoiceCallsTable {
  id: string;
  account_id: string;
  campaign_id: string;
  seq: number;
  sender: string;
  recipient: string;
  country: string;
  status: string;
  history: string;
  queue_state: string;
  next_attempt_at: number;
  claimed_by: string | null;
  reserved_micros: number;
  price_micros: number;
  price_per_minute_micros: number;
  duration_ms: number;
  digits: string | null;
  sip_status: number | null;
  callback_url: string | null;
  callback_strategy: string | null;
  send_at: number;
  answered_at: number | null;
  ended_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  accounts: AccountsTable;
  access_tokens: AccessTokensTable;
  console_sessions: ConsoleSessionsTable;
  operator_sessions: OperatorSessionsTable;
  ledger_entries: LedgerEntriesTable;
  prices: PricesTable;
  messages: MessagesTable;
  message_parts: MessagePartsTable;
  parked_receipts: ParkedReceiptsTable;
  callback_outbox: CallbackOutboxTable;
  callback_batches: CallbackBatchesTable;
  inbound_messages: InboundMessagesTable;
  smpp_links: SmppLinksTable;
  voice_trunks: VoiceTrunksTable;
  smpp_credentials: SmppCredentialsTable;
  smpp_receipts: SmppReceiptsTable;
  smpp_segments: SmppSegmentsTable;
  number_pools: NumberPoolsTable;
  account_numbers: AccountNumbersTable;
  keyword_rules: KeywordRulesTable;
  smpp_inbound: SmppInboundTable;
  nodes: NodesTable;
  part_leases: PartLeasesTable;
  engine_marks: EngineMarksTable;
  contacts: ContactsTable;
  label_definitions: LabelDefinitionsTable;
  contact_groups: ContactGroupsTable;
  group_members: GroupMembersTable;
  blacklist_entries: BlacklistEntriesTable;
  contact_imports: ContactImportsTable;
  usage_daily: UsageDailyTable;
  campaigns: CampaignsTable;
  short_links: ShortLinksTable;
  short_link_clicks: ShortLinkClicksTable;
  request_ids: RequestIdsTable;
  voice_calls: VoiceCallsTable;
}

export type VoiceCallRow = Selectable<VoiceCallsTable>;

export type ContactRow = Selectable<ContactsTable>;
export type CampaignRow = Selectable<CampaignsTable>;

export type AccountRow = Selectable<AccountsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type MessagePartRow = Selectable<MessagePartsTable>;
export type NewMessagePart = Insertable<MessagePartsTable>;
export type LedgerEntryRow = Selectable<LedgerEntriesTable>;
