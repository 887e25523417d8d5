/**
 * Every error of every route comes in its API's envelope: Routee `{code, developerMessage}` with a
 * nine-digit code, Octopush v1 `{code: <number>, message}`, Octopush legacy XML with an error code
 * (HTTP 200, as legacy clients expect; 404 for a path it does not have) — including the errors Node and Fastify raise before a route
 * runs (malformed HTTP, headers too large, a path too long, a body too large or unreadable, a server
 * shutting down). On SQLite and PostgreSQL.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

interface Raw {
  status: number;
  type: string;
  body: string;
}

/** One request written as given; the first answer, read up to its Content-Length. */
function exchange(url: string, bytes: string | Buffer): Promise<Raw> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname);
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no answer: ${buf.toString()}`));
    }, 5000);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.toString('latin1', 0, end);
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + length) return;
      clearTimeout(timer);
      s.destroy();
      resolve({
        status: Number(head.split(' ')[1]),
        type: /content-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '',
        body: buf.toString('utf8', end + 4, end + 4 + length),
      });
    });
    s.on('error', () => undefined);
    s.write(bytes);
  });
}

const FAMILIES = {
  routee: { path: '/sms', check: (r: Raw) => expectRoutee(r) },
  octopush: { path: '/v1/public/sms-campaign/send', check: (r: Raw) => expectOctopush(r) },
  legacy: { path: '/api/sms', check: (r: Raw) => expectLegacy(r) },
} as const;

function expectRoutee(r: Raw): void {
  expect(r.type).toMatch(/^application\/json/);
  const body = JSON.parse(r.body) as { code: string; developerMessage: string };
  expect(body.code).toBe(`${r.status}000000`);
  expect(typeof body.developerMessage).toBe('string');
}

function expectOctopush(r: Raw): void {
  expect(r.type).toMatch(/^application\/json/);
  const body = JSON.parse(r.body) as { code: number; message: string };
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
  expect(typeof body.code).toBe('number');
}

function expectLegacy(r: Raw): void {
  expect(r.type).toMatch(/xml/);
  expect(r.body).toMatch(/^<\?xml[^>]*\?>\s*<octopush><error_code>\d{3}<\/error_code>/);
  expect(r.body).not.toContain('<error_code>000</error_code>');
}

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`error envelopes on ${sc.name}`, () => {
    let h: TestHerald;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { config: { bodyLimitBytes: 64 * 1024 } });
    });
    afterAll(async () => {
      await h?.close();
    });

    const request = (path: string, head: string, body = '') =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\n${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

    for (const [family, { path, check }] of Object.entries(FAMILIES)) {
      it(`answers ${family} errors raised before any route in its envelope`, async () => {
        const cases: Array<[string, string | Buffer, number]> = [
          [
            'bare LF in a header',
            request(path, 'X-A: 1\nX-B: 2\r\nContent-Type: application/json\r\n', '{}'),
            400,
          ],
          ['NUL in a header', request(path, 'X-A: a\0b\r\nContent-Type: application/json\r\n', '{}'), 400],
          ['header block too large', request(path, `X-Big: ${'a'.repeat(20_000)}\r\n`, '{}'), 431],
          [
            'body too large',
            request(path, 'Content-Type: application/json\r\n', `"${'a'.repeat(70_000)}"`),
            413,
          ],
          ['unreadable JSON', request(path, 'Content-Type: application/json\r\n', '{"text": '), 400],
          ['bad Content-Length', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`, 400],
          ['unknown path', request(`${path}/nowhere`, 'Content-Type: application/json\r\n', '{}'), 404],
        ];
        for (const [name, bytes, status] of cases) {
          const r = await exchange(h.url, bytes);
          // Legacy answers its errors with HTTP 200 (its clients read only the XML); an unknown path is 404.
          const expected = family === 'legacy' && status !== 404 ? 200 : status;
          expect([name, r.status]).toEqual([name, expected]);
          check(r);
        }
      });
    }

    it('answers a path segment too long (414) in the envelope of its API', async () => {
      const r = await exchange(h.url, `GET /contacts/my/${'a'.repeat(600)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(r.status).toBe(414);
      expectRoutee(r);
    });
  });
}

describe('a server shutting down', () => {
  it('answers requests still arriving on open connections with a 503 in the envelope', async () => {
    const h = await startTestHerald('sqlite');
    const token = await h.token();
    const { hostname, port } = new URL(h.url);
    const s = net.connect(Number(port), hostname);
    let text = '';
    s.on('data', (d) => (text += d.toString()));
    const get = `GET /accounts/me/balance HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`;
    // A slow request (its body not sent yet) keeps the connection busy while the server closes.
    s.write(
      `POST /sms/analyze HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n`,
    );
    await new Promise((r) => setTimeout(r, 50));
    const closing = h.herald.app.close();
    await new Promise((r) => setTimeout(r, 50));
    s.write(`{}${get}`);
    await new Promise((r) => setTimeout(r, 300));
    s.destroy();
    await closing;
    await h.close().catch(() => undefined);
    const answers = text.split(/(?=HTTP\/1\.1 )/);
    const last = answers[answers.length - 1]!;
    expect(last).toMatch(/^HTTP\/1\.1 503/);
    const body = JSON.parse(last.slice(last.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toEqual({ code: '503000000', developerMessage: 'The server is shutting down' });
  });
});
