/**
 * Delivers the callback outbox: POSTs each payload as JSON with an HMAC signature, and retries with
 * backoff until the receiver answers 200 — at most 5 deliveries in all. It runs beside dispatch with
 * its own concurrency limit and timeouts, so a slow or dead receiver never slows sending.
 *
 * Signature: header `X-Herald-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256 over `<t>.<raw body>` with the key sha256hex(applicationSecret).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { sql } from 'kysely';
import type { Logger } from '../logger.js';
import type { Store } from '../store/database.js';
import { Waker } from './waker.js';

export const MAX_CALLBACK_ATTEMPTS = 5;
/** Wait after the 1st, 2nd, 3rd and 4th failed delivery. */
export const CALLBACK_BACKOFF_MS = [2_000, 10_000, 60_000, 300_000];

export function signCallback(key: string, timestamp: number, body: string): string {
  return createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');
}

export interface CallbackSenderOptions {
  concurrency: number;
  timeoutMs: number;
  pollMs: number;
  /** Lease on claimed rows (another node may take them after it). */
  leaseMs: number;
  backoffMs: number[];
}

interface OutboxRow {
  id: number;
  account_id: string;
  url: string;
  payload: string;
  attempts: number;
  signing_key: string;
}

export class CallbackSender {
  private running = false;
  private loop: Promise<void> | undefined;
  private inFlight = 0;
  private readonly waker = new Waker();
  /** Delivered rows, marked in one statement per round instead of one per callback. */
  private deliveredIds: number[] = [];
  private markTimer: NodeJS.Timeout | undefined;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  readonly counters = { delivered: 0, failedAttempts: 0, abandoned: 0 };

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly options: CallbackSenderOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.waker.poke();
    await this.loop;
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    await this.markDelivered();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async markDelivered(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const ids = this.deliveredIds.splice(0);
    if (ids.length === 0) return;
    const now = this.clock();
    for (let i = 0; i < ids.length; i += 500) {
      await this.store.db
        .updateTable('callback_outbox')
        .set((eb) => ({
          state: 'delivered',
          attempts: eb('attempts', '+', 1),
          updated_at: now,
          last_error: null,
        }))
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  /** POSTs one payload; resolves with null on HTTP 200, else with what went wrong. */
  private post(url: string, headers: Record<string, string>, body: string): Promise<string | null> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return resolve('invalid URL');
      }
      const isHttps = target.protocol === 'https:';
      const req = (isHttps ? https : http).request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          timeout: this.options.timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200 ? null : `HTTP ${res.statusCode}`));
          res.on('error', (err) => resolve(err.message));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      req.on('error', (err) => resolve(`${err.name}: ${err.message}`));
      req.end(body);
    });
  }

  poke(): void {
    this.waker.poke();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const room = this.options.concurrency - this.inFlight;
      // Claim in batches (half the concurrency): one slot per finished delivery would be a claim per callback.
      const batch = this.inFlight === 0 || room >= Math.max(1, Math.floor(this.options.concurrency / 2));
      let rows: OutboxRow[] = [];
      if (room > 0 && batch) {
        try {
          rows = await this.claim(room);
        } catch (err) {
          this.logger.error({ err }, 'callback claim failed');
        }
      }
      for (const row of rows) {
        this.inFlight++;
        void this.deliver(row).finally(() => {
          this.inFlight--;
          this.waker.poke();
        });
      }
      if (rows.length === 0 || !batch || this.inFlight >= this.options.concurrency) {
        await this.waker.sleep(this.options.pollMs);
      }
    }
  }

  private async claim(limit: number): Promise<OutboxRow[]> {
    const now = this.clock();
    const lock = this.store.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const claimed = await sql<{ id: number }>`
      UPDATE callback_outbox SET next_attempt_at = ${now + this.options.leaseMs}, updated_at = ${now}
       WHERE id IN (SELECT o.id FROM callback_outbox o
                     WHERE o.state = 'pending' AND o.next_attempt_at <= ${now}
                       AND NOT EXISTS (SELECT 1 FROM callback_outbox e
                                        WHERE e.order_key = o.order_key AND e.state = 'pending' AND e.id < o.id)
                     ORDER BY o.next_attempt_at, o.id LIMIT ${limit} ${lock})
      RETURNING id`.execute(this.store.db);
    if (claimed.rows.length === 0) return [];
    return this.store.db
      .selectFrom('callback_outbox as o')
      .innerJoin('accounts as a', 'a.id', 'o.account_id')
      .select([
        'o.id',
        'o.account_id',
        'o.url',
        'o.payload',
        'o.attempts',
        'a.routee_secret_hash as signing_key',
      ])
      .where(
        'o.id',
        'in',
        claimed.rows.map((r) => Number(r.id)),
      )
      .execute() as Promise<OutboxRow[]>;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const t = Math.floor(this.clock() / 1000);
    const error = await this.post(
      row.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Herald-Callbacks/1',
        'x-herald-signature': `t=${t},v1=${signCallback(row.signing_key, t, row.payload)}`,
      },
      row.payload,
    );
    const now = this.clock();
    const attempts = row.attempts + 1;
    if (error === null) {
      this.counters.delivered++;
      this.deliveredIds.push(row.id);
      this.markTimer ??= setTimeout(
        () =>
          void this.markDelivered().catch((err) => this.logger.error({ err }, 'marking callbacks failed')),
        10,
      );
      return;
    }
    this.counters.failedAttempts++;
    const giveUp = attempts >= MAX_CALLBACK_ATTEMPTS;
    if (giveUp) this.counters.abandoned++;
    const backoff =
      this.options.backoffMs[Math.min(attempts - 1, this.options.backoffMs.length - 1)] ?? 60_000;
    await this.store.db
      .updateTable('callback_outbox')
      .set({
        state: giveUp ? 'failed' : 'pending',
        attempts,
        last_error: error.slice(0, 500),
        next_attempt_at: now + backoff,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
  }
}
