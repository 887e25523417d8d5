// A campaign accepted end to end (HTTP request → checks → recipients → analysis → personalisation →
// pricing → stored messages, parts and charge) against a raw bulk insert of the same rows into the
// same database, measured in the same run. Two shapes: the largest `to` list Routee allows (30,000
// numbers) and a group of 100,000 contacts (imported from CSV first). Target: < 3x the raw insert,
// RSS < 400 MB. SQLite by default; PostgreSQL with DATABASE_URL.
// Run: npm run build && node bench/campaign-ingest.js [groupSize] [toSize]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG } from '../dist/config.js';
import { createHerald } from '../dist/herald.js';
import { createLogger } from '../dist/logger.js';
import { newId } from '../dist/security/secrets.js';
import { createAccount } from '../dist/services/create-account.js';
import { openStore } from '../dist/store/database.js';
import { migrateToLatest } from '../dist/store/migrate.js';
import { from as copyFrom } from 'pg-copy-streams';
import { fmt, record } from './lib.js';

/** A value in COPY's text format: \N for null, backslash escapes for the special characters. */
function copyText(v) {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(
    /[\\\t\n\r]/g,
    (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c],
  );
}

const groupSize = Number(process.argv[2] ?? 100_000);
const toSize = Math.min(30_000, Number(process.argv[3] ?? 30_000));
const pgUrl = process.env.DATABASE_URL;
const dbName = pgUrl ? 'postgres' : 'sqlite';

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function freshStore(tag) {
  if (pgUrl) {
    const schema = `bench_${tag}_${process.pid}`;
    return openStore({ databaseUrl: pgUrl, pgSchema: schema });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `herald-bench-${tag}-`));
  return openStore({ sqliteFile: path.join(dir, 'herald.db') });
}

async function dropStore(store, tag) {
  if (pgUrl) {
    const { sql } = await import('kysely');
    await sql.raw(`DROP SCHEMA IF EXISTS bench_${tag}_${process.pid} CASCADE`).execute(store.db);
  }
  await store.close();
}

/** Greek mobiles +30 69x xxx xxxx, distinct. */
function numbers(n, offset = 0) {
  return Array.from({ length: n }, (_, i) => `+3069${String(40_000_000 + offset + i).padStart(8, '0')}`);
}

/** The baseline: the same message and part rows, written by the fastest plain path of the database. */
async function rawInsert(n) {
  const store = await freshStore('raw');
  await migrateToLatest(store);
  const accountId = 'raw';
  await store.db
    .insertInto('accounts')
    .values({
      id: accountId,
      name: 'raw',
      currency: 'EUR',
      balance_micros: 0,
      client_id: 'raw',
      client_secret_hash: 'x',
      api_login: 'raw',
      api_key_hash: 'x',
      scopes: 'sms',
      settings: '{}',
      created_at: Date.now(),
    })
    .execute();
  const list = numbers(n);
  const now = Date.now();
  const t0 = performance.now();
  const messageRow = (i) => ({
    id: newId(now),
    account_id: accountId,
    campaign_id: 'c',
    sender: 'Herald',
    recipient: list[i],
    country: 'GR',
    body: `Hello friend ${i}`,
    label: null,
    flash: 0,
    status: 'Queued',
    detailed_status: null,
    parts: 1,
    characters: 16,
    encoding: 'GSM7',
    transcoded: 0,
    price_micros: 42_000,
    callback_url: null,
    callback_strategy: null,
    ttl_minutes: 4320,
    expires_at: now + 4320 * 60_000,
    send_at: now,
    created_at: now,
    updated_at: now,
    campaign_seq: i,
    reminder_of: null,
  });
  const partRow = (m) => ({
    sms_id: newId(now),
    message_id: m.id,
    account_id: accountId,
    part_index: 0,
    status: 'Queued',
    detailed_status: null,
    price_micros: 42_000,
    smsc_id: null,
    link_id: null,
    attempts: 0,
    next_attempt_at: now,
    updated_at: now,
    queue_state: 'ready',
  });
  if (store.sqlite) {
    // SQLite: prepared statements with positional parameters in one transaction (positional binding
    // is about a third cheaper than named binding for rows this wide: Herald's own bulk path).
    const cols = Object.keys(messageRow(0));
    const pcols = Object.keys(partRow({ id: 'x' }));
    const m = store.sqlite.prepare(`INSERT INTO messages (${cols}) VALUES (${cols.map(() => '?')})`);
    const p = store.sqlite.prepare(`INSERT INTO message_parts (${pcols}) VALUES (${pcols.map(() => '?')})`);
    store.sqlite.transaction(() => {
      for (let i = 0; i < n; i++) {
        const row = messageRow(i);
        m.run(...cols.map((c) => row[c]));
        const part = partRow(row);
        p.run(...pcols.map((c) => part[c]));
      }
    })();
  } else {
    // PostgreSQL: COPY FROM STDIN (text format), the fastest plain bulk path the server has — faster
    // than the unnest INSERTs Herald uses, and than the multi-row INSERTs this baseline used before.
    const client = await store.pgPool.connect();
    const copy = async (table, cols, rows) => {
      const stream = client.query(copyFrom(`COPY ${table} (${cols.join(', ')}) FROM STDIN`));
      const done = new Promise((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      let chunk = '';
      for (const r of rows) {
        chunk += `${cols.map((c) => copyText(r[c])).join('\t')}\n`;
        if (chunk.length > 1 << 20) {
          if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
          chunk = '';
        }
      }
      stream.end(chunk);
      await done;
    };
    try {
      await client.query('BEGIN');
      const rows = Array.from({ length: n }, (_, i) => messageRow(i));
      await copy('messages', Object.keys(rows[0]), rows);
      const parts = rows.map(partRow);
      await copy('message_parts', Object.keys(parts[0]), parts);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }
  const ms = performance.now() - t0;
  await dropStore(store, 'raw');
  return ms;
}

async function main() {
  const store = await freshStore('herald');
  const herald = await createHerald({
    config: {
      ...DEFAULT_CONFIG,
      port: 0,
      host: '127.0.0.1',
      demo: { ...DEFAULT_CONFIG.demo, enabled: false },
      engineEnabled: false,
      bodyLimitBytes: 64 * 1024 * 1024,
    },
    store,
    logger: createLogger('warn'),
  });
  const url = await herald.listen();
  const account = await createAccount(herald.ctx, { name: 'bench', balance: 1_000_000 });
  const basic = Buffer.from(`${account.credentials.clientId}:${account.credentials.clientSecret}`).toString(
    'base64',
  );
  const tok = await (
    await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    })
  ).json();
  const headers = { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' };

  // Import the group (timed separately: it is set-up, not the campaign).
  const csv = ['mobile,firstName', ...numbers(groupSize, 1_000_000).map((n, i) => `${n},Name${i}`)].join(
    '\n',
  );
  let t0 = performance.now();
  const imported = await (
    await fetch(`${url}/contacts/my/import?group=bench`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: csv,
    })
  ).json();
  const importMs = performance.now() - t0;
  if (imported.created !== groupSize) throw new Error(`import: ${JSON.stringify(imported).slice(0, 300)}`);

  const send = async (json) => {
    const start = performance.now();
    const res = await fetch(`${url}/sms/campaign`, { method: 'POST', headers, body: JSON.stringify(json) });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`campaign: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return { ms: performance.now() - start, body };
  };

  peakRss = 0;
  const toRun = await send({ from: 'Herald', body: 'Hello friend, 20% off today', to: numbers(toSize) });
  const toRss = peakRss;
  peakRss = 0;
  const groupRun = await send({
    from: 'Herald',
    body: 'Hello [~firstName], 20% off today',
    groups: ['bench'],
  });
  const groupRss = peakRss;
  if (groupRun.body.totalMessages !== groupSize) throw new Error('group campaign lost recipients');
  await herald.close();
  await dropStore(store, 'herald');

  const rawTo = await rawInsert(toSize);
  const rawGroup = await rawInsert(groupSize);
  clearInterval(sampler);

  const mb = (b) => `${fmt(b / 1024 / 1024)} MB`;
  const ratioTo = toRun.ms / rawTo;
  const ratioGroup = groupRun.ms / rawGroup;
  console.log(
    `contacts import ${fmt(groupSize)} rows: ${fmt(importMs)} ms (${fmt((groupSize / importMs) * 1000)} rows/s)`,
  );
  console.log(
    `campaign to[${fmt(toSize)}]: ${fmt(toRun.ms)} ms vs raw insert ${fmt(rawTo)} ms = ${ratioTo.toFixed(2)}x, peak RSS ${mb(toRss)}`,
  );
  console.log(
    `campaign group of ${fmt(groupSize)} (personalised): ${fmt(groupRun.ms)} ms vs raw insert ${fmt(rawGroup)} ms = ${ratioGroup.toFixed(2)}x, peak RSS ${mb(groupRss)}`,
  );
  const met = ratioTo < 3 && ratioGroup < 3 && Math.max(toRss, groupRss) < 400 * 1024 * 1024;
  record(
    `campaign accepted (${dbName}): to[${fmt(toSize)}] and group of ${fmt(groupSize)}`,
    `to: ${fmt(toRun.ms)} ms (raw ${fmt(rawTo)} ms), RSS ${mb(toRss)}; group: ${fmt(groupRun.ms)} ms (raw ${fmt(rawGroup)} ms), RSS ${mb(groupRss)}; CSV import ${fmt((groupSize / importMs) * 1000)} rows/s`,
    `${ratioTo.toFixed(2)}x / ${ratioGroup.toFixed(2)}x raw insert (target < 3x, RSS < 400 MB: ${met ? 'met' : 'NOT met'})`,
  );
}

await main();
