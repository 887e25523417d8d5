/**
 * The callee simulator (`herald callee-sim`): a SIP user agent server on UDP that plays the phones of a
 * voice campaign. Per number pattern it answers after a delay, is busy, rejects, or never answers
 * (until CANCEL); it can demand digest authentication like a trunk; when it answers it records the RTP
 * audio it receives (so tests can check the prompt arrived: duration and energy) and sends DTMF digits
 * by RFC 4733.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { verifyDigest } from '../../carriers/sip/digest.js';
import {
  header,
  headers,
  parseSip,
  serialiseSip,
  type SipMessage,
  uriHostPort,
} from '../../carriers/sip/message.js';
import { parseSdpAnswer, PT_EVENT, PT_PCMU } from '../../carriers/sip/sdp.js';
import { readRtp, writeRtp, writeTelephoneEvent } from '../../voice/rtp.js';

export interface CalleeRule {
  /** Called numbers (digits, no '+') starting with this. */
  match: string;
  behaviour: 'answer' | 'busy' | 'no-answer' | 'reject';
  answerAfterMs?: number;
  /** Digits to press once answered, and when. */
  dtmf?: string;
  dtmfAfterMs?: number;
  /** Hang up this long after answering (the caller hangs up otherwise). */
  hangupAfterMs?: number;
}

export interface CalleeOptions {
  host?: string;
  port?: number;
  rules?: CalleeRule[];
  /** Behaviour for numbers no rule matches. */
  defaultRule?: Omit<CalleeRule, 'match'>;
  auth?: { username: string; password: string; realm?: string };
}

export interface CalleeCall {
  callId: string;
  to: string;
  from: string;
  outcome: 'answered' | 'busy' | 'rejected' | 'cancelled' | 'pending';
  answeredAt: number | null;
  endedAt: number | null;
  endedBy: 'caller' | 'callee' | null;
  /** μ-law payload bytes received, in order. */
  audio: Buffer[];
  audioPackets: number;
  codecs: string;
  digitsSent: string;
}

interface Live {
  call: CalleeCall;
  invite: SipMessage;
  toTag: string;
  rtp?: dgram.Socket;
  timers: NodeJS.Timeout[];
  okMessage?: SipMessage;
  acked?: boolean;
  source: { host: string; port: number };
}

export class CalleeSimulator extends EventEmitter {
  private socket: dgram.Socket | undefined;
  private readonly live = new Map<string, Live>();
  readonly calls: CalleeCall[] = [];
  private readonly nonces = new Set<string>();
  port = 0;

  constructor(private readonly options: CalleeOptions = {}) {
    super();
  }

  async start(): Promise<number> {
    const socket = dgram.createSocket('udp4');
    this.socket = socket;
    socket.on('message', (data, rinfo) => this.onMessage(data, { host: rinfo.address, port: rinfo.port }));
    await new Promise<void>((resolve) =>
      socket.bind(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve),
    );
    this.port = socket.address().port;
    return this.port;
  }

  async stop(): Promise<void> {
    for (const l of this.live.values()) this.close(l);
    this.live.clear();
    await new Promise<void>((resolve) => (this.socket ? this.socket.close(() => resolve()) : resolve()));
  }

  private ruleFor(number: string): Omit<CalleeRule, 'match'> {
    return (
      this.options.rules?.find((r) => number.startsWith(r.match)) ??
      this.options.defaultRule ?? { behaviour: 'answer', answerAfterMs: 200 }
    );
  }

  private send(m: SipMessage, to: { host: string; port: number }): void {
    this.socket?.send(serialiseSip(m), to.port, to.host);
  }

  private reply(
    req: SipMessage,
    status: number,
    reason: string,
    to: { host: string; port: number },
    extra: Array<[string, string]> = [],
    body = '',
    toTag?: string,
  ): SipMessage {
    const toValue = header(req, 'to') ?? '';
    const m: SipMessage = {
      status,
      reason,
      headers: [
        ...headers(req, 'via').map((v): [string, string] => ['Via', v]),
        ['From', header(req, 'from') ?? ''],
        ['To', toTag && !/;tag=/.test(toValue) ? `${toValue};tag=${toTag}` : toValue],
        ['Call-ID', header(req, 'call-id') ?? ''],
        ['CSeq', header(req, 'cseq') ?? ''],
        ...extra,
      ],
      body,
    };
    this.send(m, to);
    return m;
  }

  private onMessage(data: Buffer, from: { host: string; port: number }): void {
    const m = parseSip(data);
    if (!m || m.status !== undefined) return;
    const callId = header(m, 'call-id') ?? '';
    const live = this.live.get(callId);
    switch (m.method) {
      case 'INVITE':
        if (live) {
          // A retransmission: answer with the latest final or provisional again.
          if (live.okMessage) this.send(live.okMessage, from);
          else this.reply(m, 180, 'Ringing', from, [], '', live.toTag);
          return;
        }
        this.onInvite(m, from);
        return;
      case 'ACK':
        if (live?.okMessage) live.acked = true;
        return;
      case 'CANCEL':
        this.reply(m, 200, 'OK', from);
        if (live && live.call.outcome === 'pending') {
          live.call.outcome = 'cancelled';
          live.call.endedAt = Date.now();
          live.call.endedBy = 'caller';
          this.reply(live.invite, 487, 'Request Terminated', live.source, [], '', live.toTag);
          this.finish(live);
        }
        return;
      case 'BYE':
        this.reply(m, 200, 'OK', from);
        if (live) {
          live.call.endedAt = Date.now();
          live.call.endedBy = 'caller';
          this.finish(live);
        }
        return;
      default:
        this.reply(m, 200, 'OK', from);
    }
  }

  private onInvite(m: SipMessage, from: { host: string; port: number }): void {
    const auth = this.options.auth;
    if (auth) {
      const presented = header(m, 'authorization');
      const nonce = /nonce="([^"]+)"/.exec(presented ?? '')?.[1];
      if (!presented || !nonce || !this.nonces.has(nonce)) {
        const fresh = randomBytes(8).toString('hex');
        this.nonces.add(fresh);
        this.reply(
          m,
          401,
          'Unauthorized',
          from,
          [
            [
              'WWW-Authenticate',
              `Digest realm="${auth.realm ?? 'herald.test'}", nonce="${fresh}", algorithm=MD5`,
            ],
          ],
          '',
          randomBytes(4).toString('hex'),
        );
        return;
      }
      if (!verifyDigest(presented, 'INVITE', auth.username, auth.password)) {
        this.reply(m, 403, 'Forbidden', from, [], '', randomBytes(4).toString('hex'));
        return;
      }
    }
    const to = uriHostPort(m.uri ?? '').host;
    const number = /^sips?:([^@;]+)@/.exec(m.uri ?? '')?.[1] ?? to;
    const call: CalleeCall = {
      callId: header(m, 'call-id') ?? '',
      to: number,
      from: header(m, 'from') ?? '',
      outcome: 'pending',
      answeredAt: null,
      endedAt: null,
      endedBy: null,
      audio: [],
      audioPackets: 0,
      codecs: '',
      digitsSent: '',
    };
    this.calls.push(call);
    const live: Live = { call, invite: m, toTag: randomBytes(4).toString('hex'), timers: [], source: from };
    this.live.set(call.callId, live);
    this.reply(m, 100, 'Trying', from);
    const rule = this.ruleFor(number);
    live.timers.push(
      setTimeout(() => {
        if (call.outcome !== 'pending') return;
        if (rule.behaviour === 'busy' || rule.behaviour === 'reject') {
          call.outcome = rule.behaviour === 'busy' ? 'busy' : 'rejected';
          call.endedAt = Date.now();
          this.reply(
            m,
            rule.behaviour === 'busy' ? 486 : 603,
            rule.behaviour === 'busy' ? 'Busy Here' : 'Decline',
            from,
            [],
            '',
            live.toTag,
          );
          this.finish(live);
          return;
        }
        this.reply(m, 180, 'Ringing', from, [], '', live.toTag);
        if (rule.behaviour === 'answer') {
          live.timers.push(setTimeout(() => void this.answer(live, rule), rule.answerAfterMs ?? 200));
        }
      }, 20),
    );
  }

  private async answer(live: Live, rule: Omit<CalleeRule, 'match'>): Promise<void> {
    const { call, invite } = live;
    if (call.outcome !== 'pending') return;
    const offer = parseSdpAnswer(invite.body);
    const rtp = dgram.createSocket('udp4');
    live.rtp = rtp;
    await new Promise<void>((resolve) => rtp.bind(0, '127.0.0.1', resolve));
    rtp.on('message', (data) => {
      const p = readRtp(data);
      if (!p) return;
      if (p.payloadType === PT_PCMU || p.payloadType === 8) {
        call.audio.push(Buffer.from(p.payload));
        call.audioPackets++;
      }
    });
    call.outcome = 'answered';
    call.answeredAt = Date.now();
    call.codecs = offer?.codec ?? '';
    const port = rtp.address().port;
    const sdp = [
      'v=0',
      `o=callee ${Date.now()} 1 IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${port} RTP/AVP ${PT_PCMU} ${PT_EVENT}`,
      `a=rtpmap:${PT_PCMU} PCMU/8000`,
      `a=rtpmap:${PT_EVENT} telephone-event/8000`,
      `a=fmtp:${PT_EVENT} 0-15`,
      'a=ptime:20',
      '',
    ].join('\r\n');
    live.okMessage = this.reply(
      invite,
      200,
      'OK',
      live.source,
      [
        ['Contact', `<sip:callee@127.0.0.1:${this.port}>`],
        ['Content-Type', 'application/sdp'],
      ],
      sdp,
      live.toTag,
    );
    // Retransmit the 200 until the ACK comes (T1 doubling), as a UAS must.
    let interval = 500;
    const again = () => {
      if (live.acked || call.endedAt) return;
      this.send(live.okMessage!, live.source);
      interval = Math.min(interval * 2, 4000);
      live.timers.push(setTimeout(again, interval));
    };
    live.timers.push(setTimeout(again, interval));
    if (rule.dtmf && offer) {
      live.timers.push(
        setTimeout(() => void this.sendDigits(live, rule.dtmf!, offer), rule.dtmfAfterMs ?? 500),
      );
    }
    if (rule.hangupAfterMs !== undefined) {
      live.timers.push(setTimeout(() => this.hangUp(live), rule.hangupAfterMs));
    }
  }

  private async sendDigits(live: Live, digits: string, media: { ip: string; port: number }): Promise<void> {
    const ssrc = randomBytes(4).readUInt32BE(0);
    let seq = 1;
    let ts = 1000;
    const send = (payload: Buffer, marker: boolean) =>
      live.rtp?.send(
        writeRtp({ payloadType: PT_EVENT, marker, sequence: seq++, timestamp: ts, ssrc, payload }),
        media.port,
        media.ip,
      );
    for (const digit of digits) {
      if (live.call.endedAt) return;
      for (let i = 0; i < 3; i++) {
        send(writeTelephoneEvent({ digit, end: false, volume: 10, duration: 160 * (i + 1) }), i === 0);
        await new Promise((r) => setTimeout(r, 20));
      }
      for (let i = 0; i < 3; i++)
        send(writeTelephoneEvent({ digit, end: true, volume: 10, duration: 640 }), false);
      live.call.digitsSent += digit;
      ts += 1600;
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  private hangUp(live: Live): void {
    if (live.call.endedAt) return;
    const invite = live.invite;
    const contact = header(invite, 'contact') ?? '';
    const target = uriHostPort(
      /<([^>]+)>/.exec(contact)?.[1] ?? `sip:${live.source.host}:${live.source.port}`,
    );
    const bye: SipMessage = {
      method: 'BYE',
      uri: /<([^>]+)>/.exec(contact)?.[1] ?? 'sip:herald@127.0.0.1',
      headers: [
        ['Via', `SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${randomBytes(8).toString('hex')}`],
        ['Max-Forwards', '70'],
        ['From', `${header(invite, 'to')};tag=${live.toTag}`],
        ['To', header(invite, 'from') ?? ''],
        ['Call-ID', live.call.callId],
        ['CSeq', '1 BYE'],
      ],
      body: '',
    };
    this.send(bye, target);
    live.call.endedAt = Date.now();
    live.call.endedBy = 'callee';
    this.finish(live);
  }

  private finish(live: Live): void {
    this.close(live);
    setTimeout(() => this.live.delete(live.call.callId), 5_000).unref();
    this.emit('ended', live.call);
  }

  private close(live: Live): void {
    for (const t of live.timers) clearTimeout(t);
    try {
      live.rtp?.close();
    } catch {
      /* already closed */
    }
    live.rtp = undefined;
  }
}
