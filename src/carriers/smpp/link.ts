/**
 * One SMPP 3.4 link to an operator, on top of the `smpp` package's codec. Adds what the package
 * lacks: a window of outstanding submits, a parts-per-second limit, enquire_link keep-alive with
 * dead-link detection, reconnection with backoff, submit timeouts, throttling handled by pausing the
 * link (the part is retried, never failed), and receipts acknowledged only after they are stored.
 */
import { EventEmitter } from 'node:events';
import smpp from 'smpp';
import { type ParsedReceipt, readReceipt } from '../../domain/delivery-receipt.js';
import type { Logger } from '../../logger.js';
import type { SmppLinkConfig } from './link-config.js';
import { sendCorked } from './corked-send.js';
import { encodeDeliverSmResp, encodeSubmitSm } from './pdu-encoder.js';
import { readPdus } from './pdu-reader.js';
import { STATUS } from '../../protocols/smpp/ids.js';

export type SubmitOutcome =
  | { kind: 'accepted'; messageId: string }
  /** The operator kept throttling; try again later. */
  | { kind: 'throttled' }
  /** The operator refused the part: permanent errors end it as Failed, temporary ones are retried. */
  | { kind: 'rejected'; status: number; permanent: boolean }
  /** The link is down or the response never came (the part may or may not have reached the operator). */
  | { kind: 'unavailable'; timedOut: boolean };

export type InboundDeliver =
  { kind: 'receipt'; receipt: ParsedReceipt } | { kind: 'mo'; from: string; to: string; text: string };

export type LinkState = 'idle' | 'connecting' | 'bound' | 'stopped';

interface PendingSubmit {
  fields: Record<string, unknown>;
  resolve(outcome: SubmitOutcome): void;
  throttledTimes: number;
}

const THROTTLING = new Set<number>([STATUS.ESME_RTHROTTLED, STATUS.ESME_RMSGQFUL]);
/** Errors that a later retry may cure; everything else is permanent for this part. */
const TEMPORARY = new Set<number>([STATUS.ESME_RSYSERR, STATUS.ESME_RSUBMITFAIL, STATUS.ESME_RX_T_APPN]);
const MAX_INTERNAL_THROTTLE_RETRIES = 20;

export class SmppLink extends EventEmitter {
  state: LinkState = 'idle';
  private session: smpp.Session | undefined;
  private readonly queue: PendingSubmit[] = [];
  private outstanding = 0;
  private tokens: number;
  private lastRefill = Date.now();
  private pausedUntil = 0;
  private throttlePause: number;
  private pumpTimer: NodeJS.Timeout | undefined;
  private reconnectDelay: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private lastHeard = Date.now();
  /** Called for every deliver_sm; the PDU is acknowledged when the promise resolves. */
  onDeliver: (d: InboundDeliver) => Promise<void> = async () => undefined;
  readonly counters = {
    submitted: 0,
    accepted: 0,
    throttled: 0,
    rejected: 0,
    timeouts: 0,
    receipts: 0,
    mo: 0,
    binds: 0,
  };

  constructor(
    readonly config: SmppLinkConfig,
    private readonly logger: Logger,
  ) {
    super();
    this.tokens = config.tps > 0 ? config.tps : Number.POSITIVE_INFINITY;
    this.reconnectDelay = config.reconnectMinMs;
    this.throttlePause = config.throttlePauseMs;
  }

  get id(): string {
    return this.config.id;
  }

  get isBound(): boolean {
    return this.state === 'bound';
  }

  /** Submits this link can take now without queueing (what the dispatcher may claim for it). */
  get freeWindow(): number {
    // A receiver bind takes no submits.
    if (!this.isBound || this.config.role === 'receiver') return 0;
    return Math.max(0, this.config.window - this.outstanding - this.queue.length);
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.connect();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.pumpTimer);
    clearInterval(this.keepAliveTimer);
    this.failAll({ kind: 'unavailable', timedOut: false });
    const session = this.session;
    this.session = undefined;
    if (!session || session.closed) return;
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => {
        session.destroy();
        resolve();
      }, 1000);
      session.send(new smpp.PDU('unbind', {}), () => {
        clearTimeout(done);
        session.close(() => resolve());
      });
    });
  }

  submit(fields: Record<string, unknown>): Promise<SubmitOutcome> {
    if (!this.isBound) return Promise.resolve({ kind: 'unavailable', timedOut: false });
    return new Promise((resolve) => {
      this.queue.push({ fields, resolve, throttledTimes: 0 });
      this.pump();
    });
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    const { host, port } = this.config;
    let session: smpp.Session;
    try {
      session = smpp.connect({ url: `smpp://${host}:${port}`, auto_enquire_link_period: 0 });
    } catch (err) {
      // A setting the socket refuses at once (a port out of range): this link fails, nothing else.
      this.logger.error({ link: this.id, err: (err as Error).message }, 'SMPP link cannot connect');
      this.reconnectTimer = setTimeout(() => this.connect(), this.config.reconnectMaxMs);
      return;
    }
    this.session = session;
    session.on('connect', () => {
      session.send(
        new smpp.PDU(`bind_${this.config.role ?? 'transceiver'}`, {
          system_id: this.config.systemId,
          password: this.config.password,
          system_type: this.config.systemType ?? '',
          interface_version: 0x34,
        }),
        (pdu) => {
          if (pdu.command_status !== 0) {
            this.logger.warn({ link: this.id, status: pdu.command_status }, 'SMPP bind refused');
            session.destroy();
            return;
          }
          this.state = 'bound';
          this.counters.binds++;
          this.reconnectDelay = this.config.reconnectMinMs;
          this.lastHeard = Date.now();
          this.startKeepAlive(session);
          this.logger.info({ link: this.id }, 'SMPP link bound');
          this.emit('up');
          this.pump();
        },
      );
    });
    readPdus(session, {
      heard: () => {
        this.lastHeard = Date.now();
      },
      receipt: (pdu) => this.onReceipt(session, pdu.sequence_number, pdu, pdu.text.toString('latin1')),
    });
    // Mobile-originated messages (and receipts flagged only by their TLV) come decoded by the package.
    session.on('deliver_sm', (pdu: smpp.PDU) => this.onDeliverSm(session, pdu));
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('error', (err: Error) => {
      this.logger.debug({ link: this.id, err: err.message }, 'SMPP socket error');
    });
    session.on('close', () => {
      if (this.session !== session) return;
      this.session = undefined;
      clearInterval(this.keepAliveTimer);
      const wasBound = this.state === 'bound';
      this.failAll({ kind: 'unavailable', timedOut: false });
      if (this.state === 'stopped') return;
      this.state = 'connecting';
      if (wasBound) {
        this.logger.warn({ link: this.id }, 'SMPP link down; reconnecting');
        this.emit('down');
      }
      this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectDelay);
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.config.reconnectMaxMs);
    });
  }

  private startKeepAlive(session: smpp.Session): void {
    clearInterval(this.keepAliveTimer);
    const every = Math.max(100, Math.min(this.config.enquireLinkMs, this.config.deadAfterMs / 2));
    this.keepAliveTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > this.config.deadAfterMs) {
        this.logger.warn({ link: this.id }, 'SMPP link silent for too long; dropping it');
        session.destroy();
        return;
      }
      if (Date.now() - this.lastHeard >= this.config.enquireLinkMs / 2) {
        session.send(new smpp.PDU('enquire_link', {}));
      }
    }, every);
    this.keepAliveTimer.unref();
  }

  private refill(): void {
    if (this.config.tps <= 0) return;
    const now = Date.now();
    this.tokens = Math.min(this.config.tps, this.tokens + ((now - this.lastRefill) * this.config.tps) / 1000);
    this.lastRefill = now;
  }

  private pump(): void {
    if (this.pumpTimer) return;
    while (this.queue.length > 0 && this.isBound && this.outstanding < this.config.window) {
      const now = Date.now();
      if (now < this.pausedUntil) return this.schedulePump(this.pausedUntil - now);
      this.refill();
      if (this.tokens < 1) return this.schedulePump(Math.ceil(((1 - this.tokens) * 1000) / this.config.tps));
      this.tokens -= 1;
      this.send(this.queue.shift()!);
    }
  }

  private schedulePump(ms: number): void {
    this.pumpTimer = setTimeout(
      () => {
        this.pumpTimer = undefined;
        this.pump();
      },
      Math.max(1, ms),
    );
  }

  private send(item: PendingSubmit): void {
    const session = this.session;
    if (!session) {
      item.resolve({ kind: 'unavailable', timedOut: false });
      return;
    }
    this.outstanding++;
    this.counters.submitted++;
    let settled = false;
    const settle = (outcome: SubmitOutcome | 'requeue') => {
      if (settled) return;
      settled = true;
      this.inflight.delete(settle);
      clearTimeout(timer);
      this.outstanding--;
      if (outcome === 'requeue') this.queue.unshift(item);
      else item.resolve(outcome);
      this.pump();
    };
    const timer = setTimeout(() => {
      this.counters.timeouts++;
      settle({ kind: 'unavailable', timedOut: true });
    }, this.config.submitTimeoutMs);
    this.inflight.add(settle);
    const pdu =
      (encodeSubmitSm(item.fields) as smpp.PDU | undefined) ?? new smpp.PDU('submit_sm', item.fields);
    const ok = sendCorked(session, pdu, (resp) => {
      const status = resp.command_status;
      if (status === 0) {
        this.counters.accepted++;
        this.throttlePause = this.config.throttlePauseMs;
        settle({ kind: 'accepted', messageId: String(resp.message_id ?? '') });
      } else if (THROTTLING.has(status)) {
        this.counters.throttled++;
        // Slow the link down: pause, doubling while the operator keeps throttling.
        this.pausedUntil = Date.now() + this.throttlePause;
        this.throttlePause = Math.min(this.throttlePause * 2, 5000);
        item.throttledTimes++;
        settle(item.throttledTimes > MAX_INTERNAL_THROTTLE_RETRIES ? { kind: 'throttled' } : 'requeue');
      } else {
        this.counters.rejected++;
        settle({ kind: 'rejected', status, permanent: !TEMPORARY.has(status) });
      }
    });
    if (ok === false) {
      settle({ kind: 'unavailable', timedOut: false });
    }
  }

  private readonly inflight = new Set<(o: SubmitOutcome) => void>();

  private failAll(outcome: SubmitOutcome): void {
    for (const settle of [...this.inflight]) settle(outcome);
    this.inflight.clear();
    for (const item of this.queue.splice(0)) item.resolve(outcome);
  }

  private onDeliverSm(session: smpp.Session, pdu: smpp.PDU): void {
    const esm = Number(pdu.esm_class ?? 0);
    const sm = pdu.short_message as { message?: string | Buffer } | Buffer | undefined;
    const text =
      sm === undefined ? '' : Buffer.isBuffer(sm) ? sm.toString('latin1') : String(sm.message ?? '');
    if (esm & 0x04 || pdu.receipted_message_id !== undefined) {
      this.onReceipt(
        session,
        pdu.sequence_number,
        {
          receipted_message_id: pdu.receipted_message_id as string | undefined,
          message_state: pdu.message_state as number | undefined,
        },
        text,
      );
      return;
    }
    this.counters.mo++;
    this.store(session, pdu.sequence_number, {
      kind: 'mo',
      from: String(pdu.source_addr ?? ''),
      to: String(pdu.destination_addr ?? ''),
      text,
    });
  }

  private onReceipt(
    session: smpp.Session,
    sequence: number,
    tlvs: { receipted_message_id?: string | undefined; message_state?: number | undefined },
    text: string,
  ): void {
    const receipt = readReceipt(
      { receiptedMessageId: tlvs.receipted_message_id, messageState: tlvs.message_state },
      text,
    );
    if (receipt) this.counters.receipts++;
    this.store(session, sequence, receipt ? { kind: 'receipt', receipt } : null);
  }

  /** Hands the deliver_sm to the engine; acknowledges it once stored (nothing to store: at once). */
  private store(session: smpp.Session, sequence: number, inbound: InboundDeliver | null): void {
    const respond = (status: number) =>
      sendCorked(session, encodeDeliverSmResp(sequence, status) as unknown as smpp.PDU);
    if (!inbound) {
      respond(0);
      return;
    }
    this.onDeliver(inbound).then(
      () => respond(0),
      (err: unknown) => {
        this.logger.error({ link: this.id, err }, 'could not store a deliver_sm; the SMSC will retry');
        respond(STATUS.ESME_RSYSERR);
      },
    );
  }
}
