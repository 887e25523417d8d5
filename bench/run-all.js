// `npm run bench`: every benchmark whose baseline runs in the same process tree, one after the other
// (never side by side: each would slow the others), on SQLite and, with DATABASE_URL, on PostgreSQL
// too. Each appends its own dated row to bench/RESULTS.md. Benchmarks that need arguments to mean
// anything (dispatch with receipts, window 1000) get them here.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pg = process.env.DATABASE_URL;
const sqliteEnv = { ...process.env };
delete sqliteEnv.DATABASE_URL;
const runs = [
  ['body-analysis.js', []],
  ['fast-lane-body.js', []],
  ['sms-ingest.js', []],
  ['campaign-ingest.js', []],
  ['csv-import-latency.js', []],
  ['retention.js', []],
  ['console-pages.js', []],
  ['dispatch.js', ['30000', '--receipts', '--window=1000']],
  ['voice-calls.js', ['500']],
  ['smpp-server.js', ['10000']],
];
const pgRuns = new Set([
  'sms-ingest.js',
  'campaign-ingest.js',
  'retention.js',
  'dispatch.js',
  'smpp-server.js',
]);

let failed = 0;
for (const [file, args] of runs) {
  for (const db of pg && pgRuns.has(file) ? ['sqlite', 'postgres'] : ['sqlite']) {
    console.log(`\n== ${file} ${args.join(' ')} (${db})`);
    const r = spawnSync(process.execPath, [path.join(here, file), ...args], {
      stdio: 'inherit',
      env: db === 'postgres' ? process.env : sqliteEnv,
    });
    if (r.status !== 0) {
      failed++;
      console.error(`${file} (${db}) exited ${r.status}`);
    }
  }
}
process.exit(failed ? 1 : 0);
