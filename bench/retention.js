// Retention: purge throughput, and the latency of other requests while it runs. The store is filled
// with `rows` delivered messages 100 days old (an account keeps 90); then one purge round runs to the
// end while another account sends SMS (POST /sms) and reads its balance, one request every 20 ms.
// Baseline: the same traffic with no purge, in the same run. SQLite by default; PostgreSQL with
// DATABASE_URL (its own schema, dropped at the end).
// Usage: node bench/retention.js [rows]   (needs `npm run build`)
import { DEFAULT_CONFIG } from '../dist/config.js';
import { createAccount } from '../dist/services/create-account.js';
import { newId } from '../dist/security/secrets.js';
import { bulkWriteTransaction } from '../dist/store/bulk-write.js';
import { startBenchHerald } from './bench-herald.js';
import { fmt, record } from './lib.js';
import { percentile, probe, tokenOf } from './probe.js';

const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200_000);
const bench = await startBenchHerald('retention', () => ({
  simulator: { ...DEFAULT_CONFIG.simulator, receiptDelayMs: 50 },
  retention: { days: 90, batchSize: 500, maxPerRound: Number.MAX_SAFE_INTEGER, everyMs: 86_400_000 },
  engineThread: 'main',
}));
const { herald, url } = bench;
const store = herald.ctx.store;
const old = await createAccount(herald.ctx, { name: 'old', balance: 0 });
const sender = await createAccount(herald.ctx, { name: 'sender', balance: 10_000 });

// The old messages, written directly (they were delivered a hundred days ago).
const t0 = Date.now() - 100 * 24 * 3600_000;
const fillStarted = performance.now();
for (let i = 0; i < rows; i += 5_000) {
  const n = Math.min(5_000, rows - i);
  const messages = [];
  const parts = [];
  for (let j = 0; j < n; j++) {
    const at = t0 + (i + j) * 10;
    const id = newId(at);
    messages.push({
      id, account_id: old.accountId, campaign_id: null, sender: 'Herald', recipient: `+3069${String(10_000_000 + ((i + j) % 1_000_000))}`,
      country: 'GR', body: `Your code is ${i + j}`, label: null, flash: 0, status: 'Delivered', detailed_status: 'Delivered',
      parts: 1, characters: 20, encoding: 'GSM7', transcoded: 0, price_micros: 42_000, callback_url: null, callback_strategy: null,
      ttl_minutes: 4320, expires_at: at + 4320 * 60_000, send_at: at, created_at: at, updated_at: at, campaign_seq: null,
      reminder_of: null, restrictions: null,
    }); // prettier-ignore
    parts.push({
      sms_id: newId(at), message_id: id, account_id: old.accountId, part_index: 0, status: 'Delivered', detailed_status: 'Delivered',
      price_micros: 42_000, smsc_id: `x${i + j}`, link_id: 'simulator', attempts: 0, next_attempt_at: at, updated_at: at, queue_state: 'done',
    }); // prettier-ignore
  }
  await bulkWriteTransaction(store, async (w) => {
    await w.insertMessages(messages);
    await w.insertParts(parts);
  });
}
console.log(`filled ${fmt(rows)} messages in ${fmt((performance.now() - fillStarted) / 1000, 1)} s`);

const token = await tokenOf(url, sender);

const baselineEnd = Date.now() + 5_000;
const baseline = await probe(url, token, () => Date.now() > baselineEnd);
let done = false;
const purgeStarted = performance.now();
const purging = herald.engine.retention.round().then((n) => {
  done = true;
  return n;
});
const during = await probe(url, token, () => done);
const purged = await purging;
const seconds = (performance.now() - purgeStarted) / 1000;
if (purged < rows) throw new Error(`purged ${purged} messages, expected ${rows}`);
const db = bench.db;
const figures = {
  purged,
  seconds,
  during: {
    p50: percentile(during, 50),
    p99: percentile(during, 99),
    max: Math.max(...during),
    n: during.length,
  },
  baseline: { p50: percentile(baseline, 50), p99: percentile(baseline, 99) },
};
console.log(JSON.stringify(figures, null, 1));
record(
  `retention purge of ${fmt(rows)} old messages (${db}), other requests one every 20 ms`,
  `purged ${fmt(purged)} messages (and their parts) in ${fmt(seconds, 1)} s = ${fmt(rows / seconds)} messages/s; during: p50 ${fmt(figures.during.p50, 1)} ms, p99 ${fmt(figures.during.p99, 1)} ms, max ${fmt(figures.during.max)} ms (${figures.during.n} requests); no purge: p50 ${fmt(figures.baseline.p50, 1)} ms, p99 ${fmt(figures.baseline.p99, 1)} ms`,
  `p99 ${fmt(figures.during.p99 / figures.baseline.p99, 1)}x the idle p99 (target: traffic not stalled, p99 < 200 ms: ${figures.during.p99 < 200 ? 'met' : 'NOT met'})`,
);
await bench.close();
