/**
 * The queue is the message_parts table. A claim moves due parts from `ready` (or `inflight` whose lease
 * ran out) to `inflight` with a lease, in id order behind a keyset cursor. PostgreSQL claims with
 * FOR UPDATE SKIP LOCKED, so several nodes share the work; SQLite has one writer.
 */
import { sql } from 'kysely';
import type { Encoding } from '../domain/gsm.js';
import type { Store } from '../store/database.js';

export interface ClaimedPart {
  id: number;
  smsId: string;
  messageId: string;
  accountId: string;
  partIndex: number;
  attempts: number;
  priceMicros: number;
  sender: string;
  recipient: string;
  country: string;
  body: string;
  encoding: Encoding;
  flash: boolean;
  parts: number;
  expiresAt: number;
  restrictions: Record<string, string> | null;
}

export class PartClaimer {
  private cursor = 0;

  constructor(
    private readonly store: Store,
    private readonly nodeId: string,
    private readonly leaseMs: number,
  ) {}

  async claim(limit: number, now: number): Promise<ClaimedPart[]> {
    if (limit <= 0) return [];
    let rows = await this.claimAfter(this.cursor, limit, now);
    if (rows.length < limit && this.cursor > 0) {
      // Wrap around: parts below the cursor may have become due (retries, ended leases).
      this.cursor = 0;
      rows = rows.concat(await this.claimAfter(0, limit - rows.length, now));
    }
    if (rows.length > 0) this.cursor = Math.max(this.cursor, ...rows.map((r) => r.id));
    return rows;
  }

  private async claimAfter(cursor: number, limit: number, now: number): Promise<ClaimedPart[]> {
    const lease = now + this.leaseMs;
    const lock = this.store.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const claimed = await sql<{ id: number }>`
      UPDATE message_parts
         SET queue_state = 'inflight', claimed_by = ${this.nodeId}, next_attempt_at = ${lease},
             attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM message_parts
          WHERE queue_state IN ('ready', 'inflight') AND next_attempt_at <= ${now} AND id > ${cursor}
          ORDER BY id LIMIT ${limit} ${lock})
      RETURNING id`.execute(this.store.db);
    if (claimed.rows.length === 0) return [];
    const ids = claimed.rows.map((r) => Number(r.id));
    const rows = await this.store.db
      .selectFrom('message_parts as p')
      .innerJoin('messages as m', 'm.id', 'p.message_id')
      .select([
        'p.id',
        'p.sms_id',
        'p.message_id',
        'p.account_id',
        'p.part_index',
        'p.attempts',
        'p.price_micros',
        'm.sender',
        'm.recipient',
        'm.country',
        'm.body',
        'm.encoding',
        'm.flash',
        'm.parts',
        'm.expires_at',
        'm.restrictions',
      ])
      .where('p.id', 'in', ids)
      .orderBy('p.id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      smsId: r.sms_id,
      messageId: r.message_id,
      accountId: r.account_id,
      partIndex: r.part_index,
      attempts: r.attempts,
      priceMicros: r.price_micros,
      sender: r.sender,
      recipient: r.recipient,
      country: r.country,
      body: r.body,
      encoding: r.encoding as Encoding,
      flash: r.flash === 1,
      parts: r.parts,
      expiresAt: r.expires_at,
      restrictions: r.restrictions ? (JSON.parse(r.restrictions) as Record<string, string>) : null,
    }));
  }
}

/** After a crash of this (single) node: whatever was in flight is due again at once. */
export async function releaseInflight(store: Store, now: number, onlyNodes?: string[]): Promise<number> {
  let q = store.db
    .updateTable('message_parts')
    .set({ queue_state: 'ready', next_attempt_at: now, claimed_by: null })
    .where('queue_state', '=', 'inflight');
  if (onlyNodes) {
    if (onlyNodes.length === 0) return 0;
    q = q.where('claimed_by', 'in', onlyNodes);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
