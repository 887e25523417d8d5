// POST /sms accepted and stored (SQLite by default, PostgreSQL with DATABASE_URL) against a bare
// Fastify route in the same run. Both servers run as child processes; autocannon drives them from
// this process. Target: Herald ≥ 50% of the bare route's requests/s.
// Run: npm run build && node bench/sms-ingest.js [seconds] [connections]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { fmt, record } from './lib.js';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function startChild(args, env, readyPattern) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d.toString();
      if (readyPattern.test(out)) resolve({ child, output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${out}`)));
  });
}

function load(url, headers, body) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method: 'POST', headers, body, connections, duration: seconds, pipelining: 1 },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

const payload = JSON.stringify({
  from: 'Herald',
  to: '+306948530920',
  body: 'Hello Maria, your code is 123456',
});

// Baseline: bare Fastify.
const basePort = await freePort();
const base = await startChild(['bench/bare-fastify.js'], { PORT: String(basePort) }, /listening/);
await load(`http://127.0.0.1:${basePort}/sms`, { 'content-type': 'application/json' }, payload); // warm-up run
const baseline = await load(
  `http://127.0.0.1:${basePort}/sms`,
  { 'content-type': 'application/json' },
  payload,
);
base.child.kill('SIGTERM');

// Herald on a fresh embedded database with a large demo balance.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
const configFile = path.join(dir, 'herald.json');
fs.writeFileSync(configFile, JSON.stringify({ demo: { balance: 1e9 }, logLevel: 'warn' }));
const port = await freePort();
const dbKind = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
const herald = await startChild(
  ['bin/herald.js', 'start'],
  { HERALD_DATA_DIR: dir, HERALD_CONFIG: configFile, PORT: String(port) },
  /applicationSecret:\s+\S+\n/,
);
const out = herald.output();
const id = /applicationId:\s+(\S+)/.exec(out)[1];
const secret = /applicationSecret:\s+(\S+)/.exec(out)[1];
const tokenRes = await fetch(`http://127.0.0.1:${port}/oauth/token`, {
  method: 'POST',
  headers: {
    authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: 'grant_type=client_credentials',
});
const { access_token } = await tokenRes.json();
const headers = { 'content-type': 'application/json', authorization: `Bearer ${access_token}` };
await load(`http://127.0.0.1:${port}/sms`, headers, payload); // warm-up run
const result = await load(`http://127.0.0.1:${port}/sms`, headers, payload);
herald.child.kill('SIGTERM');
fs.rmSync(dir, { recursive: true, force: true });

const non2xx = result.non2xx + result.errors;
const ratio = result.requests.average / baseline.requests.average;
console.log(`bare Fastify:   ${fmt(baseline.requests.average)} req/s, p99 ${baseline.latency.p99} ms`);
console.log(
  `Herald POST /sms (${dbKind}): ${fmt(result.requests.average)} req/s, p99 ${result.latency.p99} ms, non-2xx/errors ${non2xx}`,
);
console.log(`ratio: ${fmt(ratio * 100)}% of bare Fastify (target ≥ 50%)`);
record(
  `POST /sms stored (${dbKind}), ${connections} conns, ${seconds}s`,
  `Herald ${fmt(result.requests.average)} req/s p99 ${result.latency.p99} ms (${non2xx} non-2xx); bare Fastify ${fmt(baseline.requests.average)} req/s p99 ${baseline.latency.p99} ms`,
  `${fmt(ratio * 100)}% of bare route (target ≥ 50%: ${ratio >= 0.5 ? 'met' : 'NOT met'})`,
);
