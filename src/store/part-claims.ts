/**
 * The queue is the message_parts table: due parts are `ready` with next_attempt_at reached and no
 * live lease, taken in id order behind a keyset cursor.
 *
 * - PostgreSQL (several nodes): a claim writes one part_leases row with the ids of the parts it took
 *   (claims of all nodes one at a time), and the other nodes read past the parts of live leases, so
 *   the nodes share the work; a lease that ran out (30 s), or whose node died, no longer holds its
 *   parts, so a dead node's parts are taken over. The parts themselves are not written by a claim
 *   (one row per batch instead of a new row version per part); this node keeps the parts it holds
 *   in memory and deletes a lease once all its parts have their outcome.
 * - SQLite (one node, one process): nobody else can take a part, so a claim only reads. The parts
 *   this engine has taken stay marked in memory until their outcome is committed; after a crash,
 *   whatever was not committed as sent is simply still due — what releasing leases did before.
 *
 * `attempts` counts the tries that failed (the state writer adds one per retry); a claimed part
 * carries the number of the try it is on.
 */
import type { Statement as SqliteStatement } from 'better-sqlite3';
import { sql } from 'kysely';
import type { Encoding } from '../domain/gsm.js';
import type { Store } from './database.js';
import { PREPARED } from './pg-prepared.js';

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
  callbackUrl: string | null;
  callbackStrategy: string | null;
  /** Facts a callback about the part reports (the state writer keeps them for its receipt). */
  campaignId: string | null;
  label: string | null;
  createdAt: number;
  /** The pool it was sent through and how its sender was picked (null outside pools). */
  poolId: string | null;
  poolStrategy: string | null;
}

export interface PartClaimer {
  claim(limit: number, now: number): Promise<ClaimedPart[]>;
  /** The part's outcome is committed: it may be claimed again if it is due again (a retry). */
  release(partId: number): void;
}

export function partClaimer(store: Store, nodeId: string, leaseMs: number): PartClaimer {
  return store.dialect === 'postgres'
    ? new LeasedPartClaimer(store, nodeId, leaseMs)
    : new LocalPartClaimer(store);
}

interface ClaimRow {
  id: number;
  sms_id: string;
  message_id: string;
  account_id: string;
  part_index: number;
  attempts: number;
  price_micros: number;
  sender: string;
  recipient: string;
  country: string;
  body: string;
  encoding: string;
  flash: number;
  parts: number;
  expires_at: number;
  restrictions: string | null;
  callback_url: string | null;
  callback_strategy: string | null;
  campaign_id: string | null;
  label: string | null;
  created_at: number;
  pool_id: string | null;
  pool_strategy: string | null;
}

const CLAIM_COLUMN_LIST = `p.id, p.sms_id, p.message_id, p.account_id, p.part_index, p.attempts, p.price_micros,
   m.sender, m.recipient, m.country, m.body, m.encoding, m.flash, m.parts, m.expires_at, m.restrictions,
   m.callback_url, m.callback_strategy, m.campaign_id, m.label, m.created_at, m.pool_id, m.pool_strategy`;

/** A claim row read as values, in the order of CLAIM_COLUMN_LIST. */
type ClaimValues = readonly unknown[];

function claimRowOf(v: ClaimValues): ClaimRow {
  return {
    id: v[0] as number,
    sms_id: v[1] as string,
    message_id: v[2] as string,
    account_id: v[3] as string,
    part_index: v[4] as number,
    attempts: v[5] as number,
    price_micros: v[6] as number,
    sender: v[7] as string,
    recipient: v[8] as string,
    country: v[9] as string,
    body: v[10] as string,
    encoding: v[11] as string,
    flash: v[12] as number,
    parts: v[13] as number,
    expires_at: v[14] as number,
    restrictions: v[15] as string | null,
    callback_url: v[16] as string | null,
    callback_strategy: v[17] as string | null,
    campaign_id: v[18] as string | null,
    label: v[19] as string | null,
    created_at: v[20] as number,
    pool_id: v[21] as string | null,
    pool_strategy: v[22] as string | null,
  };
}

function claimedPart(r: ClaimRow): ClaimedPart {
  return {
    id: Number(r.id),
    smsId: r.sms_id,
    messageId: r.message_id,
    accountId: r.account_id,
    partIndex: r.part_index,
    attempts: r.attempts + 1,
    priceMicros: Number(r.price_micros),
    sender: r.sender,
    recipient: r.recipient,
    country: r.country,
    body: r.body,
    encoding: r.encoding as Encoding,
    flash: Number(r.flash) === 1,
    parts: r.parts,
    expiresAt: Number(r.expires_at),
    restrictions: r.restrictions ? (JSON.parse(r.restrictions) as Record<string, string>) : null,
    callbackUrl: r.callback_url,
    callbackStrategy: r.callback_strategy,
    campaignId: r.campaign_id,
    label: r.label,
    createdAt: Number(r.created_at),
    poolId: r.pool_id,
    poolStrategy: r.pool_strategy,
  };
}

/**
 * Keyset cursor over due parts. New parts arrive above the cursor; parts below it become due again
 * only by time (retries, scheduled sends, ended leases), so the cursor wraps to the start when the
 * tail has too few parts and the last wrap is WRAP_EVERY_MS old — not on every short claim, which
 * would read the whole head of the queue each time.
 */
const WRAP_EVERY_MS = 200;

abstract class CursorClaimer implements PartClaimer {
  private cursor = 0;
  private wrappedAt = Number.NEGATIVE_INFINITY;

  abstract release(partId: number): void;
  protected abstract claimAfter(cursor: number, limit: number, now: number): Promise<ClaimedPart[]>;

  async claim(limit: number, now: number): Promise<ClaimedPart[]> {
    if (limit <= 0) return [];
    let rows = await this.claimAfter(this.cursor, limit, now);
    if (rows.length < limit && this.cursor > 0 && now - this.wrappedAt >= WRAP_EVERY_MS) {
      this.wrappedAt = now;
      this.cursor = 0;
      rows = rows.concat(await this.claimAfter(0, limit - rows.length, now));
    }
    for (const r of rows) if (r.id > this.cursor) this.cursor = r.id;
    return rows;
  }
}

/** SQLite's claim: due parts with their messages, in id order behind the cursor. */
export const LOCAL_CLAIM_SQL = `SELECT ${CLAIM_COLUMN_LIST}
   FROM message_parts p JOIN messages m ON m.id = p.message_id
  WHERE p.queue_state IN ('ready', 'inflight') AND p.next_attempt_at <= ? AND p.id > ?
  ORDER BY p.id LIMIT ?`;

class LocalPartClaimer extends CursorClaimer {
  private readonly taken = new Set<number>();
  private select: SqliteStatement | undefined;

  constructor(private readonly store: Store) {
    super();
  }

  release(partId: number): void {
    this.taken.delete(partId);
  }

  protected async claimAfter(cursor: number, limit: number, now: number): Promise<ClaimedPart[]> {
    // One read of the due parts with their messages, in id order. Parts already taken still look due
    // (their outcome is not committed yet) and are read past: above the cursor there are none, except
    // after a wrap to the start.
    let takenAbove = 0;
    for (const id of this.taken) if (id > cursor) takenAbove++;
    // Rows as arrays of values: better-sqlite3 builds a row object property by property, which cost
    // as much as the query itself for these 21 columns (measured: 10.2 µs a row as objects, 6.0 as
    // values). On Kysely's one connection, so that no transaction of the state writer is open around it.
    const select = (this.select ??= this.store.sqlite!.prepare(LOCAL_CLAIM_SQL).raw(true));
    const rows = await this.store.db
      .connection()
      .execute(async () => select.all(now, cursor, limit + takenAbove) as ClaimValues[]);
    const out: ClaimedPart[] = [];
    for (const v of rows) {
      const id = Number(v[0]);
      if (this.taken.has(id)) continue;
      this.taken.add(id);
      out.push(claimedPart(claimRowOf(v)));
      if (out.length === limit) break;
    }
    return out;
  }
}

/**
 * PostgreSQL's claim, in one transaction: the claims of all nodes are taken one at a time (a
 * transaction-level advisory lock per schema, taken before the claim statement so that its snapshot
 * sees every lease committed before it); the statement reads the due parts that no live lease of
 * another node holds, records the ids taken as one part_leases row, and deletes the leases whose parts
 * all have their outcome. The commit does not wait for its WAL to reach the disk: a lease lost with
 * the server only lets another node send its parts again, which a crash allows anyway.
 */
const PG_CLAIM_SQL = `${PREPARED}WITH others AS (
    SELECT unnest(part_ids) AS id FROM part_leases WHERE node_id <> $1 AND lease_until > $2),
  due AS (
    SELECT p.id, p.sms_id, p.message_id, p.account_id, p.part_index, p.attempts, p.price_micros
      FROM message_parts p
     WHERE p.queue_state IN ('ready', 'inflight') AND p.next_attempt_at <= $2 AND p.id > $3
       AND p.id <> ALL($4::bigint[]) AND NOT EXISTS (SELECT 1 FROM others o WHERE o.id = p.id)
     ORDER BY p.id LIMIT $5),
  ended AS (DELETE FROM part_leases WHERE id = ANY($6::bigint[]) OR lease_until < $2 - ${60 * 60_000}),
  lease AS (
    INSERT INTO part_leases (node_id, lease_until, part_ids)
    SELECT $1, $7, array_agg(id) FROM due HAVING count(*) > 0 RETURNING id)
  SELECT (SELECT id FROM lease) AS lease_id, ${CLAIM_COLUMN_LIST}
    FROM due p JOIN messages m ON m.id = p.message_id
   ORDER BY p.id`;

/**
 * The claim's plan is made once per connection (generic): chosen per call, its planning cost as much
 * as its run. The generic plan is the right one (the due parts by the partial index, their messages
 * by key); ANALYZE, which the engine runs as the tables grow, makes it anew.
 */
const PG_CLAIM_BEGIN = `BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL plan_cache_mode = force_generic_plan;
  SELECT pg_advisory_xact_lock(hashtext('herald-claims:' || current_schema()))`;

class LeasedPartClaimer extends CursorClaimer {
  /** Parts this node holds, with the lease row each came in. */
  private readonly leaseOf = new Map<number, number>();
  /** Parts of each lease row still held. */
  private readonly held = new Map<number, number>();
  /** Lease rows whose parts all have their outcome: deleted by the next claim. */
  private ended: number[] = [];

  constructor(
    private readonly store: Store,
    private readonly nodeId: string,
    private readonly leaseMs: number,
  ) {
    super();
  }

  release(partId: number): void {
    const lease = this.leaseOf.get(partId);
    if (lease === undefined) return;
    this.leaseOf.delete(partId);
    const left = (this.held.get(lease) ?? 1) - 1;
    if (left > 0) this.held.set(lease, left);
    else {
      this.held.delete(lease);
      this.ended.push(lease);
    }
  }

  protected async claimAfter(cursor: number, limit: number, now: number): Promise<ClaimedPart[]> {
    const mine: number[] = [];
    for (const id of this.leaseOf.keys()) if (id > cursor) mine.push(id);
    const ended = this.ended;
    this.ended = [];
    const client = await this.store.pgPool!.connect();
    let rows: Array<ClaimRow & { lease_id: string | null }>;
    try {
      await client.query(PG_CLAIM_BEGIN);
      const r = await client.query<ClaimRow & { lease_id: string | null }>(PG_CLAIM_SQL, [
        this.nodeId,
        now,
        cursor,
        mine,
        limit,
        ended,
        now + this.leaseMs,
      ]);
      await client.query('COMMIT');
      rows = r.rows;
    } catch (err) {
      this.ended.push(...ended);
      // A connection that cannot roll back is broken: the pool drops it instead of lending it again.
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      client.release(broken);
      throw err;
    }
    client.release();
    const lease = rows[0]?.lease_id;
    if (lease === undefined || lease === null) return [];
    const leaseId = Number(lease);
    this.held.set(leaseId, rows.length);
    return rows.map((r) => {
      const part = claimedPart(r);
      this.leaseOf.set(part.id, leaseId);
      return part;
    });
  }
}

/**
 * Ends the leases of dead nodes (PostgreSQL): their parts are due again at once, their next_attempt_at
 * having stayed their due time; answers how many parts the leases held (done ones included). (A
 * SQLite node has no leases: its claims are in memory.)
 */
export async function releaseLeasesOf(store: Store, nodes: string[]): Promise<number> {
  if (nodes.length === 0) return 0;
  const { rows } = await sql<{ parts: string | null }>`
    WITH ended AS (DELETE FROM part_leases WHERE node_id = ANY(${nodes}) RETURNING part_ids)
    SELECT sum(cardinality(part_ids)) AS parts FROM ended`.execute(store.db);
  return Number(rows[0]?.parts ?? 0);
}
