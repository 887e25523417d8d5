/**
 * A real SMPP 3.4 server standing in for a mobile operator. It accepts binds (checking credentials
 * when configured), answers submit_sm with message ids (decimal or hex), sends delivery receipts after
 * a delay with a configurable mix of outcomes, can send a receipt before its submit_sm_resp, can
 * throttle, reject, drop the connection, and send mobile-originated messages. It counts every submit
 * and keeps the recent ones (and the recent keys, to count duplicates), so that tests and benchmarks
 * can check for loss and duplicates while memory stays flat under `herald start` for days. It is built
 * on the `smpp` package's codec and session alone, none of Herald's own SMPP code, so that what
 * Herald's link writes is read by another implementation, and the other way round. Message ids
 * start from a time-based base, so that a restart does not hand out ids a peer still remembers.
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import {
  formatReceiptText,
  type ReceiptStat,
  receiptText,
  STATE_OF_STAT,
} from '../../domain/delivery-receipt.js';
import { encodeGsm7 } from '../../domain/gsm.js';
import { type ConcatInfo, concatOfUdhElements } from './udh.js';
import { Handsets } from './handset.js';
import { RecentKeys, RecentWindow } from '../recent.js';

export interface OutcomeRule {
  /** Destination prefix ('+' optional) or a regular expression source wrapped in slashes: '/7$/'. */
  match: string;
  stat: ReceiptStat | 'NONE';
  err?: string;
  /** Answer the submit itself with this command_status instead (e.g. 0x0b invalid destination). */
  submitStatus?: number;
}

export interface SmscSimulatorOptions {
  port?: number;
  host?: string;
  /** When set, binds must carry this system_id and password. */
  systemId?: string;
  password?: string;
  idFormat?: 'decimal' | 'hex';
  /** Base of the ids written in receipts; 'same' follows idFormat. */
  receiptIdFormat?: 'same' | 'decimal' | 'hex';
  receiptDelayMs?: number;
  /** Weighted mix used when no rule matches; default all DELIVRD. */
  outcomes?: Partial<Record<ReceiptStat | 'NONE', number>>;
  rules?: OutcomeRule[];
  /** Probability (0..1) that a receipt is sent before the submit_sm_resp. */
  receiptBeforeResponse?: number;
  /** Answer every Nth submit with ESME_RTHROTTLED. */
  throttleEvery?: number;
  /** Close the connection (once) after this many submits. */
  dropAfterSubmits?: number;
  /** Delay before answering each submit. */
  responseDelayMs?: number;
  /** Send receipts with TLVs (receipted_message_id, message_state); the text is always sent. */
  receiptTlvs?: boolean;
  /** Seed for the outcome mix. */
  seed?: number;
  /** How many recent submits (and reassembled messages) are kept for inspection; default 10,000. */
  keepRecent?: number;
  /** Repeats (duplicates) are recognised among the last half to whole of this many parts; default 200,000. */
  duplicateWindow?: number;
  /** The first message id (default: from the clock, so that ids do not repeat across restarts). */
  firstId?: number;
}

/** Receipts kept for a client that is not bound (oldest dropped beyond it). */
const MAX_WAITING_RECEIPTS = 100_000;

export interface ReceivedSubmit {
  messageId: string;
  source: string;
  destination: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** ISO 8601 (relative periods counted from the submit); '' when the submit had none. */
  validityPeriod: string;
  /** Decoded text of this part (without UDH). */
  text: string;
  /** Concatenation reference, part number and total, from the UDH (or SAR TLVs). */
  concat?: ConcatInfo;
  receivedAt: number;
  /** Vendor TLVs Herald registered (e.g. regulatory ids), by name (tlv_0x1400...). */
  tlvs?: Record<string, string>;
}

export class SmscSimulator extends EventEmitter {
  private server: smpp.Server | undefined;
  private readonly sessions = new Set<smpp.Session>();
  /** Sessions bound as transmitter only: they submit, they never get deliver_sm. */
  private readonly transmitters = new WeakSet<smpp.Session>();
  private nextId: number;
  private submitCount = 0;
  private dropped = false;
  private rand: () => number;
  private readonly recent: RecentWindow<ReceivedSubmit>;
  private readonly partKeys: RecentKeys;
  private duplicateParts = 0;
  /** The messages the destinations' phones show, reassembled from the parts received. */
  readonly handsets: Handsets;
  receiptsSent = 0;
  /** Receipts dropped because no client bound to take them for too long. */
  receiptsDropped = 0;
  /**
   * Receipts not yet acknowledged by a client. Like a real SMSC, the simulator keeps them and sends
   * them again on the next bind when the connection was lost before the deliver_sm_resp.
   */
  private readonly unacknowledged = new Map<smpp.Session, Set<Record<string, unknown>>>();
  private readonly waitingReceipts: Array<Record<string, unknown>> = [];
  port = 0;

  constructor(readonly options: SmscSimulatorOptions = {}) {
    super();
    let s = (options.seed ?? 12345) >>> 0;
    this.rand = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    // Seconds since 2020 times 1,000: a restart a second later starts 1,000 ids further, beyond the
    // ids of any earlier run below 1,000 submits a second on average (hex or decimal, both fit).
    this.nextId =
      options.firstId ??
      Math.floor((Date.now() - Date.UTC(2020, 0, 1)) / 1000) * 1000 + Math.floor(this.rand() * 1000);
    const keep = options.keepRecent ?? 10_000;
    this.recent = new RecentWindow(keep);
    this.partKeys = new RecentKeys(options.duplicateWindow ?? 200_000);
    this.handsets = new Handsets(keep);
  }

  /** The most recent submits (up to keepRecent), oldest first. */
  get received(): readonly ReceivedSubmit[] {
    return this.recent.items;
  }

  /** Every part received since the start. */
  get receivedCount(): number {
    return this.recent.count;
  }

  async start(): Promise<number> {
    this.server = smpp.createServer({}, (session) => this.onSession(session));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    this.sessions.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Drops every open connection (the operator goes away; clients must reconnect). */
  dropConnections(): void {
    for (const s of this.sessions) s.destroy();
    this.sessions.clear();
  }

  get boundSessions(): number {
    return this.sessions.size;
  }

  /** Parts received again (same destination, text and concatenation) within the duplicate window. */
  duplicates(): number {
    return this.duplicateParts;
  }

  /** Sends a mobile-originated message to a bound client. Resolves when the client acknowledged it. */
  sendMo(mo: { from: string; to: string; text: string }): Promise<void> {
    const session = this.receivingSession();
    if (!session) return Promise.reject(new Error('no bound session'));
    const ucs2 = [...mo.text].some((c) => encodeGsm7(c).includes(0x3f) && c !== '?');
    const text = ucs2 ? Buffer.from(mo.text, 'utf16le').swap16() : encodeGsm7(mo.text);
    // short_message holds 254 octets at most: a longer text travels in message_payload.
    const body = text.length > 254 ? { message_payload: text } : { short_message: text };
    return new Promise((resolve) => {
      session.send(
        new smpp.PDU('deliver_sm', {
          source_addr_ton: 1,
          source_addr_npi: 1,
          source_addr: mo.from.replace(/^\+/, ''),
          dest_addr_ton: /^\d+$/.test(mo.to) ? 1 : 5,
          dest_addr_npi: 1,
          destination_addr: mo.to,
          esm_class: 0,
          data_coding: ucs2 ? 8 : 0,
          ...body,
        }),
        () => resolve(),
      );
    });
  }

  private onSession(session: smpp.Session): void {
    session.on('submit_sm', (pdu: smpp.PDU) => this.onSubmit(session, pdu));
    session.on('error', () => undefined);
    session.on('close', () => {
      this.sessions.delete(session);
      const open = this.unacknowledged.get(session);
      this.unacknowledged.delete(session);
      if (open) for (const fields of open) this.keepWaiting(fields);
    });
    for (const op of ['bind_transceiver', 'bind_transmitter', 'bind_receiver']) {
      session.on(op, (pdu: smpp.PDU) => {
        const o = this.options;
        const ok = !o.systemId || (pdu.system_id === o.systemId && pdu.password === o.password);
        session.send(pdu.response({ command_status: ok ? 0 : smpp.ESME_RBINDFAIL, system_id: 'HeraldSim' }));
        if (ok) {
          this.sessions.add(session);
          if (op === 'bind_transmitter') {
            this.transmitters.add(session);
            return;
          }
          for (const fields of this.waitingReceipts.splice(0)) this.deliverReceipt(session, fields);
        } else session.close();
      });
    }
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
  }

  private onSubmit(session: smpp.Session, pdu: smpp.PDU): void {
    const refuse = (status: number) => session.send(pdu.response({ command_status: status, message_id: '' }));
    if (!this.sessions.has(session)) {
      refuse(smpp.ESME_RINVCMDID ?? 3);
      return;
    }
    this.submitCount++;
    const o = this.options;
    if (o.throttleEvery && this.submitCount % o.throttleEvery === 0) {
      refuse(smpp.ESME_RTHROTTLED);
      return;
    }
    const destination = String(pdu.destination_addr);
    const rule = this.ruleFor(destination);
    if (rule?.submitStatus) {
      refuse(rule.submitStatus);
      return;
    }
    const numericId = this.nextId++;
    const messageId = o.idFormat === 'hex' ? numericId.toString(16) : String(numericId);
    const receiptBase =
      o.receiptIdFormat && o.receiptIdFormat !== 'same' ? o.receiptIdFormat : (o.idFormat ?? 'decimal');
    const receiptId = receiptBase === 'hex' ? numericId.toString(16) : String(numericId);
    const record = this.record(pdu, messageId);
    this.recent.push(record);
    const c = record.concat;
    if (this.partKeys.seen(`${record.destination}|${record.text}|${c ? `${c.ref}/${c.seq}/${c.total}` : ''}`))
      this.duplicateParts++;
    this.handsets.receive(record);
    this.emit('submit', record);

    const stat = rule ? rule.stat : this.pickOutcome();
    const sendReceipt = () => {
      if (stat === 'NONE' || !(Number(pdu.registered_delivery) & 0x01)) return;
      this.sendReceipt(session, record, receiptId, stat, rule?.err ?? (stat === 'DELIVRD' ? '000' : '001'));
    };
    const early = (o.receiptBeforeResponse ?? 0) > 0 && this.rand() < (o.receiptBeforeResponse ?? 0);
    const respond = () => {
      if (early) sendReceipt();
      session.send(pdu.response({ message_id: messageId }));
      if (!early) {
        if (o.receiptDelayMs) setTimeout(sendReceipt, o.receiptDelayMs);
        else setImmediate(sendReceipt);
      }
      if (o.dropAfterSubmits && !this.dropped && this.submitCount >= o.dropAfterSubmits) {
        this.dropped = true;
        setImmediate(() => this.dropConnections());
      }
    };
    if (o.responseDelayMs) setTimeout(respond, o.responseDelayMs);
    else respond();
  }

  /** What the package decoded: its GSM 03.38 or UCS-2 text, its UDH elements, TLVs. */
  private record(pdu: smpp.PDU, messageId: string): ReceivedSubmit {
    const sm = (pdu.short_message ?? {}) as { message?: string | Buffer; udh?: Buffer[] };
    const payload = pdu.message_payload as { message?: string | Buffer } | undefined;
    const text = sm.message !== undefined && sm.message.length > 0 ? sm.message : (payload?.message ?? '');
    let concat = concatOfUdhElements(sm.udh ?? []);
    if (!concat && pdu.sar_msg_ref_num !== undefined)
      concat = {
        ref: Number(pdu.sar_msg_ref_num),
        total: Number(pdu.sar_total_segments),
        seq: Number(pdu.sar_segment_seqnum),
        kind: 'sar',
      };
    const validity = pdu.validity_period;
    const tlvs = vendorTlvsOf(pdu);
    return {
      messageId,
      source: String(pdu.source_addr),
      destination: String(pdu.destination_addr),
      dataCoding: Number(pdu.data_coding),
      esmClass: Number(pdu.esm_class),
      registeredDelivery: Number(pdu.registered_delivery),
      validityPeriod: validity instanceof Date ? validity.toISOString() : '',
      text: typeof text === 'string' ? text : text.toString('latin1'),
      ...(concat && { concat }),
      receivedAt: Date.now(),
      ...(tlvs && { tlvs }),
    };
  }

  private ruleFor(destination: string): OutcomeRule | undefined {
    const digits = destination.replace(/^\+/, '');
    return this.options.rules?.find((r) => {
      if (r.match.startsWith('/') && r.match.endsWith('/') && r.match.length > 1) {
        return new RegExp(r.match.slice(1, -1)).test(digits);
      }
      return digits.startsWith(r.match.replace(/^\+/, ''));
    });
  }

  private pickOutcome(): ReceiptStat | 'NONE' {
    const mix = this.options.outcomes;
    if (!mix) return 'DELIVRD';
    const entries = Object.entries(mix) as Array<[ReceiptStat | 'NONE', number]>;
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.rand() * total;
    for (const [stat, w] of entries) {
      r -= w;
      if (r < 0) return stat;
    }
    return entries[entries.length - 1]?.[0] ?? 'DELIVRD';
  }

  private sendReceipt(
    session: smpp.Session,
    sub: ReceivedSubmit,
    id: string,
    stat: ReceiptStat,
    err: string,
  ): void {
    if (session.closed) return;
    const now = new Date();
    const text = formatReceiptText({
      id,
      stat,
      err,
      submitDate: new Date(sub.receivedAt),
      doneDate: now,
      text: receiptText(sub.text),
    });
    const tlvs =
      this.options.receiptTlvs === false
        ? {}
        : { receipted_message_id: id, message_state: STATE_OF_STAT[stat] };
    const fields = {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: sub.destination,
      dest_addr_ton: 0,
      dest_addr_npi: 0,
      destination_addr: sub.source,
      esm_class: 0x04,
      data_coding: 0,
      short_message: Buffer.from(text, 'latin1'),
      ...tlvs,
    };
    // The receipt goes to a bound client that can receive: this one if it is still there (and not a
    // transmitter), else any receiver, else the next bind.
    const target =
      this.sessions.has(session) && !this.transmitters.has(session) ? session : this.receivingSession();
    if (target) this.deliverReceipt(target, fields);
    else this.keepWaiting(fields);
  }

  private keepWaiting(fields: Record<string, unknown>): void {
    this.waitingReceipts.push(fields);
    if (this.waitingReceipts.length > MAX_WAITING_RECEIPTS) {
      this.waitingReceipts.shift();
      this.receiptsDropped++;
    }
  }

  private receivingSession(): smpp.Session | undefined {
    return [...this.sessions].find((s) => !this.transmitters.has(s));
  }

  private deliverReceipt(session: smpp.Session, fields: Record<string, unknown>): void {
    let open = this.unacknowledged.get(session);
    if (!open) {
      open = new Set();
      this.unacknowledged.set(session, open);
    }
    open.add(fields);
    this.receiptsSent++;
    session.send(new smpp.PDU('deliver_sm', fields), (resp) => {
      if (resp.command_status === 0) {
        open.delete(fields);
      } else {
        // The client could not store it: try again a little later.
        open.delete(fields);
        setTimeout(() => {
          const target = this.receivingSession();
          if (target) this.deliverReceipt(target, fields);
          else this.keepWaiting(fields);
        }, 200);
      }
    });
  }
}

/** Tags SMPP 3.4 leaves to vendors (§5.3.2): Herald writes regulatory ids there. */
const VENDOR_TLVS = { from: 0x1400, to: 0x3fff };

/**
 * The vendor-range TLVs of a PDU as text, by the name `tlv_0x1400`…: the package keeps a tag it knows
 * (registered by a client in the same process) under that name, an unknown one under its number.
 */
function vendorTlvsOf(pdu: smpp.PDU): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(pdu)) {
    const tag = /^\d+$/.test(key)
      ? Number(key)
      : /^tlv_0x[0-9a-f]{4}$/.test(key)
        ? parseInt(key.slice(6), 16)
        : -1;
    if (tag < VENDOR_TLVS.from || tag > VENDOR_TLVS.to) continue;
    (out ??= {})[`tlv_0x${tag.toString(16).padStart(4, '0')}`] = Buffer.isBuffer(value)
      ? value.toString('latin1')
      : String(value);
  }
  return out;
}
