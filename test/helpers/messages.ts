/** Accepted-message records as `POST /sms` hands them to the ingest, for store and engine tests. */
import type { IngestRecord } from '../../src/store/message-ingest.js';

export interface RecordOptions {
  accountId: string;
  id: string;
  parts?: number;
  priceMicros?: number;
  now?: number;
  body?: string;
  label?: string | null;
  callback?: { url: string; strategy: string } | null;
}

export function ingestRecord(o: RecordOptions): IngestRecord {
  const { accountId, id, parts = 1, priceMicros = 50_000, now = 1_000 } = o;
  return {
    accountId,
    amountMicros: parts * priceMicros,
    ledgerDescription: `sms ${parts} part(s) to GR`,
    now,
    message: {
      id,
      account_id: accountId,
      campaign_id: null,
      sender: 'Herald',
      recipient: '+306948530920',
      country: 'GR',
      body: o.body ?? 'Hello',
      label: o.label ?? null,
      flash: 0,
      status: 'Queued',
      detailed_status: null,
      parts,
      characters: (o.body ?? 'Hello').length,
      encoding: 'GSM',
      transcoded: 0,
      price_micros: parts * priceMicros,
      callback_url: o.callback?.url ?? null,
      callback_strategy: o.callback?.strategy ?? null,
      ttl_minutes: 60,
      expires_at: now + 3_600_000,
      send_at: now,
      created_at: now,
      updated_at: now,
      campaign_seq: null,
      reminder_of: null,
      restrictions: null,
      pool_id: null,
      pool_strategy: null,
    },
    parts: Array.from({ length: parts }, (_, i) => ({
      sms_id: `${id}-p${i}`,
      message_id: id,
      account_id: accountId,
      part_index: i,
      status: 'Queued',
      detailed_status: null,
      price_micros: priceMicros,
      smsc_id: null,
      link_id: null,
      attempts: 0,
      next_attempt_at: now,
      updated_at: now,
    })),
  };
}
