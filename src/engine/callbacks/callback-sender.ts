/**
 * Delivers the callback outbox: POSTs each payload as JSON with an HMAC signature, and retries with
 * backoff until the receiver answers 200 — the first POST and up to 5 more (Routee: "it will try to POST
 * again (up to 5 times)"). It runs beside dispatch with
 * its own concurrency limit and timeouts, so a slow or dead receiver never slows sending.
 *
 * Signature: header `X-Herald-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256 over `<t>.<raw body>` with the key sha256hex(applicationSecret).
 */
import { type Agent, type Dispatcher, errors as undiciErrors } from 'undici';
import { guardedAgent } from '../../security/outbound-http.js';
import { OutboundRefusedError, type OutboundPolicy } from '../../security/outbound-policy.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/database.js';
import type { CallbackRenderers } from '../../domain/callback-events.js';
import { expandExpiredCallbackBatches } from './callback-batches.js';
import type { CallbackHandoff, HandedBatch, ReadyCallback } from './callback-handoff.js';
import { WakeableLoop } from '../runtime/waker.js';
import {
  anyCallbackDue,
  claimDueCallbacks,
  insertMovedCallback,
  recordFailedDelivery,
} from '../../store/repositories/callback-outbox.js';
import { afterFailedDelivery, receiverTookIt, signatureHeader } from '../rules/callbacks.js';

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError)
    return `no answer within ${timeoutMs} ms`;
  // A refused receiver says nothing of the address it resolved to.
  if (err instanceof OutboundRefusedError) return err.message;
  const e = err as Error & { code?: string };
  return `${e.code ?? e.name}: ${e.message}`;
}

export interface CallbackSenderOptions {
  concurrency: number;
  timeoutMs: number;
  pollMs: number;
  /** Lease on claimed rows (another node may take them after it). */
  leaseMs: number;
  backoffMs: number[];
  /** Writes the callbacks of batches that outlived their lease again, in their face's format. */
  renderers: Pick<CallbackRenderers, 'partStatus'>;
}

/**
 * Callbacks reach the sender two ways: the state writer hands over the ones it just wrote, leased to
 * this node (delivered from memory, no claim), and a poller claims the rest from the outbox (retries,
 * callbacks written elsewhere, leases that ran out).
 */
export class CallbackSender extends WakeableLoop implements CallbackHandoff {
  private inFlight = 0;
  /** Delivered rows, marked in one statement per round instead of one per callback. */
  private deliveredIds: number[] = [];
  /** Callback batches whose every callback was delivered or moved to the outbox, deleted likewise. */
  private doneBatches: number[] = [];
  private markTimer: NodeJS.Timeout | undefined;
  /** HTTP client: undici's (about 2.5x less CPU per callback than node:http, measured in docs/decisions.md). */
  private readonly agent: Agent;
  private readonly targets = new Map<string, { origin: string; path: string }>();
  /** Handed over by the state writer, waiting for a free slot. */
  private readonly handedOver: ReadyCallback[] = [];
  private handedOverHead = 0;
  private pollRequested = true;
  private nextPollAt = 0;
  private nextBatchLookAt = 0;
  private stopped = false;
  readonly counters = { delivered: 0, failedAttempts: 0, abandoned: 0, handedOver: 0, claimed: 0 };

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly options: CallbackSenderOptions,
    /** Every receiver's address is checked by the outbound policy on the socket it connects. */
    policy: OutboundPolicy,
    /** Marks delivered callbacks (the engine routes the marks through the state writer's next flush). */
    private readonly recordDelivered: (done: { ids: number[]; batches: number[] }) => Promise<void>,
  ) {
    super();
    this.agent = guardedAgent(policy, { connections: 64, keepAliveTimeout: 4_000 });
  }

  override async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await super.stop();
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    // Batch callbacks not started yet move to the outbox, so that their batches end now: left in a
    // batch, they would wait for its lease and bring back the ones already delivered.
    for (let row = this.nextHandedOver(); row; row = this.nextHandedOver())
      if (row.batch) await this.moveToOutbox(row, null);
    await this.markDelivered();
    await this.agent.close();
  }

  get leaseMs(): number {
    return this.options.leaseMs;
  }

  /** How many handed-over callbacks the sender takes now (sixteen rounds of its concurrency: well within a lease). */
  room(): number {
    if (!this.running) return 0;
    return Math.max(0, this.options.concurrency * 16 - this.inFlight - this.waitingInMemory());
  }

  take(callbacks: ReadyCallback[]): void {
    for (const c of callbacks) this.handedOver.push(c);
    this.counters.handedOver += callbacks.length;
    this.waker.poke();
  }

  private waitingInMemory(): number {
    return this.handedOver.length - this.handedOverHead;
  }

  private nextHandedOver(): ReadyCallback | undefined {
    if (this.handedOverHead >= this.handedOver.length) return undefined;
    const c = this.handedOver[this.handedOverHead++];
    if (this.handedOverHead > 1024) {
      this.handedOver.splice(0, this.handedOverHead);
      this.handedOverHead = 0;
    }
    return c;
  }

  private async markDelivered(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const ids = this.deliveredIds.splice(0);
    const batches = this.doneBatches.splice(0);
    if (ids.length === 0 && batches.length === 0) return;
    await this.recordDelivered({ ids, batches });
  }

  private scheduleMark(): void {
    this.markTimer ??= setTimeout(
      () => void this.markDelivered().catch((err) => this.logger.error({ err }, 'marking callbacks failed')),
      10,
    );
  }

  /** One callback of a batch is done (delivered, or in the outbox now); the batch goes with its last. */
  private batchMemberDone(batch: HandedBatch): void {
    if (--batch.remaining > 0) return;
    this.doneBatches.push(batch.id);
    this.scheduleMark();
  }

  /**
   * A batch's callback that failed, or would outlive its lease, becomes an outbox row of its own (the
   * poller retries it). If that write fails, the callback stays counted in its batch, which goes back
   * to the outbox whole when its lease runs out.
   */
  private async moveToOutbox(
    row: Extract<ReadyCallback, { batch: HandedBatch }>,
    failure: { attempts: number; error: string; nextAttemptAt: number; giveUp: boolean } | null,
  ): Promise<void> {
    const now = this.clock();
    try {
      await insertMovedCallback(
        this.store.db,
        {
          ...row,
          failed: failure?.giveUp ?? false,
          attempts: failure?.attempts ?? row.attempts,
          lastError: failure?.error ?? null,
          nextAttemptAt: failure?.nextAttemptAt ?? now,
        },
        now,
      );
    } catch (err) {
      this.logger.error({ err }, 'moving a callback to the outbox failed; its batch will be');
      return;
    }
    this.batchMemberDone(row.batch);
  }

  /**
   * POSTs one payload; resolves with null on HTTP 200, else with what went wrong. undici's dispatch
   * with a handler of our own: the answer's body is discarded as it arrives, without the stream and
   * promises `request()` builds per response (about a third of the client's CPU per callback).
   */
  private post(url: string, headers: Record<string, string>, body: string): Promise<string | null> {
    const target = this.targetOf(url);
    if (!target) return Promise.resolve('invalid URL');
    const timeoutMs = this.options.timeoutMs;
    return new Promise((resolve) => {
      let status = 0;
      const handler: Dispatcher.DispatchHandler = {
        // undici takes a handler without onRequestStart for one of its legacy shape.
        onRequestStart() {},
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData() {},
        onResponseEnd() {
          resolve(receiverTookIt(status) ? null : `HTTP ${status}`);
        },
        onResponseError(_controller, err) {
          resolve(describeFailure(err, timeoutMs));
        },
      };
      try {
        this.agent.dispatch(
          {
            origin: target.origin,
            path: target.path,
            method: 'POST',
            headers,
            body,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          },
          handler,
        );
      } catch (err) {
        resolve(describeFailure(err, timeoutMs));
      }
    });
  }

  /** Callback URLs repeat: parse each once (bounded). */
  private targetOf(url: string): { origin: string; path: string } | undefined {
    let t = this.targets.get(url);
    if (t) return t;
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
      t = { origin: u.origin, path: `${u.pathname}${u.search}` };
    } catch {
      return undefined;
    }
    if (this.targets.size >= 1000) this.targets.clear();
    this.targets.set(url, t);
    return t;
  }

  /** Callbacks were written to the outbox (not handed over): read it soon. */
  poke(): void {
    this.pollRequested = true;
    this.waker.poke();
  }

  private start1(row: ReadyCallback): void {
    this.inFlight++;
    void this.deliver(row).finally(() => {
      this.inFlight--;
      this.waker.poke();
    });
  }

  protected async run(): Promise<void> {
    while (this.running) {
      // Handed-over callbacks first; one whose lease is nearly over is left to the poller.
      while (this.inFlight < this.options.concurrency) {
        const row = this.nextHandedOver();
        if (!row) break;
        if (this.clock() < row.leaseUntil - this.options.timeoutMs) this.start1(row);
        else if (row.batch) void this.moveToOutbox(row, null);
      }
      const room = this.options.concurrency - this.inFlight;
      // Claim in batches (half the concurrency): one slot per finished delivery would be a claim per
      // callback. The outbox is read when poked (callbacks written elsewhere) or every pollMs.
      const batch = this.inFlight === 0 || room >= Math.max(1, Math.floor(this.options.concurrency / 2));
      const due = this.pollRequested || this.clock() >= this.nextPollAt;
      if (room > 0 && batch && due) {
        this.pollRequested = false;
        let rows: ReadyCallback[] = [];
        try {
          rows = await this.claim(room);
        } catch (err) {
          this.logger.error({ err }, 'callback claim failed');
        }
        // A full batch: more may be waiting, read again at once.
        this.nextPollAt = this.clock() + (rows.length === room ? 0 : this.options.pollMs);
        this.counters.claimed += rows.length;
        for (const row of rows) this.start1(row);
        if (rows.length === room) continue;
      }
      await this.waker.sleep(Math.max(1, Math.min(this.options.pollMs, this.nextPollAt - this.clock())));
    }
  }

  private async claim(limit: number): Promise<ReadyCallback[]> {
    const now = this.clock();
    const leaseUntil = now + this.options.leaseMs;
    // Batches of a node that died (their lease ran out) become outbox rows first; looked for once a
    // second (a lease lasts three callback timeouts).
    if (now >= this.nextBatchLookAt) {
      this.nextBatchLookAt = now + 1_000;
      await expandExpiredCallbackBatches(this.store, this.options.renderers, now);
    }
    // A read first: the claim is a write (it would take SQLite's write lock) and mostly finds nothing.
    if (!(await anyCallbackDue(this.store.db, now))) return [];
    const claimed = await claimDueCallbacks(this.store.db, this.store.dialect, now, leaseUntil, limit);
    return claimed.map((c) => ({ ...c, leaseUntil }));
  }

  private async deliver(row: ReadyCallback): Promise<void> {
    const error = await this.post(
      row.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Herald-Callbacks/1',
        'x-herald-signature': signatureHeader(row.signingKey, this.clock(), row.payload),
      },
      row.payload,
    );
    const now = this.clock();
    if (error === null) {
      this.counters.delivered++;
      if (row.batch) {
        this.batchMemberDone(row.batch);
        return;
      }
      this.deliveredIds.push(row.id);
      this.scheduleMark();
      return;
    }
    this.counters.failedAttempts++;
    const { attempts, giveUp, nextAttemptAt } = afterFailedDelivery(
      row.attempts,
      this.options.backoffMs,
      now,
    );
    if (giveUp) this.counters.abandoned++;
    if (row.batch) {
      const failure = { attempts, error: error.slice(0, 500), nextAttemptAt, giveUp };
      return this.moveToOutbox(row, failure);
    }
    await recordFailedDelivery(
      this.store.db,
      row.id,
      { failed: giveUp, attempts, error: error.slice(0, 500), nextAttemptAt },
      now,
    );
  }
}
