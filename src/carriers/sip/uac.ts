/**
 * A small SIP user agent client over UDP for calling through a trunk (RFC 3261): INVITE with an SDP
 * offer, provisional responses, digest authentication (401/407), ACK for 2xx and non-2xx finals,
 * CANCEL when nobody answers in time, BYE either way, and the client transaction timers
 * (retransmission from T1 = 500 ms doubling, up to T2 = 4 s for non-INVITE; give up after 64 × T1).
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { digestResponse, parseChallenge } from './digest.js';
import {
  addressUri,
  cseqOf,
  header,
  headers,
  param,
  parseSip,
  serialiseSip,
  type SipMessage,
  uriHostPort,
} from './message.js';
import { type MediaAnswer, parseSdpAnswer } from './sdp.js';

export const T1 = 500;
export const T2 = 4000;

export interface TrunkConfig {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Domain in the From and request URIs (the trunk's host when absent). */
  domain?: string;
}

export interface CallRequest {
  /** Caller id (number or name). */
  from: string;
  /** E.164 number called. */
  to: string;
  sdp: string;
  /** Give up (CANCEL) when not answered within this many ms. */
  answerTimeoutMs: number;
}

export type CallEnd =
  | { kind: 'completed'; byRemote: boolean }
  | { kind: 'busy'; sipStatus: number }
  | { kind: 'no-answer' }
  | { kind: 'failed'; sipStatus: number; reason: string };

const tag = () => randomBytes(6).toString('hex');
const branch = () => `z9hG4bK${randomBytes(10).toString('hex')}`;

interface ClientTransaction {
  branch: string;
  method: string;
  onResponse(m: SipMessage): void;
  stop(): void;
}

/**
 * One outgoing call. Events: 'progress' (status: 'Initiated' | 'Ringing'), 'answered' (MediaAnswer),
 * 'ended' (CallEnd). `hangUp()` ends it from this side (CANCEL or BYE).
 */
export class SipCall extends EventEmitter {
  readonly callId = `${randomBytes(12).toString('hex')}@herald`;
  private readonly fromTag = tag();
  private toTag: string | undefined;
  private cseq = 1;
  private remoteTarget: string;
  private routeSet: string[] = [];
  private inviteTx: ClientTransaction | undefined;
  private inviteBranch = '';
  private inviteMessage: SipMessage | undefined;
  private state: 'calling' | 'early' | 'confirmed' | 'ending' | 'ended' = 'calling';
  private provisional = false;
  private cancelWanted = false;
  private answerTimer: NodeJS.Timeout | undefined;
  private authTried = false;
  private ackFor2xx: SipMessage | undefined;
  answeredAt: number | null = null;

  constructor(
    private readonly uac: SipUac,
    private readonly req: CallRequest,
  ) {
    super();
    this.remoteTarget = `sip:${req.to.replace(/^\+/, '')}@${uac.domain}`;
  }

  get requestUri(): string {
    return `sip:${this.req.to.replace(/^\+/, '')}@${this.uac.domain}`;
  }

  private fromHeader(): string {
    return `<sip:${this.req.from.replace(/[^\w.+-]/g, '') || 'anonymous'}@${this.uac.domain}>;tag=${this.fromTag}`;
  }

  private toHeader(): string {
    return `<${this.requestUri}>${this.toTag ? `;tag=${this.toTag}` : ''}`;
  }

  start(): void {
    this.sendInvite();
    this.answerTimer = setTimeout(() => this.giveUp(), this.req.answerTimeoutMs);
  }

  private sendInvite(authorization?: [string, string]): void {
    this.inviteBranch = branch();
    const m: SipMessage = {
      method: 'INVITE',
      uri: this.requestUri,
      headers: [
        ['Via', `SIP/2.0/UDP ${this.uac.localAddress};branch=${this.inviteBranch};rport`],
        ['Max-Forwards', '70'],
        ['From', this.fromHeader()],
        ['To', this.toHeader()],
        ['Call-ID', this.callId],
        ['CSeq', `${this.cseq} INVITE`],
        ['Contact', `<sip:herald@${this.uac.localAddress}>`],
        ['User-Agent', 'Herald'],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS'],
        ['Content-Type', 'application/sdp'],
        ...(authorization ? [authorization] : []),
      ],
      body: this.req.sdp,
    };
    this.inviteMessage = m;
    this.inviteTx = this.uac.inviteTransaction(
      m,
      (res) => this.onInviteResponse(res),
      () => this.end({ kind: 'failed', sipStatus: 408, reason: 'no response from the trunk' }),
    );
  }

  onInviteResponse(res: SipMessage): void {
    const status = res.status ?? 0;
    if (status < 200) {
      if (this.state === 'ending' || this.state === 'ended') return;
      this.provisional = true;
      if (status >= 180) {
        this.state = 'early';
        this.emit('progress', 'Ringing');
      } else this.emit('progress', 'Initiated');
      if (this.cancelWanted) this.sendCancel();
      return;
    }
    if (status < 300) {
      this.toTag = param(header(res, 'to'), 'tag');
      const contact = header(res, 'contact');
      if (contact) this.remoteTarget = addressUri(contact);
      this.routeSet = res.headers
        .filter(([n]) => n.toLowerCase() === 'record-route')
        .map(([, v]) => v)
        .reverse();
      this.sendAck2xx();
      if (this.state === 'confirmed') return; // a retransmitted 2xx: ACKed again above
      clearTimeout(this.answerTimer);
      if (this.state === 'ending' || this.cancelWanted) {
        // Answered while we were giving up: take the call and end it at once.
        this.state = 'confirmed';
        this.hangUp();
        return;
      }
      this.state = 'confirmed';
      this.answeredAt = Date.now();
      const media = parseSdpAnswer(res.body);
      if (!media) {
        this.hangUp();
        this.end({ kind: 'failed', sipStatus: 488, reason: 'the answer accepted no G.711 codec' });
        return;
      }
      this.emit('answered', media satisfies MediaAnswer);
      return;
    }
    // Final non-2xx: the transaction ACKs it.
    if ((status === 401 || status === 407) && !this.authTried && this.uac.trunk.username) {
      const challenge = parseChallenge(
        header(res, status === 401 ? 'www-authenticate' : 'proxy-authenticate') ?? '',
      );
      if (challenge) {
        this.authTried = true;
        this.cseq++;
        const value = digestResponse({
          method: 'INVITE',
          uri: this.requestUri,
          username: this.uac.trunk.username,
          password: this.uac.trunk.password ?? '',
          challenge,
        });
        this.sendInvite([status === 401 ? 'Authorization' : 'Proxy-Authorization', value]);
        return;
      }
    }
    clearTimeout(this.answerTimer);
    if (status === 487 && this.cancelWanted) this.end({ kind: 'no-answer' });
    else if (status === 486 || status === 600) this.end({ kind: 'busy', sipStatus: status });
    else if (status === 408 || status === 480) this.end({ kind: 'no-answer' });
    else this.end({ kind: 'failed', sipStatus: status, reason: res.reason ?? '' });
  }

  /** A request inside the dialog (ACK for the 2xx, BYE): to the remote target, through the route set. */
  private inDialogRequest(method: 'ACK' | 'BYE'): SipMessage {
    return {
      method,
      uri: this.remoteTarget,
      headers: [
        ['Via', `SIP/2.0/UDP ${this.uac.localAddress};branch=${branch()};rport`],
        ['Max-Forwards', '70'],
        ...this.routeSet.map((r): [string, string] => ['Route', r]),
        ['From', this.fromHeader()],
        ['To', this.toHeader()],
        ['Call-ID', this.callId],
        ['CSeq', `${this.cseq} ${method}`],
      ],
      body: '',
    };
  }

  private sendAck2xx(): void {
    this.ackFor2xx ??= this.inDialogRequest('ACK');
    this.uac.sendTo(this.ackFor2xx, this.remoteTarget);
  }

  private giveUp(): void {
    if (this.state === 'confirmed' || this.state === 'ended') return;
    this.cancelWanted = true;
    // CANCEL only once a provisional response came (RFC 3261 §9.1); otherwise when one comes.
    if (this.provisional) this.sendCancel();
    else setTimeout(() => this.state !== 'ended' && this.end({ kind: 'no-answer' }), 64 * T1).unref();
  }

  private sendCancel(): void {
    if (this.state === 'ending' || !this.inviteMessage) return;
    this.state = 'ending';
    const invite = this.inviteMessage;
    const cancel: SipMessage = {
      method: 'CANCEL',
      uri: invite.uri!,
      headers: [
        ['Via', header(invite, 'via')!],
        ['Max-Forwards', '70'],
        ['From', header(invite, 'from')!],
        ['To', header(invite, 'to')!],
        ['Call-ID', this.callId],
        ['CSeq', `${cseqOf(invite).seq} CANCEL`],
      ],
      body: '',
    };
    this.uac.nonInviteTransaction(cancel, () => undefined);
  }

  /** Ends the call from this side: BYE when answered, CANCEL while ringing. */
  hangUp(): void {
    if (this.state === 'ended') return;
    if (this.state !== 'confirmed') {
      this.giveUp();
      return;
    }
    this.state = 'ending';
    this.cseq++;
    const bye = this.inDialogRequest('BYE');
    this.uac.nonInviteTransaction(
      bye,
      () => this.end({ kind: 'completed', byRemote: false }),
      this.remoteTarget,
    );
  }

  /** A request inside this dialog (BYE from the callee, OPTIONS...). */
  onRequest(m: SipMessage): void {
    if (m.method === 'ACK') return;
    this.uac.respond(m, 200, 'OK');
    if (m.method === 'BYE' && this.state !== 'ended') this.end({ kind: 'completed', byRemote: true });
  }

  end(result: CallEnd): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    clearTimeout(this.answerTimer);
    this.inviteTx?.stop();
    this.uac.forget(this);
    this.emit('ended', result);
  }
}

export class SipUac {
  private socket: dgram.Socket | undefined;
  private readonly transactions = new Map<string, ClientTransaction>();
  private readonly calls = new Map<string, SipCall>();
  localAddress = '';

  constructor(
    readonly trunk: TrunkConfig,
    private readonly bind: { host: string; port: number } = { host: '127.0.0.1', port: 0 },
  ) {}

  get domain(): string {
    return this.trunk.domain ?? `${this.trunk.host}:${this.trunk.port}`;
  }

  get activeCalls(): number {
    return this.calls.size;
  }

  async start(): Promise<void> {
    const socket = dgram.createSocket('udp4');
    this.socket = socket;
    socket.on('message', (data) => this.onMessage(data));
    await new Promise<void>((resolve) => socket.bind(this.bind.port, this.bind.host, resolve));
    this.localAddress = `${this.bind.host}:${socket.address().port}`;
  }

  async stop(): Promise<void> {
    for (const call of [...this.calls.values()])
      call.end({ kind: 'failed', sipStatus: 503, reason: 'stopping' });
    for (const tx of this.transactions.values()) tx.stop();
    this.transactions.clear();
    await new Promise<void>((resolve) => (this.socket ? this.socket.close(() => resolve()) : resolve()));
    this.socket = undefined;
  }

  call(req: CallRequest): SipCall {
    const call = new SipCall(this, req);
    this.calls.set(call.callId, call);
    call.start();
    return call;
  }

  forget(call: SipCall): void {
    setTimeout(() => this.calls.delete(call.callId), 32_000).unref();
  }

  /** Sends to a URI's host and port, or to the trunk. */
  sendTo(m: SipMessage, uri?: string): void {
    const target = uri ? uriHostPort(uri) : { host: this.trunk.host, port: this.trunk.port };
    this.socket?.send(serialiseSip(m), target.port, target.host);
  }

  respond(req: SipMessage, status: number, reason: string): void {
    const m: SipMessage = {
      status,
      reason,
      headers: [
        ...headers(req, 'via').map((v): [string, string] => ['Via', v]),
        ['From', header(req, 'from') ?? ''],
        ['To', header(req, 'to') ?? ''],
        ['Call-ID', header(req, 'call-id') ?? ''],
        ['CSeq', header(req, 'cseq') ?? ''],
      ],
      body: '',
    };
    const via = header(req, 'via') ?? '';
    const sentBy = /SIP\/2\.0\/UDP ([^;\s]+)/i.exec(via)?.[1];
    this.sendTo(m, sentBy ? `sip:${sentBy}` : undefined);
  }

  /** INVITE client transaction: retransmits until a response, ACKs non-2xx finals, times out at 64 × T1. */
  inviteTransaction(
    m: SipMessage,
    onResponse: (r: SipMessage) => void,
    onTimeout: () => void,
  ): ClientTransaction {
    const b = param(header(m, 'via'), 'branch')!;
    let interval = T1;
    let retransmit: NodeJS.Timeout | undefined;
    let done = false;
    const resend = () => {
      this.sendTo(m);
      retransmit = setTimeout(resend, (interval *= 2));
    };
    const timeout = setTimeout(() => {
      tx.stop();
      onTimeout();
    }, 64 * T1);
    const tx: ClientTransaction = {
      branch: b,
      method: 'INVITE',
      onResponse: (r) => {
        clearTimeout(retransmit);
        clearTimeout(timeout);
        const status = r.status ?? 0;
        if (status >= 300) {
          // ACK for a non-2xx final: same branch, same request URI.
          this.sendTo({
            method: 'ACK',
            uri: m.uri!,
            headers: [
              ['Via', header(m, 'via')!],
              ['Max-Forwards', '70'],
              ['From', header(m, 'from')!],
              ['To', header(r, 'to') ?? header(m, 'to')!],
              ['Call-ID', header(m, 'call-id')!],
              ['CSeq', `${cseqOf(m).seq} ACK`],
            ],
            body: '',
          });
          if (done) return; // a retransmitted final: ACKed again, reported once
          done = true;
        }
        onResponse(r);
      },
      stop: () => {
        clearTimeout(retransmit);
        clearTimeout(timeout);
        setTimeout(() => this.transactions.delete(`${b}|INVITE`), 32_000).unref();
      },
    };
    this.transactions.set(`${b}|INVITE`, tx);
    this.sendTo(m);
    retransmit = setTimeout(resend, interval);
    return tx;
  }

  /** Non-INVITE client transaction (BYE, CANCEL): T1 doubling up to T2, gives up after 64 × T1. */
  nonInviteTransaction(m: SipMessage, onFinal: (r: SipMessage | null) => void, uri?: string): void {
    const b = param(header(m, 'via'), 'branch')!;
    let interval = T1;
    let retransmit: NodeJS.Timeout | undefined;
    const resend = () => {
      this.sendTo(m, uri);
      interval = Math.min(interval * 2, T2);
      retransmit = setTimeout(resend, interval);
    };
    const finish = (r: SipMessage | null) => {
      clearTimeout(retransmit);
      clearTimeout(timeout);
      this.transactions.delete(`${b}|${m.method}`);
      onFinal(r);
    };
    const timeout = setTimeout(() => finish(null), 64 * T1);
    // CANCEL shares its INVITE's branch: transactions are keyed by branch and method.
    this.transactions.set(`${b}|${m.method}`, {
      branch: b,
      method: m.method!,
      onResponse: (r) => {
        if ((r.status ?? 0) >= 200) finish(r);
        else {
          clearTimeout(retransmit);
          retransmit = setTimeout(resend, T2);
        }
      },
      stop: () => finish(null),
    });
    this.sendTo(m, uri);
    retransmit = setTimeout(resend, interval);
  }

  private onMessage(data: Buffer): void {
    const m = parseSip(data);
    if (!m) return;
    if (m.status !== undefined) {
      const b = param(header(m, 'via'), 'branch');
      const tx = b ? this.transactions.get(`${b}|${cseqOf(m).method}`) : undefined;
      if (tx) tx.onResponse(m);
      else if (cseqOf(m).method === 'INVITE' && (m.status ?? 0) >= 200 && (m.status ?? 0) < 300) {
        // A 2xx retransmitted after its transaction ended: the call ACKs it again.
        this.calls.get(header(m, 'call-id') ?? '')?.onInviteResponse(m);
      }
      return;
    }
    const call = this.calls.get(header(m, 'call-id') ?? '');
    if (call) call.onRequest(m);
    else if (m.method !== 'ACK') this.respond(m, 481, 'Call/Transaction Does Not Exist');
  }
}
