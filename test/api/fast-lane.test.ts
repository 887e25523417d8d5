/**
 * The fast lane answers plain `POST /sms` requests itself and hands every other connection to Node's
 * HTTP server: same answers either way, in order, on one keep-alive connection.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVerdict, type FastRoute } from '../../src/api/http/fast-lane.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A keep-alive connection that writes bytes as given and reads whole responses. */
class Connection {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;
  readonly socket: net.Socket;

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = net.connect(Number(port), hostname);
    this.socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    });
    this.socket.on('error', () => {});
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** The next response (interim 100 Continue answers included). */
  async read(timeoutMs = 3000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = this.parse();
      if (r) return r;
      if (this.closed || Date.now() > deadline) throw new Error(`no response: ${this.buf.toString()}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private parse(): RawResponse | undefined {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = this.buf.toString('latin1', 0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of lines)
      headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
    const status = Number(statusLine!.split(' ')[1]);
    const length = Number(headers['content-length'] ?? 0);
    if (this.buf.length < end + 4 + length) return undefined;
    const body = this.buf.toString('utf8', end + 4, end + 4 + length);
    this.buf = this.buf.subarray(end + 4 + length);
    return { status, headers, body };
  }

  close(): void {
    this.socket.destroy();
  }
}

async function waitUntil(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

const route: FastRoute = { path: '/sms', handle: async () => ({ status: 200, body: '{}' }) };
const routes = new Map([['/sms', route]]);

function verdictOf(head: string, body = '') {
  return readVerdict(Buffer.from(`${head}\r\n\r\n${body}`, 'latin1'), routes, 1000).kind;
}

describe('which requests the fast lane takes', () => {
  const plain = 'POST /sms HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 2';
  it('takes a plain JSON POST of a fast route', () => {
    expect(verdictOf(plain, '{}')).toBe('fast');
    expect(verdictOf(plain.replace('application/json', 'application/json; charset=UTF-8'))).toBe('fast');
    expect(verdictOf(`${plain}\r\nConnection: Keep-Alive\r\nAuthorization: Bearer x`)).toBe('fast');
  });
  it('waits for the end of the header block', () => {
    expect(readVerdict(Buffer.from('POST /sms HTTP/1.1\r\nHost: h\r\n'), routes, 1000).kind).toBe('wait');
  });
  it('leaves everything else to Node', () => {
    for (const head of [
      plain.replace('POST', 'GET'),
      plain.replace('/sms', '/sms/analyze'),
      plain.replace('/sms', '/sms?x=1'),
      plain.replace('/sms', 'http://h/sms'),
      plain.replace('HTTP/1.1', 'HTTP/1.0'),
      plain.replace('Host: h\r\n', ''),
      plain.replace('Content-Length: 2', 'Transfer-Encoding: chunked'),
      plain.replace('Content-Length: 2', 'Content-Length: 2\r\nContent-Length: 2'),
      plain.replace('Content-Length: 2', 'Content-Length: 1001'),
      plain.replace('Content-Length: 2', 'Content-Length: +2'),
      plain.replace('Content-Length: 2\r\n', '').replace(/\r\nContent-Length: 2$/, ''),
      `${plain}\r\nExpect: 100-continue`,
      `${plain}\r\nConnection: close`,
      `${plain}\r\nUpgrade: h2c`,
      `${plain}\r\nAccept: a\r\naccept: b`,
      `${plain}\r\n folded`,
      `${plain}\r\nBad Name: x`,
      plain.replace('application/json', 'text/plain'),
      plain.replace('application/json', 'application/x-www-form-urlencoded'),
      plain.replace('application/json', 'application/json; charset=latin1'),
      plain.replace('Content-Type: application/json\r\n', ''),
    ])
      expect([head, verdictOf(head)]).toEqual([head, 'node']);
    expect(verdictOf(`${plain}\r\nX-Big: ${'a'.repeat(17_000)}`)).toBe('node');
    // Bytes Node's parser refuses: a bare LF or CR inside the block (a header hidden behind it), control
    // characters in a value or the request line.
    for (const head of [
      plain.replace('Host: h', 'Host: h\nTransfer-Encoding: chunked'),
      plain.replace('Host: h', 'Host: h\rTransfer-Encoding: chunked'),
      `${plain}\r\nX-A: a\0b`,
      `${plain}\r\nX-A: a\x01b`,
      `${plain}\r\nX-A: a\x1bb`,
      `${plain}\r\nX-A: a\x7fb`,
      plain.replace('POST /sms', 'POST /sms\x0b'),
    ])
      expect([head, verdictOf(head)]).toEqual([head, 'node']);
    // A tab and bytes above 0x7f are allowed in values, by Node as by the lane.
    expect(verdictOf(`${plain}\r\nX-A: a\tb\xe9`)).toBe('fast');
    // Decided before the header block ends: not a POST, or bare line feeds.
    expect(readVerdict(Buffer.from('GET /health HT'), routes, 1000).kind).toBe('node');
    expect(readVerdict(Buffer.from('\x16\x03\x01'), routes, 1000).kind).toBe('node');
    expect(readVerdict(Buffer.from('POS'), routes, 1000).kind).toBe('wait');
    expect(readVerdict(Buffer.from('POST /sms HTTP/1.1\nHost: h\n\n'), routes, 1000).kind).toBe('node');
  });
});

describe('the fast lane in front of a running server', () => {
  let h: TestHerald;
  let token: string;
  let host: string;
  beforeAll(async () => {
    h = await startTestHerald();
    token = await h.token();
    host = new URL(h.url).host;
  });
  afterAll(async () => {
    await h.close();
  });

  const lane = () => h.herald.app.fastLane!;
  /** A request; `extra` header lines (a repeated header sends it through Node and Fastify instead). */
  const post = (body: string, extra = '', auth = `Authorization: Bearer ${token}\r\n`) =>
    `POST /sms HTTP/1.1\r\nHost: ${host}\r\n${auth}Content-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
  const viaFastify = 'Accept: */*\r\nAccept: */*\r\n';
  const comparable = (r: RawResponse) => {
    const body = JSON.parse(r.body) as Record<string, unknown>;
    if (typeof body.trackingId === 'string') body.trackingId = 'id';
    if (typeof body.createdAt === 'string') body.createdAt = 'date';
    if (typeof body.timestamp === 'string') body.timestamp = 'date';
    return {
      status: r.status,
      contentType: r.headers['content-type'],
      keepAlive: r.headers.connection,
      keys: Object.keys(body),
      body,
    };
  };

  it('answers as Fastify does, success and every kind of error', async () => {
    const cases: Array<[string, string?]> = [
      [JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'Héllo ☺ world' })],
      [
        JSON.stringify({
          from: 'Herald',
          to: '+306912345678',
          body: 'hi',
          label: 'l',
          flash: true,
          ttl: 60,
          callback: { url: 'http://127.0.0.1:1/cb', strategy: 'OnCompletion' },
        }),
      ],
      ['{"from": "Herald", "to": '],
      [''],
      [JSON.stringify({ from: 'Herald', body: 'no recipient' })],
      [JSON.stringify({ from: 'Herald', to: '12', body: 'bad number' })],
      [JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'x' }), ''],
      [
        JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'x' }),
        'Authorization: Bearer not-a-token\r\n',
      ],
    ];
    for (const [body, auth] of cases) {
      const before = lane().counters.answered;
      const c = new Connection(h.url);
      c.write(post(body, '', auth));
      const fast = await c.read();
      c.close();
      expect(lane().counters.answered).toBe(before + 1);
      const d = new Connection(h.url);
      d.write(post(body, viaFastify, auth));
      const slow = await d.read();
      d.close();
      expect(comparable(fast)).toEqual(comparable(slow));
    }
    expect(lane().counters.handedOver).toBeGreaterThanOrEqual(cases.length);
  });

  it('gives what Node gives to anything Node refuses, and to a client that half-closes', async () => {
    const plain = await startTestHerald('sqlite', { config: { httpFastLane: false } });
    const plainToken = await plain.token();
    try {
      const sms = JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'x' });
      const head = (extra: string) =>
        `POST /sms HTTP/1.1\r\nHost: ${host}\r\n${extra}Content-Type: application/json\r\n` +
        `Content-Length: ${sms.length}\r\n\r\n`;
      const cases: Array<[string, string, boolean]> = [
        ['bare LF hiding a header', head('X-A: 1\nTransfer-Encoding: chunked\r\n') + sms, false],
        ['bare CR', head('X-A: 1\rX-B: 2\r\n') + sms, false],
        ['NUL in a value', head('X-A: a\0b\r\n') + sms, false],
        ['control character in a value', head('X-A: a\x01b\r\n') + sms, false],
        ['DEL in a value', head('X-A: a\x7fb\r\n') + sms, false],
        ['half-close inside the body', head('') + sms.slice(0, 10), true],
        ['half-close inside the header block', `POST /sms HTTP/1.1\r\nHost: ${host}\r\nContent-Ty`, true],
        ['half-close after a whole request', head('Authorization: Bearer TOKEN\r\n') + sms, true],
        ['header block too large', head(`X-Big: ${'a'.repeat(20_000)}\r\n`) + sms, false],
      ];
      for (const [name, bytes, halfClose] of cases) {
        const answers: string[] = [];
        for (const [url, bearer] of [
          [h.url, token],
          [plain.url, plainToken],
        ] as const) {
          const before = lane().counters.answered;
          const c = new Connection(url);
          c.socket.write(Buffer.from(bytes.replace('TOKEN', bearer), 'latin1'));
          if (halfClose) c.socket.end();
          const started = Date.now();
          const r = await c.read();
          // Both close the connection at once (the lane held a half-closed socket 72 s).
          await waitUntil(() => c.closed, 1_000);
          expect([name, c.closed, Date.now() - started < 1_000]).toEqual([name, true, true]);
          const body = JSON.parse(r.body) as Record<string, unknown>;
          for (const k of ['trackingId', 'createdAt', 'timestamp']) if (k in body) body[k] = k;
          answers.push(JSON.stringify({ status: r.status, type: r.headers['content-type'], body }));
          if (!name.startsWith('half-close after'))
            expect([name, lane().counters.answered]).toEqual([name, before]);
        }
        expect([name, answers[0]]).toEqual([name, answers[1]]);
        // Errors in Routee's envelope, not Fastify's.
        const first = JSON.parse(answers[0]!) as { status: number; body: { code?: string } };
        if (first.status !== 200) expect([name, first.body.code]).toEqual([name, `${first.status}000000`]);
      }
    } finally {
      await plain.close();
    }
  });

  it('reads a large body arriving in many chunks, and answers it as Fastify does', async () => {
    const big = JSON.stringify({
      from: 'Herald',
      to: '+306912345678',
      body: 'x',
      label: 'y'.repeat(4_000_000),
    });
    const answers = [];
    for (const extra of ['', viaFastify]) {
      const c = new Connection(h.url);
      const bytes = Buffer.from(post(big, extra));
      for (let i = 0; i < bytes.length; i += 16_384) c.socket.write(bytes.subarray(i, i + 16_384));
      answers.push(comparable(await c.read(10_000)));
      c.close();
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(400);
    expect(answers[0]!.body.properties).toEqual({ label: 'size must be between 0 and 350' });
  });

  it('keeps answers in order when a request for Node follows on the same connection', async () => {
    const c = new Connection(h.url);
    const sms = JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'first' });
    const analyze = JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'two' });
    // Three requests in one write: the lane answers the first, Node the others (the connection is its own now).
    c.write(
      post(sms) +
        `POST /sms/analyze HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${analyze.length}\r\n\r\n${analyze}` +
        post(JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'third' })),
    );
    const [a, b, d] = [await c.read(), await c.read(), await c.read()];
    expect([a.status, b.status, d.status]).toEqual([200, 200, 200]);
    expect(JSON.parse(a.body).body).toBe('first');
    expect(JSON.parse(b.body).cost).toBeGreaterThan(0);
    expect(JSON.parse(d.body).body).toBe('third');
    c.write(`GET /accounts/me/balance HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    expect((await c.read()).status).toBe(200);
    c.close();
  });

  it('closes the connection after a body it could not parse, whatever follows it', async () => {
    const c = new Connection(h.url);
    c.write(post('{"from": ') + `GET /accounts/me/balance HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    const r = await c.read();
    expect(r.status).toBe(400);
    expect(r.headers.connection).toBe('close');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(c.closed).toBe(true);
  });

  it('hands chunked bodies and Expect: 100-continue to Node', async () => {
    const body = JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'chunked' });
    const c = new Connection(h.url);
    c.write(
      `POST /sms HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    const r = await c.read();
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).body).toBe('chunked');
    c.close();
    const e = new Connection(h.url);
    e.write(post(body, 'Expect: 100-continue\r\n').split('\r\n\r\n')[0] + '\r\n\r\n');
    expect((await e.read()).status).toBe(100);
    e.write(body);
    expect((await e.read()).status).toBe(200);
    e.close();
  });

  it('reads requests that arrive a few bytes at a time', async () => {
    const c = new Connection(h.url);
    const text = post(JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'slow' }));
    const before = lane().counters.answered;
    for (let i = 0; i < text.length; i += 7) {
      c.write(text.slice(i, i + 7));
      await new Promise((r) => setTimeout(r, 1));
    }
    const r = await c.read();
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).body).toBe('slow');
    expect(lane().counters.answered).toBe(before + 1);
    c.close();
  });

  it('counts its answers in the metrics', async () => {
    const count = async () => {
      const m = await h.call('GET', '/metrics');
      return Number(/herald_http_requests_total\{status="2xx"\} (\d+)/.exec(m.text)?.[1] ?? 0);
    };
    const before = await count();
    const c = new Connection(h.url);
    c.write(post(JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'counted' })));
    expect((await c.read()).status).toBe(200);
    c.close();
    // The /metrics request itself counts once the scrape is answered: one more than the lane's.
    expect(await count()).toBe(before + 2);
  });
});

describe('closing a server with the fast lane', () => {
  it('closes its idle keep-alive connections at once', async () => {
    const h = await startTestHerald();
    const token = await h.token();
    const c = new Connection(h.url);
    const body = JSON.stringify({ from: 'Herald', to: '+306912345678', body: 'bye' });
    c.write(
      `POST /sms HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect((await c.read()).status).toBe(200);
    const started = Date.now();
    await h.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(c.closed).toBe(true);
  });
});
