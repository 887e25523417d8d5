/**
 * Herald's SMPP server for client applications (issue 27, first part): a face like the HTTP ones, on
 * Herald's own SMPP session (protocols/smpp). A client binds as transmitter, receiver or transceiver
 * with its account's SMPP credentials; a submit_sm goes through the same use case as Routee's
 * `POST /sms` (number and body analysis, price, debit, durable store) before its submit_sm_resp, whose
 * message_id is the id tracking and the console show. With registered_delivery, the message's receipt
 * goes back as a deliver_sm to a receiver bind of the account once its status is final (kept while
 * none is bound, until the message's ttl). Refusals are command statuses; a PDU it cannot read is
 * answered generic_nack by the session; nothing is half-stored.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../../logger.js';
import type { Pdu, RefusedDestination } from '../../protocols/smpp/codec.js';
import {
  formatReceiptText,
  type ReceiptIdFormat,
  receiptIdAs,
  STATE_OF_STAT,
} from '../../domain/delivery-receipt.js';
import { parseAccountSettings } from '../../domain/account-settings.js';
import { encodeGsm7, encodeUcs2, isGsmText } from '../../domain/gsm.js';
import {
  forgetStaleInbound,
  inboundDelivered,
  type OwedInboundRow,
  owedInboundFor,
} from '../../services/smpp-inbound.js';
import { ESM_CLASS, STATUS, TLV } from '../../protocols/smpp/ids.js';
import { SmppSession } from '../../protocols/smpp/session.js';
import type { ServiceContext } from '../../services/context.js';
import { type ErrorKind, ServiceError } from '../../services/errors.js';
import { sendSms } from '../../services/send-sms.js';
import { MAX_TTL_MINUTES } from '../../services/prepare-sms.js';
import { parseSmppTime } from '../../protocols/smpp/time.js';
import { authenticateSmppBind, type SmppBindRefusal } from '../../services/smpp-credentials.js';
import { addSegment, forgetIncompleteSets, forgetSet } from '../../services/smpp-segments.js';
import {
  finalReceiptsOwed,
  forgetStaleReceipts,
  type OwedReceipt,
  OwedReceipts,
  receiptAcknowledged,
} from '../../services/smpp-receipts.js';
import type { Account as AccountRow } from '../../services/account.js';
import { submitText } from './submit-text.js';

type BindMode = 'transmitter' | 'receiver' | 'transceiver';

const BIND_MODE: Partial<Record<Pdu['command'], BindMode>> = {
  bind_transmitter: 'transmitter',
  bind_receiver: 'receiver',
  bind_transceiver: 'transceiver',
};

const BIND_REFUSAL: Record<SmppBindRefusal, number> = {
  'unknown-system-id': STATUS.ESME_RINVSYSID,
  'wrong-password': STATUS.ESME_RINVPASWD,
  'address-not-allowed': STATUS.ESME_RBINDFAIL,
  'account-disabled': STATUS.ESME_RBINDFAIL,
};

/** The command status of a refused submission, by the use case's kind of refusal. */
const SUBMIT_REFUSAL: Partial<Record<ErrorKind, number>> = {
  'invalid-sender': STATUS.ESME_RINVSRCADR,
  'invalid-recipients': STATUS.ESME_RINVDSTADR,
  'unsupported-destination': STATUS.ESME_RINVDSTADR,
  'no-recipients': STATUS.ESME_RINVDSTADR,
  // SMPP 3.4 has no status for an empty balance: Kannel and Jasmin answer a failed submission.
  'insufficient-balance': STATUS.ESME_RSUBMITFAIL,
  validation: STATUS.ESME_RSUBMITFAIL,
};

/** A refused field names the status: the destination, the source, the text. */
const FIELD_REFUSAL: Record<string, number> = {
  to: STATUS.ESME_RINVDSTADR,
  from: STATUS.ESME_RINVSRCADR,
  body: STATUS.ESME_RINVMSGLEN,
};

function submitRefusal(err: ServiceError): number {
  for (const field of Object.keys(err.properties)) {
    const status = FIELD_REFUSAL[field];
    if (status !== undefined) return status;
  }
  return SUBMIT_REFUSAL[err.kind] ?? STATUS.ESME_RSUBMITFAIL;
}

/**
 * A submission's schedule_delivery_time (when it is due; one in the past is due now) and
 * validity_period (its ttl from then, whole minutes, at most the longest ttl), or the refusal.
 */
function deliveryTimes(
  pdu: Pdu,
  now: number,
): { sendAt?: number; ttlMinutes?: number } | { refused: number } {
  const sendAt = parseSmppTime(String(pdu.fields.schedule_delivery_time ?? ''), now);
  if (sendAt === 'invalid') return { refused: STATUS.ESME_RINVSCHED };
  const until = parseSmppTime(String(pdu.fields.validity_period ?? ''), now);
  const from = Math.max(now, sendAt ?? now);
  if (until === 'invalid' || (until !== null && until <= from)) return { refused: STATUS.ESME_RINVEXPIRY };
  return {
    ...(sendAt !== null && sendAt > now && { sendAt }),
    ...(until !== null && { ttlMinutes: Math.min(MAX_TTL_MINUTES, Math.ceil((until - from) / 60_000)) }),
  };
}

/** What the server says of itself in bind responses. */
const SYSTEM_ID = 'Herald';

class ClientBind {
  account: AccountRow | undefined;
  mode: BindMode | undefined;
  /** How this bind's receipts write their ids: the account's setting when it bound. */
  receiptIdFormat: ReceiptIdFormat | undefined;
  private binding = false;
  /** Submissions being stored now, and the tokens of this second (a bucket of `smppClientTps`). */
  private inFlight = 0;
  private tokens: number;
  private refilledAt: number;
  readonly session: SmppSession;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly logger: Logger,
    socket: net.Socket,
    private readonly owed: OwedReceipts,
  ) {
    this.session = new SmppSession(socket, { onRequest: (pdu) => void this.onRequest(pdu) });
    this.tokens = ctx.config.smppClientTps;
    this.refilledAt = Date.now();
    socket.on('error', (err) => this.logger.debug({ err: err.message }, 'SMPP client connection error'));
  }

  private async onRequest(pdu: Pdu): Promise<void> {
    try {
      const mode = BIND_MODE[pdu.command];
      if (mode) return await this.bind(pdu, mode);
      if (pdu.command === 'unbind') {
        this.session.respond(pdu, STATUS.ESME_ROK);
        this.session.socket.end();
        return;
      }
      // data_sm carries its text in message_payload; it is taken as a submission too.
      if (pdu.command === 'submit_sm' || pdu.command === 'data_sm' || pdu.command === 'submit_multi')
        return await this.submit(pdu);
      // Answers the client sends to requests of ours, and commands not served yet.
      if (!pdu.command.endsWith('_resp')) this.session.respond(pdu, STATUS.ESME_RINVCMDID);
    } catch (err) {
      this.logger.error({ err, command: pdu.command }, 'SMPP request failed');
      this.session.respond(pdu, STATUS.ESME_RSYSERR);
    }
  }

  private async bind(pdu: Pdu, mode: BindMode): Promise<void> {
    if (this.account || this.binding) return this.session.respond(pdu, STATUS.ESME_RALYBND);
    this.binding = true;
    try {
      const outcome = await authenticateSmppBind(this.ctx, {
        systemId: String(pdu.fields.system_id ?? ''),
        password: String(pdu.fields.password ?? ''),
        remoteAddress: this.session.socket.remoteAddress,
      });
      if ('refused' in outcome) {
        this.logger.info({ systemId: pdu.fields.system_id, refused: outcome.refused }, 'SMPP bind refused');
        return this.session.respond(pdu, BIND_REFUSAL[outcome.refused]);
      }
      this.account = outcome.account;
      this.mode = mode;
      this.receiptIdFormat = parseAccountSettings(outcome.account.settings).smppReceiptIdFormat;
      this.session.respond(pdu, STATUS.ESME_ROK, { system_id: SYSTEM_ID });
    } finally {
      this.binding = false;
    }
  }

  private async submit(pdu: Pdu): Promise<void> {
    if (!this.account || this.mode === 'receiver') return this.session.respond(pdu, STATUS.ESME_RINVBNDSTS);
    // A submit_multi costs one message per destination (at most a second's worth).
    const cost = pdu.command === 'submit_multi' ? Math.max(1, pdu.destinations?.length ?? 0) : 1;
    if (!this.admit(cost)) return this.session.respond(pdu, STATUS.ESME_RTHROTTLED);
    try {
      if (pdu.command === 'submit_multi') await this.acceptMulti(pdu, this.account);
      else await this.accept(pdu, this.account);
    } finally {
      this.inFlight--;
    }
  }

  /** Whether a submission of `cost` messages fits the bind's window and rate; counts it in when it does. */
  private admit(cost: number): boolean {
    const { smppClientWindow: window, smppClientTps: tps } = this.ctx.config;
    const now = Date.now();
    this.tokens = Math.min(tps, this.tokens + ((now - this.refilledAt) * tps) / 1000);
    this.refilledAt = now;
    const needed = Math.min(cost, tps);
    if (this.inFlight >= window || this.tokens < needed) return false;
    this.tokens -= needed;
    this.inFlight++;
    return true;
  }

  private async accept(pdu: Pdu, account: AccountRow): Promise<void> {
    const outcome = await this.storeSubmission(pdu, account);
    if ('refused' in outcome) this.session.respond(pdu, outcome.refused);
    else this.session.respond(pdu, STATUS.ESME_ROK, { message_id: outcome.answered });
  }

  /**
   * submit_multi: each address is a submission of its own (a distribution list is refused), stored
   * in turn; the answer's message_id is the first stored one's, and a receipt of any destination is
   * written with that id (the destination tells them apart); the refused ones are listed with their
   * status. When none is stored, the answer carries the first refusal's status.
   */
  private async acceptMulti(pdu: Pdu, account: AccountRow): Promise<void> {
    const destinations = pdu.destinations ?? [];
    const refused: RefusedDestination[] = [];
    let first: string | undefined;
    for (const [i, d] of destinations.entries()) {
      if ('list' in d) {
        refused.push({ ton: 0, npi: 0, address: d.list, status: STATUS.ESME_RINVDLNAME });
        continue;
      }
      const one: Pdu = {
        ...pdu,
        command: 'submit_sm',
        fields: { ...pdu.fields, dest_addr_ton: d.ton, dest_addr_npi: d.npi, destination_addr: d.address },
      };
      const answer = first;
      const receiptId = answer === undefined ? undefined : (own: string) => multiReceiptId(answer, i, own);
      const outcome = await this.storeSubmission(one, account, receiptId);
      if ('refused' in outcome) refused.push({ ...d, status: outcome.refused });
      else first ??= outcome.answered;
    }
    if (first === undefined)
      return this.session.respond(
        pdu,
        refused[0]?.status ?? STATUS.ESME_RINVNUMDESTS,
        {},
        { unsuccess: refused },
      );
    this.session.respond(pdu, STATUS.ESME_ROK, { message_id: first }, { unsuccess: refused });
  }

  /**
   * Stores one submission (a whole message, or a part kept until its set is complete): the id it is
   * answered with, or the status it is refused with. `receiptIdOf` names the receipt it owes (a
   * submit_multi's destinations after the first); by default, the id it was answered with.
   */
  private async storeSubmission(
    pdu: Pdu,
    account: AccountRow,
    receiptIdOf?: ((answered: string) => string) | undefined,
  ): Promise<{ answered: string } | { refused: number }> {
    const text = submitText(pdu);
    if (!text.ok)
      return { refused: text.problem === 'udh' ? STATUS.ESME_RINVESMCLASS : STATUS.ESME_RSUBMITFAIL };
    const times = deliveryTimes(pdu, this.ctx.clock());
    if ('refused' in times) return times;
    let body = text.body;
    let id: string | undefined;
    let setKey: string | undefined;
    /** The ids the client gets: the message's, or one per part (the first part's is the message's). */
    let answered = (messageId: string) => messageId;
    let partIds = (messageId: string): string[] => [messageId];
    if (text.segment) {
      // A part of a concatenated message: kept and answered at once; the last one sends the message.
      const { ref, total, seq } = text.segment;
      const key = `${text.from}|${text.to}|${ref}|${total}`;
      const receipt = (Number(pdu.fields.registered_delivery ?? 0) & 0x03) !== 0;
      const part = await serially(key, () =>
        addSegment(this.ctx, account.id, { setKey: key, seq, total, body, receipt }),
      );
      answered = (messageId) => partId(messageId, seq);
      if (part.complete === null) return { answered: answered(part.messageId) };
      body = part.complete;
      id = part.messageId;
      setKey = key;
      partIds = (messageId) => part.receiptParts.map((n) => partId(messageId, n));
    }
    try {
      const accepted = await sendSms(
        this.ctx,
        account,
        {
          from: text.from,
          to: text.to,
          body,
          flash: text.flash,
          ...(times.ttlMinutes !== undefined && { ttlMinutes: times.ttlMinutes }),
        },
        { ...(id !== undefined && { id }), ...(times.sendAt !== undefined && { sendAt: times.sendAt }) },
      );
      // Asked for a receipt: owed durably before the answer, so a restart does not lose it; a
      // concatenated message owes one for each part that asked, under the id it was answered with.
      if (text.segment || Number(pdu.fields.registered_delivery ?? 0) & 0x03)
        await Promise.all(
          partIds(accepted.trackingId).map((r) =>
            this.owed.owe(account.id, accepted.trackingId, receiptIdOf ? receiptIdOf(r) : r),
          ),
        );
      return { answered: answered(accepted.trackingId) };
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      return { refused: submitRefusal(err) };
    } finally {
      if (setKey) await forgetSet(this.ctx, account.id, setKey);
    }
  }
}

/**
 * The id a part of a concatenated message is answered with: the message's for the first part, the
 * message's with `:n` for the n-th (clients such as Kannel match one receipt to each part's id).
 */
function partId(messageId: string, seq: number): string {
  return seq === 1 ? messageId : `${messageId}:${seq}`;
}

/**
 * The receipt key of a submit_multi's destination after the first: the answer's id, written in the
 * receipt, then `~` and the destination's place and its own id, which keep the keys apart.
 */
function multiReceiptId(answered: string, place: number, own: string): string {
  return `${answered}~${place}~${own}`;
}

/** Work on one key at a time (the parts of one set, which may come on several binds at once). */
const queues = new Map<string, Promise<unknown>>();
function serially<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = queues.get(key) ?? Promise.resolve();
  const mine = before.then(work, work);
  const tail = mine.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return mine;
}

/** How often receipts of final messages are looked for, and stale ones forgotten. */
const RECEIPTS_EVERY_MS = 250;
const STALE_EVERY_MS = 60_000;

const digits = (n: string) => n.replace(/^\+/, '');

/**
 * A receipt as SMPP 3.4 writes it (Appendix B text, receipted_message_id and message_state TLVs),
 * its id in the account's chosen format.
 */
function receiptPdu(r: OwedReceipt, format: ReceiptIdFormat | undefined): Omit<Pdu, 'sequence' | 'status'> {
  // A submit_multi destination's key carries more after '~' (multiReceiptId): the id is before it.
  const id = receiptIdAs(r.receiptId.split('~')[0]!, format);
  return {
    command: 'deliver_sm',
    fields: {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: digits(r.recipient),
      dest_addr_ton: /^\+?\d+$/.test(r.sender) ? 1 : 5,
      dest_addr_npi: 1,
      destination_addr: digits(r.sender),
      esm_class: ESM_CLASS.receipt,
      data_coding: 0,
    },
    shortMessage: Buffer.from(
      formatReceiptText({
        id,
        stat: r.stat,
        err: r.err,
        submitDate: new Date(r.submittedAt),
        doneDate: new Date(r.doneAt),
        text: r.text,
      }),
      'latin1',
    ),
    tlvs: [
      { tag: TLV.receipted_message_id, value: Buffer.from(`${id}\0`, 'latin1') },
      { tag: TLV.message_state, value: Buffer.from([STATE_OF_STAT[r.stat]]) },
    ],
  };
}

/** The most octets short_message carries; a longer text goes in message_payload. */
const SHORT_MESSAGE_MAX = 254;

/** A handset's message to one of the account's numbers, as a deliver_sm (GSM 03.38 or UCS-2). */
function inboundPdu(m: OwedInboundRow): Omit<Pdu, 'sequence' | 'status'> {
  const gsm = isGsmText(m.body);
  const text = gsm ? encodeGsm7(m.body) : encodeUcs2(m.body);
  const long = text.length > SHORT_MESSAGE_MAX;
  return {
    command: 'deliver_sm',
    fields: {
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: digits(m.sender),
      dest_addr_ton: /^\+?\d{9,}$/.test(m.recipient) ? 1 : 0,
      dest_addr_npi: 1,
      destination_addr: digits(m.recipient),
      esm_class: 0,
      data_coding: gsm ? 0 : 8,
    },
    shortMessage: long ? Buffer.alloc(0) : text,
    tlvs: long ? [{ tag: TLV.message_payload, value: text }] : [],
  };
}

export class SmppServer {
  /** The plain and the TLS listeners (either may be off): the same binds behind both. */
  private readonly servers: net.Server[] = [];
  private readonly clients = new Set<ClientBind>();
  private readonly owed: OwedReceipts;
  /** Receipts and inbound messages sent and not yet acknowledged (not sent again meanwhile). */
  private readonly sending = new Set<string>();
  private receiptTimer: NodeJS.Timeout | undefined;
  private staleTimer: NodeJS.Timeout | undefined;
  private looking = false;
  private turn = 0;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly logger: Logger,
  ) {
    this.owed = new OwedReceipts(ctx);
  }

  private readonly onConnection = (socket: net.Socket) => {
    const client = new ClientBind(this.ctx, this.logger, socket, this.owed);
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
  };

  /** Listens in plain TCP; answers the port (0 asks the system for a free one). */
  listen(port: number, host: string): Promise<number> {
    return this.serve(net.createServer(this.onConnection), port, host);
  }

  /** Listens in TLS with this certificate and key (PEM); answers the port. */
  listenTls(port: number, host: string, tlsOptions: { cert: Buffer; key: Buffer }): Promise<number> {
    const server = tls.createServer(tlsOptions, this.onConnection);
    // A client that fails the handshake is no bind: logged, nothing else.
    server.on('tlsClientError', (err) =>
      this.logger.debug({ err: err.message }, 'SMPP TLS handshake failed'),
    );
    return this.serve(server, port, host);
  }

  private serve(server: net.Server, port: number, host: string): Promise<number> {
    this.servers.push(server);
    if (!this.receiptTimer) this.startTimers();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  }

  private startTimers(): void {
    this.receiptTimer = setInterval(() => void this.sendReceipts(), RECEIPTS_EVERY_MS);
    this.staleTimer = setInterval(
      () =>
        void Promise.all([
          forgetStaleReceipts(this.ctx),
          forgetIncompleteSets(this.ctx),
          forgetStaleInbound(this.ctx),
        ]).catch((err: unknown) =>
          this.logger.error({ err }, 'forgetting stale SMPP receipts and parts failed'),
        ),
      STALE_EVERY_MS,
    );
    this.receiptTimer.unref();
    this.staleTimer.unref();
  }

  /** The binds that take deliver_sm (receiver and transceiver), by account. */
  private receivers(): Map<string, ClientBind[]> {
    const by = new Map<string, ClientBind[]>();
    for (const c of this.clients)
      if (c.account && c.mode !== 'transmitter' && !c.session.closed)
        by.set(c.account.id, [...(by.get(c.account.id) ?? []), c]);
    return by;
  }

  /** Sends the receipts owed to accounts with a receiver bind here; each is forgotten once acknowledged. */
  private async sendReceipts(): Promise<void> {
    if (this.looking) return;
    const receivers = this.receivers();
    if (receivers.size === 0) return;
    this.looking = true;
    try {
      for (const r of await finalReceiptsOwed(this.ctx, [...receivers.keys()]))
        this.handOut(receivers.get(r.accountId)!, r.receiptId, 'receipt', {
          pdu: (bind) => receiptPdu(r, bind.receiptIdFormat),
          delivered: () => receiptAcknowledged(this.ctx, r.receiptId),
        });
      for (const m of await owedInboundFor(this.ctx, [...receivers.keys()]))
        this.handOut(receivers.get(m.accountId)!, `mo:${m.id}`, 'inbound message', {
          pdu: () => inboundPdu(m),
          delivered: () => inboundDelivered(this.ctx, m.id),
        });
    } catch (err) {
      this.logger.error({ err }, 'sending SMPP receipts failed');
    } finally {
      this.looking = false;
    }
  }

  /**
   * Sends one owed deliver_sm (a receipt, an inbound message) to one of the account's receiver binds
   * in turn, unless it is on its way already; `delivered` records it once the bind acknowledged it.
   */
  private handOut(
    binds: ClientBind[],
    key: string,
    what: string,
    owed: { pdu(bind: ClientBind): Omit<Pdu, 'sequence' | 'status'>; delivered(): Promise<void> },
  ): void {
    if (this.sending.has(key)) return;
    const bind = binds[this.turn++ % binds.length]!;
    this.sending.add(key);
    const sent = bind.session.request(owed.pdu(bind), (response) => {
      const acknowledged = response !== null && response.status === STATUS.ESME_ROK;
      void (acknowledged ? owed.delivered() : Promise.resolve())
        .catch((err: unknown) => this.logger.error({ err }, `recording an SMPP ${what} failed`))
        .finally(() => this.sending.delete(key));
    });
    if (!sent) this.sending.delete(key);
  }

  /** Stops listening and closes every client's connection. */
  async close(): Promise<void> {
    clearInterval(this.receiptTimer);
    clearInterval(this.staleTimer);
    for (const c of this.clients) c.session.close();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    await this.owed.drain();
  }
}
