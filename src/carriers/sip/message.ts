/**
 * SIP messages (RFC 3261): parsing and serialising requests and responses. Header names are kept as
 * received and looked up without case (compact forms included). Pure.
 */
export interface SipMessage {
  /** Set on requests. */
  method?: string;
  uri?: string;
  /** Set on responses. */
  status?: number;
  reason?: string;
  headers: Array<[string, string]>;
  body: string;
}

const COMPACT: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
};

function canonical(name: string): string {
  const n = name.toLowerCase();
  return COMPACT[n] ?? n;
}

export function header(m: SipMessage, name: string): string | undefined {
  const want = canonical(name);
  return m.headers.find(([n]) => canonical(n) === want)?.[1];
}

export function headers(m: SipMessage, name: string): string[] {
  const want = canonical(name);
  return m.headers.filter(([n]) => canonical(n) === want).map(([, v]) => v);
}

export function parseSip(data: Buffer | string): SipMessage | null {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  let body = split < 0 ? '' : text.slice(split + 4);
  const lines = head.split('\r\n');
  const start = lines.shift();
  if (!start) return null;
  const out: SipMessage = { headers: [], body: '' };
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(start);
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (response) {
    out.status = Number(response[1]);
    out.reason = response[2] ?? '';
  } else if (request) {
    out.method = request[1]!;
    out.uri = request[2]!;
  } else return null;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.headers.length > 0) {
      const last = out.headers[out.headers.length - 1]!;
      last[1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const length = header(out, 'content-length');
  if (length !== undefined && /^\d+$/.test(length))
    body = Buffer.from(body, 'utf8').subarray(0, Number(length)).toString('utf8');
  out.body = body;
  return out;
}

export function serialiseSip(m: SipMessage): Buffer {
  const start = m.method ? `${m.method} ${m.uri} SIP/2.0` : `SIP/2.0 ${m.status} ${m.reason ?? ''}`;
  const lines = [start];
  for (const [n, v] of m.headers) if (canonical(n) !== 'content-length') lines.push(`${n}: ${v}`);
  lines.push(`Content-Length: ${Buffer.byteLength(m.body, 'utf8')}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${m.body}`, 'utf8');
}

/** A header parameter (`;tag=…`, `;branch=…`). */
export function param(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const m = new RegExp(`;\\s*${name}=([^;>,\\s]+)`, 'i').exec(value);
  return m?.[1];
}

/** The URI inside a name-addr (`"x" <sip:a@b>;tag=1` → `sip:a@b`). */
export function addressUri(value: string): string {
  const m = /<([^>]+)>/.exec(value);
  return m ? m[1]! : value.split(';')[0]!.trim();
}

/** Host and port of a sip: URI. */
export function uriHostPort(uri: string): { host: string; port: number } {
  const m = /^sips?:(?:[^@]*@)?([^:;>]+)(?::(\d+))?/i.exec(uri);
  return { host: m?.[1] ?? '127.0.0.1', port: m?.[2] ? Number(m[2]) : 5060 };
}

export function cseqOf(m: SipMessage): { seq: number; method: string } {
  const [seq, method] = (header(m, 'cseq') ?? '0 NONE').split(/\s+/);
  return { seq: Number(seq), method: method ?? 'NONE' };
}
