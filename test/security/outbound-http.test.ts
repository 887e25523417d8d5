/**
 * The outbound policy on real sockets: what a URL may name at acceptance, which connections the
 * guarded dispatcher refuses (before a byte reaches the peer), redirects, and downloads bounded in
 * bytes, time and content whatever the peer announces.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { DownloadError, guardedAgent, OutboundHttp } from '../../src/security/outbound-http.js';
import {
  OUTBOUND_DEFAULTS,
  OutboundPolicy,
  OutboundRefusedError,
  REFUSED_MESSAGE,
} from '../../src/security/outbound-policy.js';
import { FILE_UNAVAILABLE, promptFromFile, WAV_DOWNLOAD } from '../../src/voice/prompt-file.js';
import { PromptCache } from '../../src/voice/tts.js';
import { toneWav } from '../helpers/audio.js';

const DENY = { denyPrivate: true, allow: [] };

describe('URLs judged at acceptance', () => {
  const open = new OutboundPolicy(OUTBOUND_DEFAULTS);
  const closed = new OutboundPolicy(DENY);

  it('always refuses unspecified, link-local, multicast and broadcast hosts, in every spelling', () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[fe80::1]/',
      'http://2852039166/', // 169.254.169.254 as one number
      'http://0xa9.0xfe.0xa9.0xfe/',
      'http://0.0.0.0:8080/',
      'http://0/',
      'http://[::]:8080/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
    ])
      expect([url, open.urlProblem(url)]).toEqual([url, 'refused']);
  });

  it('allows loopback and private hosts by default and refuses them with denyPrivate', () => {
    for (const url of [
      'http://127.0.0.1:9/cb',
      'http://0x7f000001/',
      'http://[::1]/',
      'http://localhost:8080/',
      'http://LOCALHOST./',
      'http://api.localhost/',
      'http://10.0.0.5/',
      'http://192.168.1.20/hook',
      'http://[fd00::5]/',
    ]) {
      expect([url, open.urlProblem(url)]).toEqual([url, undefined]);
      expect([url, closed.urlProblem(url)]).toEqual([url, 'refused']);
    }
    // A name is judged when it is resolved, not at acceptance.
    expect(closed.urlProblem('https://hooks.example.com/x')).toBeUndefined();
  });

  it('lets the allow-list open hosts and blocks, never the always-refused ranges', () => {
    const p = new OutboundPolicy({ denyPrivate: true, allow: ['10.1.0.0/16', 'localhost', '::1'] });
    expect(p.urlProblem('http://10.1.2.3/')).toBeUndefined();
    expect(p.urlProblem('http://10.2.0.1/')).toBe('refused');
    expect(p.urlProblem('http://localhost:1/')).toBeUndefined();
    expect(p.urlProblem('http://[::1]:1/')).toBeUndefined();
    const wide = new OutboundPolicy({ denyPrivate: true, allow: ['0.0.0.0/0', '::/0'] });
    expect(wide.urlProblem('http://169.254.169.254/')).toBe('refused');
    expect(wide.urlProblem('http://[fe80::1]/')).toBe('refused');
  });

  it('refuses what is not http(s)', () => {
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'gopher://x/', 'not a url', 'http://'])
      expect([url, open.urlProblem(url)]).toEqual([url, 'not-http']);
  });
});

/** A server on 127.0.0.1 counting what reaches it; handlers per path. */
class Peer {
  requests = 0;
  bytesSent = 0;
  private server: http.Server | undefined;
  url = '';
  handlers = new Map<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>();

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.requests++;
      const h = this.handlers.get(req.url ?? '/') ?? ((_q, r) => r.end('ok'));
      h(req, res);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

describe('the guarded dispatcher', () => {
  const peer = new Peer();
  beforeAll(() => peer.start());
  afterAll(() => peer.stop());

  const get = async (policy: OutboundPolicy, url: string) => {
    const agent = guardedAgent(policy);
    try {
      const res = await request(url, { dispatcher: agent });
      await res.body.text();
      return res.statusCode;
    } finally {
      await agent.close();
    }
  };

  it('connects where the policy allows', async () => {
    expect(await get(new OutboundPolicy(OUTBOUND_DEFAULTS), `${peer.url}/`)).toBe(200);
    expect(await get(new OutboundPolicy({ denyPrivate: true, allow: ['127.0.0.0/8'] }), `${peer.url}/`)).toBe(
      200,
    );
  });

  it('refuses a literal address before any byte reaches it', async () => {
    const before = peer.requests;
    await expect(get(new OutboundPolicy(DENY), `${peer.url}/`)).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(peer.requests).toBe(before);
  });

  it('judges a host name by the addresses it resolves to, on the connection itself', async () => {
    const port = new URL(peer.url).port;
    const lookups: string[] = [];
    const resolver = (
      hostname: string,
      _o: unknown,
      cb: (e: null, a: Array<{ address: string; family: number }>) => void,
    ) => {
      lookups.push(hostname);
      const table: Record<string, string[]> = {
        'hooks.test': ['127.0.0.1'],
        'metadata.test': ['169.254.169.254'],
        // One public address, one private: only the allowed one may be used.
        'mixed.test': ['127.0.0.1', '169.254.169.254'],
      };
      cb(
        null,
        (table[hostname] ?? []).map((address) => ({ address, family: 4 })),
      );
    };
    const before = peer.requests;
    const denying = new OutboundPolicy(DENY, resolver);
    await expect(get(denying, `http://hooks.test:${port}/`)).rejects.toBeInstanceOf(OutboundRefusedError);
    const open = new OutboundPolicy(OUTBOUND_DEFAULTS, resolver);
    await expect(get(open, `http://metadata.test:${port}/`)).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(peer.requests).toBe(before);
    expect(lookups).toEqual(['hooks.test', 'metadata.test']);
    // Open policy: the link-local address of mixed.test is dropped, the loopback one is used.
    expect(await get(open, `http://mixed.test:${port}/`)).toBe(200);
    // The allow-list names the host: its private address is allowed.
    const named = new OutboundPolicy({ denyPrivate: true, allow: ['hooks.test'] }, resolver);
    expect(await get(named, `http://hooks.test:${port}/`)).toBe(200);
    expect(peer.requests).toBe(before + 2);
  });
});

describe('bounded downloads', () => {
  const peer = new Peer();
  const wav = toneWav(0.5, 440, 8000, 1);
  const http1 = new OutboundHttp(OUTBOUND_DEFAULTS);
  beforeAll(async () => {
    await peer.start();
    peer.handlers.set('/tone.wav', (_q, r) => {
      r.setHeader('content-type', 'audio/wav');
      r.end(wav);
    });
    // 300 MB announced by nothing (chunked): written as fast as the client reads.
    peer.handlers.set('/huge.wav', (_q, res) => {
      res.setHeader('content-type', 'audio/wav');
      const chunk = Buffer.alloc(64 * 1024, 1);
      chunk.write('RIFF\0\0\0\0WAVE');
      let sent = 0;
      const pump = () => {
        while (sent < 300 * 1024 * 1024) {
          sent += chunk.length;
          peer.bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    });
    peer.handlers.set('/drip.wav', (_q, res) => {
      res.setHeader('content-type', 'audio/wav');
      res.write('RIFF\0\0\0\0WAVE');
      const t = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(t));
    });
    peer.handlers.set('/page.wav', (_q, r) => {
      r.setHeader('content-type', 'text/html');
      r.end('<html>internal admin page</html>');
    });
    peer.handlers.set('/text.wav', (_q, r) => {
      r.setHeader('content-type', 'audio/wav');
      r.end('this is not audio at all, only text');
    });
    peer.handlers.set('/missing.wav', (_q, r) => {
      r.statusCode = 404;
      r.end('no');
    });
    peer.handlers.set('/to-metadata.wav', (_q, r) => {
      r.statusCode = 302;
      r.setHeader('location', 'http://169.254.169.254/latest/meta-data/x.wav');
      r.end();
    });
    peer.handlers.set('/to-tone.wav', (_q, r) => {
      r.statusCode = 302;
      r.setHeader('location', '/tone.wav');
      r.end();
    });
  });
  afterAll(async () => {
    await http1.close();
    await peer.stop();
  });

  const reason = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(DownloadError);
      return (err as DownloadError).reason;
    }
    throw new Error('the download succeeded');
  };

  it('downloads a WAV file, following a redirect', async () => {
    expect((await http1.download(`${peer.url}/tone.wav`, WAV_DOWNLOAD)).equals(wav)).toBe(true);
    expect((await http1.download(`${peer.url}/to-tone.wav`, WAV_DOWNLOAD)).equals(wav)).toBe(true);
  });

  it('stops a chunked answer at the byte limit instead of reading 300 MB', async () => {
    peer.bytesSent = 0;
    const rssBefore = process.memoryUsage().rss;
    expect(await reason(http1.download(`${peer.url}/huge.wav`, WAV_DOWNLOAD))).toBe(
      `more than ${20 * 1024 * 1024} bytes`,
    );
    await new Promise((r) => setTimeout(r, 100));
    // The limit, plus what sat in socket buffers when the client hung up.
    expect(peer.bytesSent).toBeLessThan(40 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });

  it('bounds the whole download in time, not only the first byte', async () => {
    const started = Date.now();
    const r = await reason(http1.download(`${peer.url}/drip.wav`, { ...WAV_DOWNLOAD, timeoutMs: 600 }));
    expect(r).toMatch(/abort|timeout/i);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses what is not audio, by type and by its first bytes', async () => {
    expect(await reason(http1.download(`${peer.url}/page.wav`, WAV_DOWNLOAD))).toBe('content type text/html');
    expect(await reason(http1.download(`${peer.url}/text.wav`, WAV_DOWNLOAD))).toBe('unexpected content');
  });

  it('checks every redirect hop against the policy', async () => {
    expect(await reason(http1.download(`${peer.url}/to-metadata.wav`, WAV_DOWNLOAD))).toMatch(
      REFUSED_MESSAGE,
    );
  });

  it('gives the tenant one sentence whatever went wrong, and the reason to the log only', async () => {
    const prompts = new PromptCache();
    const logged: string[] = [];
    const logger = createLogger('silent');
    logger.info = ((o: { reason: string }) => void logged.push(o.reason)) as typeof logger.info;
    const closedPort = 'http://127.0.0.1:9/x.wav';
    const failures = [
      closedPort,
      `${peer.url}/missing.wav`,
      `${peer.url}/page.wav`,
      `${peer.url}/text.wav`,
      `${peer.url}/to-metadata.wav`,
    ];
    const messages = await Promise.all(
      failures.map((url) =>
        promptFromFile(prompts, http1, url, logger).then(
          () => 'succeeded',
          (err: Error) => err.message,
        ),
      ),
    );
    expect(messages).toEqual(failures.map(() => FILE_UNAVAILABLE));
    expect(new Set(logged).size).toBe(failures.length);
    const denying = new OutboundHttp(DENY);
    try {
      await expect(promptFromFile(prompts, denying, `${peer.url}/tone.wav`, logger)).rejects.toThrow(
        FILE_UNAVAILABLE,
      );
    } finally {
      await denying.close();
    }
  });
});

describe('configuration', () => {
  it('reads the policy from the environment and refuses bad allow-list entries', async () => {
    const { loadConfig } = await import('../../src/config.js');
    const c = loadConfig({
      env: {
        HERALD_OUTBOUND_DENY_PRIVATE: 'true',
        HERALD_OUTBOUND_ALLOW: 'hooks.internal, 10.0.0.0/8 ,fd00::/8',
      },
    });
    expect(c.outbound).toEqual({ denyPrivate: true, allow: ['hooks.internal', '10.0.0.0/8', 'fd00::/8'] });
    expect(() => loadConfig({ env: { HERALD_OUTBOUND_ALLOW: '10.0.0.0/40' } })).toThrow(/outbound.allow/);
    expect(loadConfig({ env: {} }).outbound).toEqual({ denyPrivate: false, allow: [] });
  });
});
