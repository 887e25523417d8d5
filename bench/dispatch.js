// End-to-end dispatch: N messages accepted over HTTP, submitted over SMPP to Herald's operator
// simulator, and (with receipts) their delivery receipts turned into callbacks to a local receiver.
// Herald and Kannel (Debian package, same simulator, same machine) in the same run.
// Run: npm run build && node bench/dispatch.js [messages] [--receipts] [--no-kannel] [--campaign] [--rounds=R] [--warmup=W] [--window=W]
// With DATABASE_URL set, Herald runs on PostgreSQL. With --campaign, Herald also sends the same
// messages as campaigns (30,000 numbers per request) and the figure compared is the campaign's
// dispatch rate against single-SMS dispatch measured in the same run.
import { spawn, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent } from 'undici';
import { SmscSimulator } from '../dist/simulators/smsc/simulator.js';
import { httpLoad, httpSink } from './http-peers.js';
import { cpuSecondsByThread, cpuSecondsOf, fmt, ownCpuSeconds, postgresCpuSeconds, record } from './lib.js';

const N = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 50_000);
const receipts = process.argv.includes('--receipts');
const withKannel = !process.argv.includes('--no-kannel') && !process.argv.includes('--campaign');
const campaignMode = process.argv.includes('--campaign');
const DEFAULT_CONCURRENCY = 50;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? DEFAULT_CONCURRENCY);
// Messages sent to each gateway before the measured ones (and not counted): a server's throughput is
// measured warm, as it runs for days; Herald's JIT compiles its hot code in the first seconds.
const WARMUP = Number(process.argv.find((a) => a.startsWith('--warmup='))?.slice(9) ?? 5_000);
/** How many warm-up messages the operator received in the current run (counted out of its figures). */
let warmedUp = 0;
/** How many callbacks the warm-up messages brought (none without --receipts). */
let warmUpCallbacks = 0;
const dbKind = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
// Submits each gateway may have outstanding on its SMPP link (Herald's link `window`, Kannel's
// `max-pending-submits`), the same for both. 1000 is the headline: both gateways are then bound by
// their CPU. At the reference configuration's 100 Kannel with receipts waits on its window (its cores
// half idle), so a row at 100 is a note, not the comparison.
const DEFAULT_WINDOW = 1000;
const WINDOW = Number(process.argv.find((a) => a.startsWith('--window='))?.slice(9) ?? DEFAULT_WINDOW);

// The load generator sends with bench/http-peers.js (one write per request, one connection per
// worker), the same for every gateway, so that the harness leaves the machine's cores to the gateways
// it measures; the few requests outside the measured ones (token, metrics) go through undici.
const agent = new Agent({ connections: 2 });

async function request(url, { method = 'GET', headers = {}, body } = {}) {
  const { origin } = new URL(url);
  const res = await agent.request({
    origin,
    path: url.slice(origin.length),
    method,
    headers,
    body,
  });
  return { status: res.statusCode, body: await res.body.text() };
}

async function pool(count, fn) {
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (next < count) {
        const i = next++;
        try {
          if (!(await fn(i, worker))) failures++;
        } catch {
          failures++;
        }
      }
    }),
  );
  return failures;
}

async function until(check, timeoutMs) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/**
 * Stops a child: SIGTERM, then SIGKILL if it is still running after `graceMs`; resolves once it
 * exited. (A bearerbox once hung in its shutdown: the next run's could not bind its ports.)
 */
async function stopChild(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function startProcess(cmd, args, env, ready) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const on = (d) => {
      out += d;
      if (ready.test(out)) resolve({ child, out: () => out });
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out.slice(-2000)}`)));
  });
}

const to = (i) => `+3069${String(10_000_000 + i).padStart(8, '0')}`;

async function runHerald(mode = 'single') {
  const smsc = new SmscSimulator({ receiptDelayMs: 0 });
  const port = await smsc.start();
  const hook = await httpSink();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-dispatch-'));
  const schema = `herald_bench_${process.pid}`;
  const config = {
    demo: { balance: 1e9 },
    logLevel: 'warn',
    simulator: { enabled: false },
    links: [{ id: 'sim', host: '127.0.0.1', port, window: WINDOW, systemId: 'herald', password: 'herald' }],
    ...(process.env.DATABASE_URL && { databaseSchema: schema }),
    ...(process.env.BENCH_HERALD_CONFIG && JSON.parse(process.env.BENCH_HERALD_CONFIG)),
  };
  fs.writeFileSync(path.join(dir, 'herald.json'), JSON.stringify(config));
  const httpPort = 18000 + Math.floor(Math.random() * 1000);
  const herald = await startProcess(
    process.execPath,
    [
      ...(process.env.HERALD_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HERALD_PROFILE}`] : []),
      ...(process.env.HERALD_NODE_FLAGS ? process.env.HERALD_NODE_FLAGS.split(' ') : []),
      'bin/herald.js',
      'start',
    ],
    { HERALD_DATA_DIR: dir, HERALD_CONFIG: path.join(dir, 'herald.json'), PORT: String(httpPort) },
    /applicationSecret:\s+\S+\n/,
  );
  const id = /applicationId:\s+(\S+)/.exec(herald.out())[1];
  const secret = /applicationSecret:\s+(\S+)/.exec(herald.out())[1];
  const base = `http://127.0.0.1:${httpPort}`;
  const tok = await request(`${base}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const token = JSON.parse(tok.body).access_token;
  await until(() => smsc.boundSessions > 0, 10_000);
  const load = httpLoad(base, CONCURRENCY);
  const headers = `authorization: Bearer ${token}\r\ncontent-type: application/json\r\n`;
  const sendOne = async (i, worker) => {
    const body = JSON.stringify({
      from: 'Bench',
      to: to(i),
      body: `Benchmark message number ${i}, hello!`,
      ...(receipts && { callback: { url: `${hook.url}/dlr`, strategy: 'OnCompletion' } }),
    });
    const r = await load.post(worker, '/sms', headers, body);
    return r.status === 200;
  };
  await warmUp(smsc, hook, (i, worker) => sendOne(N + i, worker));
  const start = Date.now();
  const cpu0 = {
    bench: ownCpuSeconds(),
    herald: cpuSecondsOf(herald.child.pid),
    postgres: process.env.DATABASE_URL ? postgresCpuSeconds() : 0,
  };
  const threads0 = cpuSecondsByThread(herald.child.pid);
  const sendCampaigns = async () => {
    let failed = 0;
    for (let first = 0; first < N; first += 30_000) {
      const count = Math.min(30_000, N - first);
      const body = JSON.stringify({
        from: 'Bench',
        to: Array.from({ length: count }, (_, k) => to(first + k)),
        body: 'Benchmark campaign message, hello!',
        ...(receipts && { callback: { url: `${hook.url}/dlr`, strategy: 'OnCompletion' } }),
      });
      const r = await request(`${base}/sms/campaign`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      if (r.status !== 200) failed += count;
    }
    return failed;
  };
  const failures = mode === 'campaign' ? await sendCampaigns() : await pool(N, sendOne);
  const { accepted, ok, elapsed } = await completion(smsc, hook, failures, receipts, start);
  const cpu = {
    bench: ownCpuSeconds() - cpu0.bench,
    [mode === 'campaign' ? 'herald (campaigns)' : 'herald']: cpuSecondsOf(herald.child.pid) - cpu0.herald,
    // The database server works for Herald alone here: its CPU counts as the gateway's.
    ...(process.env.DATABASE_URL && { postgres: postgresCpuSeconds() - cpu0.postgres }),
  };
  // Per thread over the measured messages (threads started since have no baseline: all their time).
  const threads = Object.fromEntries(
    Object.entries(cpuSecondsByThread(herald.child.pid)).map(([k, v]) => [k, v - (threads0[k] ?? 0)]),
  );
  await new Promise((r) => setTimeout(r, 300)); // the worker's counters reach the main thread every 200 ms
  const metrics = (await request(`${base}/metrics`)).body
    .split('\n')
    .filter((l) => /^herald_(parts|receipts|callbacks)_\w+ /.test(l))
    .map((l) => l.replace(/^herald_/, '').replace(/_total /, ' '))
    .join(', ');
  load.close();
  await stopChild(herald.child, 30_000);
  await smsc.stop();
  hook.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (process.env.DATABASE_URL)
    execSync(`psql "${process.env.DATABASE_URL}" -q -c "DROP SCHEMA IF EXISTS ${schema} CASCADE"`, {
      stdio: 'ignore',
    });
  return {
    name: mode === 'campaign' ? 'Herald (campaigns)' : 'Herald',
    accepted,
    elapsed,
    ok,
    failures,
    received: smsc.receivedCount - warmedUp,
    duplicates: smsc.duplicates(),
    callbacks: hook.count() - warmUpCallbacks,
    cpu,
    threads,
    metrics,
  };
}

async function runKannel() {
  execSync('bash scripts/install-kannel.sh', { stdio: 'inherit' });
  const smsc = new SmscSimulator({ receiptDelayMs: 0 });
  const port = await smsc.start();
  const hook = await httpSink();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kannel-bench-'));
  const conf = `group = core
admin-port = 13000
admin-password = adminpw
status-password = adminpw
admin-interface = 127.0.0.1
admin-allow-ip = "127.0.0.1"
smsbox-port = 13001
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-file = "${dir}/bearerbox.log"
log-level = 2
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = sim
host = 127.0.0.1
port = ${port}
transceiver-mode = true
smsc-username = kannel
smsc-password = pw
system-type = ""
max-pending-submits = ${WINDOW}
msg-id-type = 0x03
log-level = 2

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = 13001
sendsms-port = 13013
sendsms-interface = 127.0.0.1
global-sender = "Bench"
log-file = "${dir}/smsbox.log"
log-level = 2

group = sendsms-user
username = tester
password = foobar
max-messages = 3
concatenation = true

group = sms-service
keyword = default
text = "No service"
catch-all = true
`;
  fs.writeFileSync(path.join(dir, 'kannel.conf'), conf);
  const bearer = spawn('bearerbox', ['-v', '4', path.join(dir, 'kannel.conf')], { stdio: 'ignore' });
  await until(() => smsc.boundSessions > 0, 30_000);
  const smsbox = spawn('smsbox', ['-v', '4', path.join(dir, 'kannel.conf')], { stdio: 'ignore' });
  const ready = await until(() => false, 3000);
  void ready;
  const load = httpLoad('http://127.0.0.1:13013', CONCURRENCY);
  const sendOne = async (i, worker) => {
    const q = new URLSearchParams({
      username: 'tester',
      password: 'foobar',
      to: to(i).slice(1),
      text: `Benchmark message number ${i}, hello!`,
    });
    if (receipts) {
      q.set('dlr-mask', '1');
      q.set('dlr-url', `${hook.url}/dlr?s=%d&id=${i}`);
    }
    const r = await load.get(worker, `/cgi-bin/sendsms?${q}`);
    return r.status === 202 || r.status === 200;
  };
  await warmUp(smsc, hook, (i, worker) => sendOne(N + i, worker));
  const start = Date.now();
  const cpu0 = {
    bench: ownCpuSeconds(),
    bearerbox: cpuSecondsOf(bearer.pid),
    smsbox: cpuSecondsOf(smsbox.pid),
  };
  const failures = await pool(N, sendOne);
  const { accepted, ok, elapsed } = await completion(smsc, hook, failures, receipts, start);
  const cpu = {
    bench: ownCpuSeconds() - cpu0.bench,
    bearerbox: cpuSecondsOf(bearer.pid) - cpu0.bearerbox,
    smsbox: cpuSecondsOf(smsbox.pid) - cpu0.smsbox,
  };
  load.close();
  await Promise.all([stopChild(smsbox), stopChild(bearer)]);
  await smsc.stop();
  hook.close();
  return {
    name: 'Kannel',
    accepted,
    elapsed,
    ok,
    failures,
    received: smsc.receivedCount - warmedUp,
    duplicates: smsc.duplicates(),
    callbacks: hook.count() - warmUpCallbacks,
    cpu,
  };
}

// The machines are noisy (a run can be a quarter slower than the one before it): with --rounds R,
// Herald and Kannel run alternately R times each and the best run of each is compared.
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 1);
/** Messages per second that reached the operator: a request that failed is not a message sent. */
const rate = (r) => ((N - r.failures) / r.elapsed) * 1000;
/** Settings only Herald's run had, named in the row (a tuned gateway against a default one is not a fair pair). */
const heraldTuning = [
  process.env.BENCH_HERALD_CONFIG && `BENCH_HERALD_CONFIG=${process.env.BENCH_HERALD_CONFIG}`,
  process.env.HERALD_NODE_FLAGS && `HERALD_NODE_FLAGS=${process.env.HERALD_NODE_FLAGS}`,
].filter(Boolean);
const best = (a, b) => (!a || b.elapsed < a.elapsed ? b : a);
let heraldBest;
let kannelBest;
const all = [];
// The order alternates round by round (Herald first, then Kannel first): whichever runs first meets a
// cooler machine (page cache, CPU frequency, PostgreSQL's own state).
for (let i = 0; i < rounds; i++) {
  const order = withKannel ? (i % 2 === 0 ? ['herald', 'kannel'] : ['kannel', 'herald']) : ['herald'];
  for (const which of order) {
    if (which === 'herald') {
      const h = await runHerald();
      all.push(h);
      heraldBest = best(heraldBest, h);
    } else {
      const k = await runKannel();
      all.push(k);
      kannelBest = best(kannelBest, k);
    }
  }
}
if (rounds > 1)
  console.log(
    `runs in order (msg/s): ${all.map((r) => `${r.name} ${fmt(rate(r))}`).join(', ')}; best of each below`,
  );
const results = [heraldBest, ...(kannelBest ? [kannelBest] : [])];
if (campaignMode) results.push(await runHerald('campaign'));
for (const r of results) {
  console.log(
    `${r.name}: ${N} messages, accepted in ${fmt(r.accepted / 1000, 1)} s, all at the operator${receipts ? ' and called back' : ''} in ${fmt(r.elapsed / 1000, 1)} s ` +
      `= ${fmt(rate(r))} msg/s delivered (complete: ${r.ok}, failed requests ${r.failures}, received ${r.received}, duplicates ${r.duplicates}, callbacks ${r.callbacks})`,
  );
  console.log(
    `  CPU seconds: ${Object.entries(r.cpu)
      .map(([k, v]) => `${k} ${fmt(v, 1)}`)
      .join(', ')} (${fmt(coresBusy(r), 0)}% of the 2 cores over the run)`,
  );
  console.log(
    `  CPU per message: gateway ${fmt(usPerMessage(gatewayCpu(r)))} µs, harness (load generator, operator simulator, callback receiver) ${fmt(usPerMessage(r.cpu.bench))} µs`,
  );
  if (r.metrics) console.log(`  Herald engine counters: ${r.metrics}`);
  if (r.threads)
    console.log(
      `  Herald threads (CPU seconds over the measured messages): ${Object.entries(r.threads)
        .filter(([, v]) => v >= 0.1)
        .map(([k, v]) => `${k} ${fmt(v, 1)}`)
        .join(', ')}`,
    );
}
const herald = results[0];
const kannel = withKannel ? results[1] : undefined;
const cpuRatio = kannel ? gatewayCpu(kannel) / gatewayCpu(herald) : undefined;
const ratio = kannel ? rate(herald) / rate(kannel) : undefined;
if (ratio) {
  console.log(`ratio Herald/Kannel: ${fmt(ratio, 2)}x (target ≥ 1.5x with receipts and callbacks)`);
  console.log(
    `CPU per message, Kannel/Herald: ${fmt(cpuRatio, 2)}x (the gateways' own work${dbKind === 'postgres' ? ', PostgreSQL counted as Herald' : ''}, without the harness's)`,
  );
}
if (campaignMode) {
  const single = results[0];
  const campaign = results[1];
  const r = rate(campaign) / rate(single);
  console.log(`ratio campaign/single dispatch: ${fmt(r, 2)}x`);
  record(
    `dispatch of campaigns, ${N} msgs (${dbKind})${receipts ? ' + receipts + callbacks' : ''}`,
    `campaigns ${fmt(rate(campaign))} msg/s (accepted in ${fmt(campaign.accepted / 1000, 1)} s), ${campaign.duplicates} dup; single POST /sms ${fmt(rate(single))} msg/s`,
    `${fmt(r, 2)}x single-SMS dispatch (target: the engine's full rate, ≥ 1x)`,
  );
  await agent.close();
  process.exit(0);
}
record(
  `dispatch ${N} msgs (${dbKind})${receipts ? ' + receipts + callbacks' : ''}${CONCURRENCY === DEFAULT_CONCURRENCY ? '' : `, ${CONCURRENCY} clients`}, window ${WINDOW}${WINDOW === DEFAULT_WINDOW ? '' : ' (a note: the headline is window 1000)'}`,
  `Herald ${fmt(rate(herald))} msg/s${herald.ok ? '' : ' (incomplete)'}, ${herald.failures} failed requests, ${herald.duplicates} dup${heraldTuning.length ? ` [Herald only: ${heraldTuning.join(' ')}]` : ''}, CPU ${fmt(herald.cpu.herald, 1)} s${herald.cpu.postgres ? ` + PostgreSQL ${fmt(herald.cpu.postgres, 1)} s` : ''}${kannel ? `; Kannel ${fmt(rate(kannel))} msg/s${kannel.ok ? '' : ' (incomplete)'}, ${kannel.failures} failed requests, CPU ${fmt(gatewayCpu(kannel), 1)} s; harness ${fmt(usPerMessage(herald.cpu.bench))}/${fmt(usPerMessage(kannel.cpu.bench))} µs per message; cores busy ${fmt(coresBusy(herald), 0)}%/${fmt(coresBusy(kannel), 0)}%` : ''}${rounds > 1 ? ` (best of ${rounds} rounds each, order alternating)` : ''}${WARMUP ? `, each after ${fmt(WARMUP)} warm-up messages` : ', cold'}`,
  ratio
    ? `${fmt(ratio, 2)}x Kannel${receipts ? ' (target ≥ 1.5x)' : ''}; CPU per message ${fmt(cpuRatio, 2)}x`
    : 'no baseline (Kannel skipped)',
);
await agent.close();
process.exit(0);

/** The gateway's CPU seconds over the measured messages (its processes, and its database server). */
function gatewayCpu(r) {
  return Object.entries(r.cpu).reduce((sum, [k, v]) => (k === 'bench' ? sum : sum + v), 0);
}

/** How busy the machine's two cores were over a run, in percent (a gateway well under 90 waits on something other than its CPU). */
function coresBusy(r) {
  return (Object.values(r.cpu).reduce((a, b) => a + b, 0) / r.elapsed) * 1000 * 50;
}

function usPerMessage(seconds) {
  return (seconds / N) * 1e6;
}

/** Sends the warm-up messages and waits until they are through (at the operator, called back). */
async function warmUp(smsc, hook, sendOne) {
  if (WARMUP === 0) return;
  const failed = await pool(WARMUP, sendOne);
  await until(
    () => smsc.receivedCount >= WARMUP - failed && (!receipts || hook.count() >= WARMUP - failed),
    120_000,
  );
  warmedUp = smsc.receivedCount;
  warmUpCallbacks = hook.count();
}

/** Waits until the operator has every accepted message (and the receiver every callback, with receipts). */
async function completion(smsc, hook, failures, receipts, start) {
  const accepted = Date.now() - start;
  const ok = await until(
    () =>
      smsc.receivedCount >= warmedUp + N - failures &&
      (!receipts || hook.count() >= warmUpCallbacks + N - failures),
    300_000,
  );
  return { accepted, ok, elapsed: Date.now() - start };
}
