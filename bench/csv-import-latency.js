// Other requests while a large CSV contact import runs (SQLite, the embedded default): an account
// imports 300,000 contacts while another account sends SMS (POST /sms) and reads its balance, one
// request every 20 ms. The baseline is the same traffic with no import, in the same run.
// Target: p99 of the other requests under 200 ms during the import.
// Usage: node bench/csv-import-latency.js [rows]   (needs `npm run build`)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG } from '../dist/config.js';
import { createHerald } from '../dist/herald.js';
import { createLogger } from '../dist/logger.js';
import { createAccount } from '../dist/services/create-account.js';
import { fmt, record } from './lib.js';
import { percentile, probe, tokenOf } from './probe.js';

const rows = Number(process.argv[2] ?? 300_000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-import-'));
const herald = await createHerald({
  config: {
    ...structuredClone(DEFAULT_CONFIG),
    port: 0,
    dataDir,
    demo: { ...DEFAULT_CONFIG.demo, enabled: false },
    simulator: { ...DEFAULT_CONFIG.simulator, receiptDelayMs: 50 },
    ...(process.env.BENCH_NO_ENGINE && { engineEnabled: false }),
  },
  logger: createLogger('warn'),
});
const url = await herald.listen();
const importer = await createAccount(herald.ctx, { name: 'importer', balance: 10 });
const sender = await createAccount(herald.ctx, { name: 'sender', balance: 10_000 });
const [importToken, sendToken] = [await tokenOf(url, importer), await tokenOf(url, sender)];

// About 35 bytes a row: 300,000 rows fit the default 16 MB body limit.
let csv = 'mobile,firstName,city\n';
for (let i = 0; i < rows; i++) csv += `+3069${String(10_000_000 + i)},First${i},City${i % 50}\n`;

const baselineEnd = Date.now() + 5_000;
const baseline = await probe(url, sendToken, () => Date.now() > baselineEnd);

let finished = false;
const started = performance.now();
const { monitorEventLoopDelay } = await import('node:perf_hooks');
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const imported = fetch(`${url}/contacts/my/import`, {
  method: 'POST',
  headers: { authorization: `Bearer ${importToken}`, 'content-type': 'text/csv' },
  body: csv,
}).then(async (res) => {
  const body = await res.json();
  finished = true;
  return { status: res.status, body, ms: performance.now() - started };
});
const during = await probe(url, sendToken, () => finished);
const result = await imported;
loop.disable();
const loopMaxMs = loop.max / 1e6;
if (result.status !== 200 || result.body.created !== rows)
  throw new Error(`import failed: ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);

const figures = {
  baseline: { p50: percentile(baseline, 50), p99: percentile(baseline, 99), n: baseline.length },
  during: {
    p50: percentile(during, 50),
    p99: percentile(during, 99),
    max: Math.max(...during),
    n: during.length,
  },
};
console.log(JSON.stringify({ rows, importMs: Math.round(result.ms), loopMaxMs, ...figures }, null, 1));
record(
  `other requests during a ${fmt(rows)}-row CSV import (sqlite), one every 20 ms`,
  `import ${fmt(result.ms / 1000, 1)} s (${fmt(rows / (result.ms / 1000))} rows/s); during: p50 ${fmt(figures.during.p50, 1)} ms, p99 ${fmt(figures.during.p99, 1)} ms, max ${fmt(figures.during.max)} ms (${figures.during.n} requests), longest event-loop stall ${fmt(loopMaxMs)} ms; no import: p50 ${fmt(figures.baseline.p50, 1)} ms, p99 ${fmt(figures.baseline.p99, 1)} ms`,
  `p99 ${fmt(figures.during.p99 / figures.baseline.p99, 1)}x the idle p99 (target: p99 < 200 ms: ${figures.during.p99 < 200 ? 'met' : 'NOT met'})`,
);
await herald.close();
fs.rmSync(dataDir, { recursive: true, force: true });
