/**
 * One voice call: SIP signalling through the UAC, the prompt streamed as G.711 in 20 ms RTP packets
 * on the shared media clock, RFC 4733 digits collected during the prompt and for the await time after
 * it, then hang up. Resolves with what happened (Routee's voice statuses).
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import type { CallRequest } from '../carriers/carrier.js';
import type { SipUac } from '../carriers/sip/uac.js';
import { sdpOffer } from '../carriers/sip/sdp.js';
import { mulawToAlaw } from './g711.js';
import type { MediaClock } from './media-clock.js';
import { DtmfCollector, readRtp } from './rtp.js';

export type VoiceStatus =
  'Initiated' | 'Ringing' | 'InProgress' | 'Completed' | 'Busy' | 'NoAnswer' | 'Failed';

/** One call: the carrier contract's request (src/carriers/carrier.ts), and where RTP flows from. */
export interface VoiceCallOptions extends CallRequest {
  /** Interface for RTP (the trunk must reach it). */
  mediaHost?: string;
}

export interface VoiceCallResult {
  status: 'Completed' | 'Busy' | 'NoAnswer' | 'Failed';
  answeredAt: number | null;
  endedAt: number;
  /** Answered time in ms (billing). */
  durationMs: number;
  digits: string;
  packetsSent: number;
  sipStatus?: number;
  reason?: string;
}

const SAMPLES_PER_PACKET = 160;

export async function placeCall(
  uac: SipUac,
  clock: MediaClock,
  o: VoiceCallOptions,
): Promise<VoiceCallResult> {
  const host = o.mediaHost ?? '127.0.0.1';
  const rtp = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => rtp.bind(0, host, resolve));
  const dtmf = new DtmfCollector();
  let eventPt: number | null = null;
  rtp.on('message', (data) => {
    const p = readRtp(data);
    if (p && eventPt !== null && p.payloadType === eventPt) dtmf.push(p);
  });
  const call = uac.call({
    from: o.from,
    to: o.to,
    sdp: sdpOffer({ ip: host, port: rtp.address().port, sessionId: Date.now() % 1e9 }),
    answerTimeoutMs: o.answerTimeoutMs,
  });
  o.onProgress?.('Initiated');
  let packetsSent = 0;
  let stopMedia: (() => void) | undefined;
  let awaitTimer: NodeJS.Timeout | undefined;
  call.on('progress', (s: 'Initiated' | 'Ringing') => {
    if (s === 'Ringing') o.onProgress?.('Ringing');
  });
  call.on(
    'answered',
    (media: {
      ip: string;
      port: number;
      codec: 'PCMU' | 'PCMA';
      payloadType: number;
      eventPayloadType: number | null;
    }) => {
      o.onProgress?.('InProgress');
      eventPt = media.eventPayloadType;
      const audio = media.codec === 'PCMA' ? mulawToAlaw(o.prompt) : o.prompt;
      const ssrc = randomBytes(4).readUInt32BE(0);
      const seq0 = randomBytes(2).readUInt16BE(0);
      const ts0 = randomBytes(4).readUInt32BE(0);
      const packets = Math.ceil(audio.length / SAMPLES_PER_PACKET);
      const silence = media.codec === 'PCMA' ? 0xd5 : 0xff;
      stopMedia = clock.add({
        send: (k) => {
          if (k >= packets) return false;
          // One allocation per packet: header and payload written in place.
          const packet = Buffer.allocUnsafe(12 + SAMPLES_PER_PACKET);
          packet[0] = 0x80;
          packet[1] = (k === 0 ? 0x80 : 0) | (media.payloadType & 0x7f);
          packet.writeUInt16BE((seq0 + k) & 0xffff, 2);
          packet.writeUInt32BE((ts0 + k * SAMPLES_PER_PACKET) >>> 0, 4);
          packet.writeUInt32BE(ssrc, 8);
          const copied = audio.copy(packet, 12, k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET);
          if (copied < SAMPLES_PER_PACKET) packet.fill(silence, 12 + copied);
          rtp.send(packet, media.port, media.ip);
          packetsSent++;
          return k + 1 < packets;
        },
        done: () => {
          // The prompt has been played: wait for digits, or hang up now.
          awaitTimer = setTimeout(() => call.hangUp(), o.collectDtmf ? o.dtmfAwaitMs : 200);
        },
      });
    },
  );
  const end = await new Promise<Parameters<typeof toResult>[0]>((resolve) => call.once('ended', resolve));
  clearTimeout(awaitTimer);
  stopMedia?.();
  rtp.close();
  return toResult(end, call.answeredAt, dtmf.digits.join(''), packetsSent);
}

function toResult(
  end: import('../carriers/sip/uac.js').CallEnd,
  answeredAt: number | null,
  digits: string,
  packetsSent: number,
): VoiceCallResult {
  const endedAt = Date.now();
  const base = {
    answeredAt,
    endedAt,
    durationMs: answeredAt ? endedAt - answeredAt : 0,
    digits,
    packetsSent,
  };
  switch (end.kind) {
    case 'completed':
      return { ...base, status: 'Completed' };
    case 'busy':
      return { ...base, status: 'Busy', sipStatus: end.sipStatus };
    case 'no-answer':
      return { ...base, status: 'NoAnswer' };
    case 'failed':
      return { ...base, status: 'Failed', sipStatus: end.sipStatus, reason: end.reason };
  }
}
