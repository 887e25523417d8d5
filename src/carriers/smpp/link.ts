/**
 * One SMPP 3.4 link to an operator, on Herald's own session and codec (src/protocols/smpp/): a window
 * of outstanding submits, a parts-per-second limit, enquire_link keep-alive with
 * dead-link detection, reconnection with backoff, submit timeouts, throttling handled by pausing the
 * link (the part is retried, never failed), and receipts acknowledged only after they are stored.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { Logger } from '../../logger.js';
import type { Pdu } from '../../protocols/smpp/codec.js';
import { STATUS } from '../../protocols/smpp/ids.js';
import type { CarrierInbound } from '../carrier.js';
import { inboundOf } from './inbound.js';
import { SmppSession } from '../../protocols/smpp/session.js';
import type { SmppLinkConfig } from './link-config.js';
import { encodeSubmitSm } from './pdu-encoder.js';

export type SubmitOutcome =
  | { kind: 'accepted'; messageId: string }
  /** The operator kept throttling; try again later. */
  | { kind: 'throttled' }
  /** The operator refused the part: permanent errors end it as Failed, temporary ones are retried. */
  | { kind: 'rejected'; status: number; permanent: boolean }
  /** The link is down or the response never came (the part may or may not have reached the operator). */
  | { kind: 'unavailable'; timedOut: boolean };

/** What a deliver_sm brings (the carrier contract's terms). */
export type InboundDeliver = CarrierInbound;

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
  private session: SmppSession | undefined;
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
      session.socket.once('close', () => {
        clearTimeout(done);
        resolve();
      });
      if (!session.request({ command: 'unbind', fields: {}, tlvs: [] }, () => session.close())) {
        clearTimeout(done);
        resolve();
      }
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
    let socket: net.Socket;
    try {
      socket = net.connect({ host, port });
    } catch (err) {
      // A setting the socket refuses at once (a port out of range): this link fails, nothing else.
      this.logger.error({ link: this.id, err: (err as Error).message }, 'SMPP link cannot connect');
      this.reconnectTimer = setTimeout(() => this.connect(), this.config.reconnectMaxMs);
      return;
    }
    const session = new SmppSession(socket, {
      onHeard: () => {
        this.lastHeard = Date.now();
      },
      onRequest: (pdu) => this.onRequest(session, pdu),
    });
    this.session = session;
    socket.on('connect', () => {
      session.request(
        {
          command: `bind_${this.config.role ?? 'transceiver'}`,
          fields: {
            system_id: this.config.systemId,
            password: this.config.password,
            system_type: this.config.systemType ?? '',
            interface_version: 0x34,
            addr_ton: 0,
            addr_npi: 0,
            address_range: '',
          },
          tlvs: [],
        },
        (pdu) => {
          if (!pdu) return;
          if (pdu.status !== 0) {
            this.logger.warn({ link: this.id, status: pdu.status }, 'SMPP bind refused');
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
    socket.on('error', (err: Error) => {
      this.logger.debug({ link: this.id, err: err.message }, 'SMPP socket error');
    });
    socket.on('close', () => {
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

  /** What the operator sends: deliver_sm (receipts, mobile-originated messages), unbind. */
  private onRequest(session: SmppSession, pdu: Pdu): void {
    if (pdu.command === 'deliver_sm') return this.onDeliverSm(session, pdu);
    if (pdu.command === 'unbind') {
      session.respond(pdu, 0);
      session.close();
      return;
    }
    // Anything else an SMSC may not send to an ESME (a bind, a submit, data_sm): refused, link kept.
    session.respond(pdu, STATUS.ESME_RINVCMDID, pdu.command.startsWith('bind_') ? { system_id: '' } : {});
  }

  private startKeepAlive(session: SmppSession): void {
    clearInterval(this.keepAliveTimer);
    const every = Math.max(100, Math.min(this.config.enquireLinkMs, this.config.deadAfterMs / 2));
    this.keepAliveTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > this.config.deadAfterMs) {
        this.logger.warn({ link: this.id }, 'SMPP link silent for too long; dropping it');
        session.destroy();
        return;
      }
      if (Date.now() - this.lastHeard >= this.config.enquireLinkMs / 2) {
        session.request({ command: 'enquire_link', fields: {}, tlvs: [] });
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
    const sequence = session.upcomingSequence;
    const timer = setTimeout(() => {
      this.counters.timeouts++;
      session.forget(sequence); // a late answer finds nobody waiting
      settle({ kind: 'unavailable', timedOut: true });
    }, this.config.submitTimeoutMs);
    this.inflight.add(settle);
    const encoded = encodeSubmitSm(item.fields);
    if (!encoded) {
      this.logger.error({ link: this.id }, 'submit_sm fields this link cannot encode');
      settle({ kind: 'rejected', status: STATUS.ESME_RSYSERR, permanent: false });
      return;
    }
    const ok = session.requestEncoded(encoded, (resp) => {
      if (!resp) {
        settle({ kind: 'unavailable', timedOut: false });
        return;
      }
      const status = resp.status;
      if (status === 0) {
        this.counters.accepted++;
        this.throttlePause = this.config.throttlePauseMs;
        settle({ kind: 'accepted', messageId: String(resp.fields.message_id ?? '') });
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

  private onDeliverSm(session: SmppSession, pdu: Pdu): void {
    const inbound = inboundOf(pdu);
    if (inbound?.kind === 'receipt') this.counters.receipts++;
    else if (inbound?.kind === 'mo') this.counters.mo++;
    this.store(session, pdu, inbound);
  }

  /** Hands the deliver_sm to the engine; acknowledges it once stored (nothing to store: at once). */
  private store(session: SmppSession, pdu: Pdu, inbound: InboundDeliver | null): void {
    const respond = (status: number) => session.respond(pdu, status, { message_id: '' });
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
