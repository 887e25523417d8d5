// Soak: a million messages through `herald start` on its embedded default (SQLite, the bundled
// operator simulator, the engine in its worker thread), as a new user runs it, printing at intervals
// the process's RSS and each thread's heap after a full collection (GET /admin/memory?gc=true, the
// process started with --expose-gc). Memory must stay flat after warm-up (the first three intervals:
// by then the simulator's bounded windows of recent submits and duplicate keys are full): the ratio,
// measured in the same run, is the mean of the later half of the samples after warm-up over the mean
// of the earlier half (1.0 is flat; growth shows above it), with the band the samples stayed in.
// Run: npm run build && node bench/soak.js [messages] [--interval=N] [--no-record]
// Against a checkout without /admin/memory only RSS is printed (to compare before and after a change).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { httpLoad } from './http-peers.js';
import { fmt, record } from './lib.js';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const INTERVAL = Number(process.argv.find((a) => a.startsWith('--interval='))?.slice(11) ?? 100_000);
const CONCURRENCY = 50;
const ADMIN = 'soak-admin-token';
const MB = 1024 * 1024;

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-soak-'));
const configFile = path.join(dir, 'herald.json');
fs.writeFileSync(configFile, JSON.stringify({ demo: { balance: 1e9 }, logLevel: 'warn' }));
const port = await freePort();
const child = spawn(process.execPath, ['--expose-gc', 'bin/herald.js', 'start'], {
  env: {
    ...process.env,
    DATABASE_URL: '',
    HERALD_DATA_DIR: dir,
    HERALD_CONFIG: configFile,
    PORT: String(port),
    HERALD_ADMIN_TOKEN: ADMIN,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
await new Promise((resolve, reject) => {
  const onData = (d) => {
    out += d.toString();
    if (/applicationSecret:\s+\S+\n/.test(out)) resolve();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code) => reject(new Error(`herald exited ${code}: ${out}`)));
});
const base = `http://127.0.0.1:${port}`;
const id = /applicationId:\s+(\S+)/.exec(out)[1];
const secret = /applicationSecret:\s+(\S+)/.exec(out)[1];
const tok = await (
  await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  })
).json();
const headers = `authorization: Bearer ${tok.access_token}\r\ncontent-type: application/json\r\n`;

/** RSS from /proc, and each thread's heap after a full collection when the server reports it. */
async function sample(sent) {
  const r = await fetch(`${base}/admin/memory?gc=true`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const threads = r.status === 200 ? (await r.json()).threads : [];
  const s = {
    sent,
    rss: rssOf(child.pid),
    heaps: Object.fromEntries(threads.map((t) => [t.thread, t.heapUsedBytes])),
  };
  const heaps = Object.entries(s.heaps)
    .map(([t, b]) => `${t} heap ${fmt(b / MB)} MB`)
    .join(', ');
  console.log(`${fmt(sent)} sent: RSS ${fmt(s.rss / MB)} MB${heaps ? `, ${heaps} (after GC)` : ''}`);
  return s;
}

const load = httpLoad(base, CONCURRENCY);
let next = 0;
let failed = 0;
const started = Date.now();
const samples = [];
for (let upTo = INTERVAL; upTo <= N; upTo += INTERVAL) {
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (;;) {
        const i = next++;
        if (i >= upTo) {
          next = Math.min(next, upTo);
          return;
        }
        const body = JSON.stringify({
          from: 'Soak',
          to: `+3069${String(40_000_000 + (i % 10_000_000)).padStart(8, '0')}`,
          body: `Soak message ${i}`,
        });
        const r = await load.post(worker, '/sms', headers, body);
        if (r.status !== 200) failed++;
      }
    }),
  );
  next = upTo;
  samples.push(await sample(upTo));
}
// Let the engine finish what was accepted (receipts come 500 ms after each submit), then a last look.
await new Promise((r) => setTimeout(r, 5_000));
const last = await sample(N);
load.close();
const seconds = (Date.now() - started) / 1000;
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
fs.rmSync(dir, { recursive: true, force: true });

const settled = samples.slice(Math.min(3, samples.length - 2)).concat(last);
const earlier = settled.slice(0, Math.floor(settled.length / 2));
const later = settled.slice(Math.floor(settled.length / 2));
const mean = (list, f) => list.reduce((t, x) => t + f(x), 0) / list.length;
const growth = (f) => mean(later, f) / mean(earlier, f);
const band = (f) => `${fmt(Math.min(...settled.map(f)) / MB)}–${fmt(Math.max(...settled.map(f)) / MB)} MB`;
const parts = [
  `RSS ${fmt(
    growth((x) => x.rss),
    2,
  )}x (${band((x) => x.rss)})`,
];
for (const t of Object.keys(last.heaps))
  parts.push(
    `${t} heap ${fmt(
      growth((x) => x.heaps[t]),
      2,
    )}x (${band((x) => x.heaps[t])})`,
  );
console.log(
  `${fmt(N)} messages in ${fmt(seconds)} s (${fmt(N / seconds)} msg/s accepted), ${failed} failed; later over earlier half after warm-up: ${parts.join(', ')}`,
);
if (!process.argv.includes('--no-record'))
  record(
    `soak: ${fmt(N)} messages through herald start (embedded default, sqlite, bundled simulator, engine in its worker), samples every ${fmt(INTERVAL)}`,
    `${samples
      .concat(last)
      .map(
        (s) =>
          `${fmt(s.sent / 1000)}k: RSS ${fmt(s.rss / MB)} MB${Object.entries(s.heaps)
            .map(([t, b]) => `, ${t} ${fmt(b / MB)}`)
            .join('')}`,
      )
      .join('; ')} (heaps in MB after GC); ${failed} failed; ${fmt(N / seconds)} msg/s accepted`,
    `after warm-up (${fmt(settled[0].sent / 1000)}k on), later half over earlier half: ${parts.join(', ')} (target: flat, 1.0x)`,
  );
