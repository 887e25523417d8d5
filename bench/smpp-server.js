// Messages through Herald's SMPP server (issue 27) against the same traffic entering by HTTP, in the
// same run: `count` messages to the bundled operator simulator, each with its receipt back — over
// SMPP a transceiver bind with up to `window` submissions outstanding, receipts as deliver_sm; over
// HTTP `window` concurrent POST /sms with the receipts' final statuses read from the database. The
// figure is messages per second from the first submission to the last receipt.
// Usage: node bench/smpp-server.js [count] [--window=N]   (needs `npm run build`; SQLite, or
// PostgreSQL with DATABASE_URL)
import path from 'node:path';
import smpp from 'smpp';
import { DEFAULT_CONFIG } from '../dist/config.js';
import { createAccount } from '../dist/services/create-account.js';
import { startBenchHerald } from './bench-herald.js';
import { fmt, record } from './lib.js';

const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5000);
const window = Number(process.argv.find((a) => a.startsWith('--window='))?.split('=')[1] ?? 100);
const bench = await startBenchHerald('smpp', (dataDir) => ({
  smppPort: 0,
  smppClientWindow: Math.max(window, 100),
  smppClientTps: 100_000,
  simulator: { ...DEFAULT_CONFIG.simulator, enabled: true, receiptDelayMs: 0 },
  voice: { ...DEFAULT_CONFIG.voice, callee: { ...DEFAULT_CONFIG.voice.callee, enabled: false } },
  consoleDir: path.join(dataDir, 'no-console'),
}));
const { herald, url } = bench;
const account = await createAccount(herald.ctx, { name: 'bench', balance: 1_000_000 });
const db = herald.ctx.store.db;
const number = (i) => `+3069${String(40_000_000 + i)}`;

async function finalCount(ids) {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('messages')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .where('status', 'in', ['Delivered', 'Undelivered', 'Failed'])
      .execute();
    n += rows.length;
  }
  return n;
}

async function overHttp(offset) {
  const basic = Buffer.from(`${account.credentials.clientId}:${account.credentials.clientSecret}`).toString(
    'base64',
  );
  const { access_token } = await (
    await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    })
  ).json();
  const ids = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < count) {
        const i = next++;
        const res = await fetch(`${url}/sms`, {
          method: 'POST',
          headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ from: 'Herald', to: number(offset + i), body: `bench ${i}` }),
        });
        ids.push((await res.json()).trackingId);
      }
    }),
  );
  while ((await finalCount(ids)) < count) await new Promise((r) => setTimeout(r, 20));
  return count / ((performance.now() - started) / 1000);
}

async function overSmpp(offset) {
  const s = await new Promise((resolve, reject) => {
    const c = smpp.connect({ url: `smpp://127.0.0.1:${herald.smppPort}`, auto_enquire_link_period: 0 }, () =>
      resolve(c),
    );
    c.on('error', reject);
  });
  await new Promise((resolve, reject) =>
    s.bind_transceiver({ system_id: account.smpp.systemId, password: account.smpp.password }, (pdu) =>
      pdu.command_status === 0 ? resolve() : reject(new Error(`bind ${pdu.command_status}`)),
    ),
  );
  let receipts = 0;
  let allReceipts;
  const receiptsDone = new Promise((resolve) => (allReceipts = resolve));
  s.on('deliver_sm', (pdu) => {
    s.send(pdu.response());
    if (++receipts === count) allReceipts();
  });
  const started = performance.now();
  let next = 0;
  let outstanding = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      while (outstanding < window && next < count) {
        const i = next++;
        outstanding++;
        s.submit_sm(
          {
            source_addr: 'Herald',
            destination_addr: number(offset + i).slice(1),
            short_message: `bench ${i}`,
            registered_delivery: 1,
          },
          (pdu) => {
            outstanding--;
            if (pdu.command_status !== 0) return reject(new Error(`submit ${pdu.command_status}`));
            if (next === count && outstanding === 0) resolve();
            else pump();
          },
        );
      }
    };
    pump();
  });
  await receiptsDone;
  const rate = count / ((performance.now() - started) / 1000);
  s.destroy();
  return rate;
}

// Alternate the two twice; the best of each counts.
const http = [];
const smppRates = [];
for (let round = 0; round < 2; round++) {
  http.push(await overHttp(round * 2 * count));
  smppRates.push(await overSmpp((round * 2 + 1) * count));
  console.log(`round ${round + 1}: HTTP ${fmt(http.at(-1))} msg/s, SMPP ${fmt(smppRates.at(-1))} msg/s`);
}
const bestHttp = Math.max(...http);
const bestSmpp = Math.max(...smppRates);
const dbName = bench.db;
record(
  `SMPP server vs HTTP, ${fmt(count)} messages with receipts to the bundled simulator, window ${window} (${dbName}), best of 2`,
  `SMPP ${fmt(bestSmpp)} msg/s; HTTP ${fmt(bestHttp)} msg/s`,
  `SMPP ${fmt(bestSmpp / bestHttp, 2)}x HTTP`,
);
await bench.close();
