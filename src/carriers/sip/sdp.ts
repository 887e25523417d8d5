/**
 * The SDP of an audio call: an offer of PCMU, PCMA and telephone-event, and what an answer chose.
 * Pure.
 */
export interface MediaOffer {
  ip: string;
  port: number;
  sessionId: number;
}

export const PT_PCMU = 0;
export const PT_PCMA = 8;
export const PT_EVENT = 101;

export function sdpOffer(o: MediaOffer): string {
  return [
    'v=0',
    `o=herald ${o.sessionId} ${o.sessionId} IN IP4 ${o.ip}`,
    's=Herald',
    `c=IN IP4 ${o.ip}`,
    't=0 0',
    `m=audio ${o.port} RTP/AVP ${PT_PCMU} ${PT_PCMA} ${PT_EVENT}`,
    `a=rtpmap:${PT_PCMU} PCMU/8000`,
    `a=rtpmap:${PT_PCMA} PCMA/8000`,
    `a=rtpmap:${PT_EVENT} telephone-event/8000`,
    `a=fmtp:${PT_EVENT} 0-15`,
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

export interface MediaAnswer {
  ip: string;
  port: number;
  codec: 'PCMU' | 'PCMA';
  payloadType: number;
  /** Payload type of telephone-event, when the answer accepted it. */
  eventPayloadType: number | null;
}

/** The first G.711 codec of the answer's audio line (its preference), or null when none was accepted. */
export function parseSdpAnswer(sdp: string): MediaAnswer | null {
  const lines = sdp.split(/\r?\n/);
  const c = lines.find((l) => l.startsWith('c=IN IP4 '));
  const m = lines.find((l) => l.startsWith('m=audio '));
  if (!c || !m) return null;
  const parts = m.split(/\s+/);
  const port = Number(parts[1]);
  const pts = parts.slice(3).map(Number);
  const rtpmap = new Map<number, string>();
  for (const l of lines) {
    const r = /^a=rtpmap:(\d+) ([^/]+)\//.exec(l);
    if (r) rtpmap.set(Number(r[1]), r[2]!.toUpperCase());
  }
  const nameOf = (pt: number) => rtpmap.get(pt) ?? (pt === 0 ? 'PCMU' : pt === 8 ? 'PCMA' : '');
  const audio = pts.find((pt) => nameOf(pt) === 'PCMU' || nameOf(pt) === 'PCMA');
  if (audio === undefined || !Number.isFinite(port) || port === 0) return null;
  const event = pts.find((pt) => nameOf(pt) === 'TELEPHONE-EVENT');
  return {
    ip: c.slice('c=IN IP4 '.length).trim(),
    port,
    codec: nameOf(audio) as 'PCMU' | 'PCMA',
    payloadType: audio,
    eventPayloadType: event ?? null,
  };
}
