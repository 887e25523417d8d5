// Console pages with a large history: how long each console API answer takes for an account with
// `rows` stored messages (default 1,000,000 over the last 30 days, in 100 campaigns of 10,000, a few
// statuses, 1,000 failing callbacks, one ledger entry per message, rows/10 contacts in 10 groups with
// a tenth blacklisted), against the same pages of an account with 1,000 messages in the same
// database (the baseline, same run); the operator's pages with 1,000 accounts. Every page must answer
// in under 1 s (issue 26).
// SQLite by default; PostgreSQL with DATABASE_URL (its own schema, dropped at the end).
// Usage: node bench/console-pages.js [rows]   (needs `npm run build`)
import path from 'node:path';
import { sql } from 'kysely';
import { createAccount } from '../dist/services/create-account.js';
import { newId } from '../dist/security/secrets.js';
import { bulkWriteTransaction } from '../dist/store/bulk-write.js';
import { startBenchHerald } from './bench-herald.js';
import { fmt, record } from './lib.js';

const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const bench = await startBenchHerald('console', (dataDir) => ({
  engineEnabled: false,
  adminToken: 'bench-admin-token',
  consoleDir: path.join(dataDir, 'no-console'),
}));
const { herald, url } = bench;
const store = herald.ctx.store;
const big = await createAccount(herald.ctx, { name: 'big', balance: 0 });
const small = await createAccount(herald.ctx, { name: 'small', balance: 0 });

const STATUSES = [
  'Delivered',
  'Delivered',
  'Delivered',
  'Delivered',
  'Delivered',
  'Delivered',
  'Undelivered',
  'Failed',
];
const CAMPAIGN_SIZE = 10_000;
const now = Date.now();
const span = 30 * 24 * 3600_000;

async function fill(account, count) {
  const campaigns = Math.max(1, Math.floor(count / CAMPAIGN_SIZE));
  const campaignIds = [];
  for (let c = 0; c < campaigns; c++) {
    const at = now - span + Math.floor((c * span) / campaigns);
    const id = newId(at);
    campaignIds.push(id);
    const size = Math.min(CAMPAIGN_SIZE, count);
    await store.db.insertInto('campaigns').values({
      id, account_id: account.accountId, type: 'Sms', name: `Campaign ${c}`, state: 'Finished', sender: 'Herald',
      body: 'Winter sale', request: JSON.stringify({ to: [], contacts: [], groups: [], flash: false, respectQuietHours: false, ttlMinutes: 4320 }),
      analysis: JSON.stringify({ numberOfRecipients: size, recipientsPerCountry: { GR: size }, recipientCountries: {}, contacts: {}, recipientsPerGroup: {}, totalInGroups: 0,
        bodyAnalysis: { characters: 11, parts: 1, unicode: false, unsupportedGSMCharacters: [] } }),
      scheduled_at: null, send_at: at, cost_micros: size * 42_000, total_messages: size, callback_url: null, callback_strategy: null,
      campaign_callback_url: null, campaign_callback_strategy: null, ended_at: at + 3600_000, created_at: at, updated_at: at,
    }).execute(); // prettier-ignore
  }
  for (let i = 0; i < count; i += 5_000) {
    const n = Math.min(5_000, count - i);
    const messages = [];
    const parts = [];
    for (let j = 0; j < n; j++) {
      const k = i + j;
      const at = now - span + Math.floor((k * span) / count);
      const id = newId(at);
      const status = STATUSES[k % STATUSES.length];
      messages.push({
        id, account_id: account.accountId, campaign_id: campaignIds[Math.floor(k / CAMPAIGN_SIZE) % campaignIds.length], sender: 'Herald',
        recipient: `+3069${String(10_000_000 + (k % 1_000_000))}`, country: 'GR', body: `Winter sale ${k}`, label: k % 10 === 0 ? 'vip' : null,
        flash: 0, status, detailed_status: status, parts: 1, characters: 16, encoding: 'GSM7', transcoded: 0, price_micros: 42_000,
        callback_url: null, callback_strategy: null, ttl_minutes: 4320, expires_at: at + 4320 * 60_000, send_at: at, created_at: at,
        updated_at: at + 5_000, campaign_seq: k % CAMPAIGN_SIZE, reminder_of: null, restrictions: null,
      }); // prettier-ignore
      parts.push({
        sms_id: newId(at), message_id: id, account_id: account.accountId, part_index: 0, status, detailed_status: status,
        price_micros: 42_000, smsc_id: `x${k}`, link_id: 'op1', attempts: 0, next_attempt_at: at, updated_at: at + 5_000, queue_state: 'done',
      }); // prettier-ignore
    }
    await bulkWriteTransaction(store, async (w) => {
      await w.insertMessages(messages);
      await w.insertParts(parts);
    });
  }
  // The ledger: one charge per message (single sends are charged one by one).
  for (let i = 0; i < count; i += 2_000) {
    const entries = [];
    for (let k = i; k < Math.min(count, i + 2_000); k++)
      entries.push({
        account_id: account.accountId, amount_micros: -42_000, balance_after_micros: (count - k) * 42_000, kind: 'charge',
        reference: `m${k}`, description: null, created_at: now - span + Math.floor((k * span) / count),
      }); // prettier-ignore
    await store.db.insertInto('ledger_entries').values(entries).execute();
  }
  // Contacts: a tenth as many as messages, in 10 groups, a tenth of them on the SMS blacklist.
  const contactCount = Math.max(100, Math.floor(count / 10));
  for (let g = 0; g < 10; g++)
    await store.db
      .insertInto('contact_groups')
      .values({ account_id: account.accountId, name: `Group ${g}`, created_at: now })
      .execute();
  for (let i = 0; i < contactCount; i += 500) {
    const contacts = [];
    const members = [];
    const blacklisted = [];
    for (let k = i; k < Math.min(contactCount, i + 500); k++) {
      const id = `${account.accountId.slice(-8)}${k.toString(16).padStart(16, '0')}`;
      contacts.push({
        id, account_id: account.accountId, mobile: `+3069${String(10_000_000 + k)}`, country: 'GR', first_name: `Name${k}`,
        last_name: 'Family', email: `n${k}@example.com`, vip: 0, labels: '{}', created_at: now, updated_at: now,
      }); // prettier-ignore
      members.push({ account_id: account.accountId, group_name: `Group ${k % 10}`, contact_id: id });
      if (k % 10 === 0)
        blacklisted.push({ account_id: account.accountId, service: 'Sms', contact_id: id, created_at: now });
    }
    await store.db.insertInto('contacts').values(contacts).execute();
    await store.db.insertInto('group_members').values(members).execute();
    if (blacklisted.length) await store.db.insertInto('blacklist_entries').values(blacklisted).execute();
  }
  // Failing callbacks: one per 1,000 messages.
  const failing = [];
  for (let k = 0; k < Math.ceil(count / 1_000); k++)
    failing.push({
      account_id: account.accountId, kind: 'sms', order_key: `o${k}`, url: 'https://receiver.example/cb', payload: '{"messageId":"x"}',
      state: 'failed', attempts: 6, next_attempt_at: now, last_error: 'HTTP 500', created_at: now - k * 1000, updated_at: now,
    }); // prettier-ignore
  for (let k = 0; k < failing.length; k += 500)
    await store.db
      .insertInto('callback_outbox')
      .values(failing.slice(k, k + 500))
      .execute();
  return campaignIds;
}

const fillStarted = performance.now();
const bigCampaigns = await fill(big, rows);
const smallCampaigns = await fill(small, 1_000);
// The operator's view: 1,000 accounts more.
for (let a = 0; a < 1_000; a++) await createAccount(herald.ctx, { name: `tenant ${a}`, balance: 1 });
// Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE would have them after such a fill.
await sql`ANALYZE`.execute(store.db);
console.log(`filled ${fmt(rows + 1_000)} messages in ${fmt((performance.now() - fillStarted) / 1000, 1)} s`);

async function session(account) {
  const res = await fetch(`${url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      applicationId: account.credentials.clientId,
      applicationSecret: account.credentials.clientSecret,
    }),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

/** Median and worst of 7 calls (after one warm-up) of one page. */
async function timePage(cookie, pagePath) {
  const times = [];
  for (let i = 0; i < 8; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/console/api${pagePath}`, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${pagePath}: ${res.status}`);
    if (i > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

const pages = (campaignId) => [
  ['overview', '/overview'],
  ['campaigns', '/campaigns?size=20'],
  ['campaign', `/campaigns/${campaignId}`],
  ['messages', '/messages?size=25'],
  ['messages by number', `/messages?size=25&number=${encodeURIComponent('+30691000012')}`],
  ['messages Failed', '/messages?size=25&status=Failed'],
  ['messages by label, page 40', '/messages?size=25&label=vip&page=40'],
  ['callbacks', '/callbacks?size=50'],
  ['account', '/account'],
  ['account prices', '/account/prices'],
  ['ledger', '/account/ledger?size=20'],
  ['ledger page 1,000', '/account/ledger?size=20&page=1000'],
  [
    'ledger CSV of a day',
    `/account/ledger.csv?from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now).toISOString()}`,
  ],
  ['contacts', '/contacts?size=20'],
  ['contacts by number', `/contacts?size=20&search=${encodeURIComponent('+3069100001')}`],
  ['contacts by name', '/contacts?size=20&search=name99'],
  ['contacts in a group', '/contacts?size=20&group=Group%203&page=10'],
  ['contacts blacklisted', '/contacts?size=20&blacklistedFor=Sms'],
  ['groups', '/groups'],
];

// The operator's pages (one database, so no smaller baseline: the ratio is against the first page).
const operatorPages = [
  ['operator accounts', '/operator/accounts?size=20'],
  ['operator accounts page 40', '/operator/accounts?size=20&page=40'],
  ['operator account search', '/operator/accounts?size=20&search=tenant%2099'],
  ['operator prices', '/operator/prices'],
  ['operator links', '/operator/links'],
];

const bigCookie = await session(big);
const smallCookie = await session(small);
const results = [];
for (const [name, p] of pages(bigCampaigns.at(-1))) {
  const large = await timePage(bigCookie, p);
  const [, sp] = pages(smallCampaigns[0]).find(([n]) => n === name);
  const base = await timePage(smallCookie, sp);
  results.push({ name, large, base });
  console.log(
    `${name.padEnd(28)} ${fmt(large.median, 1).padStart(8)} ms (max ${fmt(large.max, 1)})   1k: ${fmt(base.median, 1)} ms`,
  );
}
const operatorCookie = await (async () => {
  const res = await fetch(`${url}/console/api/operator/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: 'bench-admin-token' }),
  });
  if (res.status !== 200) throw new Error(`operator sign-in: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
})();
const firstOperatorPage = await timePage(operatorCookie, operatorPages[0][1]);
for (const [name, p] of operatorPages) {
  const large = await timePage(operatorCookie, p);
  results.push({ name, large, base: firstOperatorPage });
  console.log(`${name.padEnd(28)} ${fmt(large.median, 1).padStart(8)} ms (max ${fmt(large.max, 1)})`);
}
const worst = Math.max(...results.map((r) => r.large.max));
const db = bench.db;
record(
  `console pages with ${fmt(rows)} messages stored (${db}), median of 7 calls each`,
  results.map((r) => `${r.name} ${fmt(r.large.median, 1)} ms`).join('; ') +
    `; slowest call ${fmt(worst, 1)} ms`,
  `${results.map((r) => `${r.name} ${fmt(r.large.median / r.base.median, 1)}x`).join(', ')} the same pages with 1,000 messages (target: every page < 1 s: ${worst < 1000 ? 'met' : 'NOT met'})`,
);
await bench.close();
