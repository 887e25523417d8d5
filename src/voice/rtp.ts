/**
 * RTP (RFC 3550) packets without extensions or CSRCs, and RFC 4733 telephone events (DTMF). Pure.
 */
export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

export function writeRtp(p: RtpPacket): Buffer {
  const b = Buffer.alloc(12 + p.payload.length);
  b[0] = 0x80; // version 2
  b[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  b.writeUInt16BE(p.sequence & 0xffff, 2);
  b.writeUInt32BE(p.timestamp >>> 0, 4);
  b.writeUInt32BE(p.ssrc >>> 0, 8);
  p.payload.copy(b, 12);
  return b;
}

export function readRtp(b: Buffer): RtpPacket | null {
  if (b.length < 12 || b[0]! >> 6 !== 2) return null;
  const csrcs = b[0]! & 0x0f;
  let offset = 12 + csrcs * 4;
  if (b[0]! & 0x10) {
    if (b.length < offset + 4) return null;
    offset += 4 + b.readUInt16BE(offset + 2) * 4;
  }
  let end = b.length;
  if (b[0]! & 0x20) end -= b[b.length - 1]!;
  if (offset > end) return null;
  return {
    payloadType: b[1]! & 0x7f,
    marker: (b[1]! & 0x80) !== 0,
    sequence: b.readUInt16BE(2),
    timestamp: b.readUInt32BE(4),
    ssrc: b.readUInt32BE(8),
    payload: b.subarray(offset, end),
  };
}

const EVENT_DIGITS = '0123456789*#ABCD';

export interface TelephoneEvent {
  digit: string;
  end: boolean;
  volume: number;
  duration: number;
}

export function readTelephoneEvent(payload: Buffer): TelephoneEvent | null {
  if (payload.length < 4) return null;
  const event = payload[0]!;
  if (event >= EVENT_DIGITS.length) return null;
  return {
    digit: EVENT_DIGITS[event]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}

export function writeTelephoneEvent(e: TelephoneEvent): Buffer {
  const b = Buffer.alloc(4);
  b[0] = EVENT_DIGITS.indexOf(e.digit);
  b[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  b.writeUInt16BE(e.duration & 0xffff, 2);
  return b;
}

/**
 * Collects digits from RFC 4733 packets: an event counts once, when its end packet arrives (end
 * packets are sent three times; the repeats share the event's RTP timestamp).
 */
export class DtmfCollector {
  readonly digits: string[] = [];
  private lastEndTimestamp: number | null = null;

  push(packet: RtpPacket): string | null {
    const e = readTelephoneEvent(packet.payload);
    if (!e || !e.end) return null;
    if (this.lastEndTimestamp === packet.timestamp) return null;
    this.lastEndTimestamp = packet.timestamp;
    this.digits.push(e.digit);
    return e.digit;
  }
}
