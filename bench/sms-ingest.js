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

/** The bare Fastify route: requests per second and p99, the same load. */
async function bareFastify() {
  const port = await freePort();
  const base = await startChild(['bench/bare-fastify.js'], { PORT: String(port) }, /listening/);
  await load(`http://127.0.0.1:${port}/sms`, { 'content-type': 'application/json' }, payload); // warm-up run
  const r = await load(`http://127.0.0.1:${port}/sms`, { 'content-type': 'application/json' }, payload);
  base.child.kill('SIGTERM');
  return r;
}

/**
 * Herald on a fresh database with a large demo balance: API only (HERALD_ENGINE=false) or with its
 * delivery engine sending every message to the bundled operator simulator, the fast lane on or off.
 */
async function heraldRun({ engine, lane }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
  const configFile = path.join(dir, 'herald.json');
  fs.writeFileSync(configFile, JSON.stringify({ demo: { balance: 1e9 }, logLevel: 'warn' }));
  const port = await freePort();
  const herald = await startChild(
    ['bin/herald.js', 'start'],
    {
      HERALD_DATA_DIR: dir,
      HERALD_CONFIG: configFile,
      PORT: String(port),
      HERALD_ENGINE: String(engine),
      HERALD_HTTP_FAST_LANE: String(lane),
      ...(process.env.DATABASE_URL && {
        HERALD_DATABASE_SCHEMA: `bench_ingest_${process.pid}_${engine}_${lane}`,
      }),
    },
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
  await new Promise((r) => herald.child.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const dbKind = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
// The baseline before and after the four Herald runs (their mean): the machine drifts.
const before = await bareFastify();
const runs = [];
for (const engine of [false, true])
  for (const lane of [true, false]) runs.push({ engine, lane, result: await heraldRun({ engine, lane }) });
const after = await bareFastify();
const bare = (before.requests.average + after.requests.average) / 2;
console.log(
  `bare Fastify: ${fmt(before.requests.average)} and ${fmt(after.requests.average)} req/s (p99 ${before.latency.p99}/${after.latency.p99} ms)`,
);
const words = runs.map(({ engine, lane, result }) => {
  const non2xx = result.non2xx + result.errors;
  const name = `${engine ? 'with engine' : 'API only'}, lane ${lane ? 'on' : 'off'}`;
  const pct = (result.requests.average / bare) * 100;
  console.log(
    `Herald ${name} (${dbKind}): ${fmt(result.requests.average)} req/s, p99 ${result.latency.p99} ms, non-2xx/errors ${non2xx}: ${fmt(pct)}% of bare`,
  );
  return {
    name,
    pct,
    text: `${name} ${fmt(result.requests.average)} req/s p99 ${result.latency.p99} ms (${non2xx} non-2xx)`,
  };
});
const headline = words[0]; // API only, lane on (the default)
record(
  `POST /sms stored (${dbKind}), ${connections} conns, ${seconds}s: API only and with the engine, fast lane on and off`,
  `Herald ${words.map((w) => w.text).join('; ')}; bare Fastify ${fmt(bare)} req/s (mean of before and after)`,
  `${words.map((w) => `${w.name} ${fmt(w.pct)}%`).join(', ')} of the bare route (target ≥ 50% API only: ${headline.pct >= 50 ? 'met' : 'NOT met'})`,
);
if (process.env.DATABASE_URL) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  for (const engine of [false, true])
    for (const lane of [true, false])
      await client.query(`DROP SCHEMA IF EXISTS bench_ingest_${process.pid}_${engine}_${lane} CASCADE`);
  await client.end();
}
