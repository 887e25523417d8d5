/**
 * The statements of retention: rows past an account's retention period, a batch at a time, counted
 * into `usage_daily` (per UTC day, service, country and status) before they are deleted, in the
 * caller's transaction. Only what is final goes: a message still open, a campaign still running, a
 * callback still owed stay whatever their age. The ledger is never touched.
 */
import { sql } from 'kysely';
import { FINAL_SMS_STATUSES } from '../../domain/sms-callback.js';
import type { Store } from '../database.js';
import type { UsageDailyTable } from '../schema.js';
import type { Queryable } from './queryable.js';
import { utcDay } from '../../domain/dates.js';

export const FINAL_CAMPAIGN_STATES = ['Finished', 'Failed'] as const;

interface Counted {
  at: number;
  country: string;
  status: string;
  parts: number;
  price: number;
}

/** Adds rows to the daily usage of an account (one upsert per day, country and status). */
async function countIntoDaily(db: Queryable, accountId: string, service: 'Sms' | 'Voice', rows: Counted[]) {
  const sums = new Map<
    string,
    { day: string; country: string; status: string; n: number; parts: number; price: number }
  >();
  for (const r of rows) {
    const day = utcDay(r.at);
    const key = `${day}|${r.country}|${r.status}`;
    const s = sums.get(key) ?? { day, country: r.country, status: r.status, n: 0, parts: 0, price: 0 };
    s.n++;
    s.parts += r.parts;
    s.price += r.price;
    sums.set(key, s);
  }
  if (sums.size === 0) return;
  await db
    .insertInto('usage_daily')
    .values(
      [...sums.values()].map((s) => ({
        account_id: accountId,
        day: s.day,
        service,
        country: s.country,
        status: s.status,
        messages: s.n,
        parts: s.parts,
        price_micros: s.price,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['account_id', 'day', 'service', 'country', 'status']).doUpdateSet((eb) => ({
        messages: eb('usage_daily.messages', '+', eb.ref('excluded.messages')),
        parts: eb('usage_daily.parts', '+', eb.ref('excluded.parts')),
        price_micros: eb('usage_daily.price_micros', '+', eb.ref('excluded.price_micros')),
      })),
    )
    .execute();
}

/** One batch of an account's final messages created before `before`: counted, then deleted with their parts. */
export async function purgeMessages(
  db: Queryable,
  accountId: string,
  before: number,
  limit: number,
): Promise<number> {
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'created_at', 'country', 'status', 'parts', 'price_micros'])
    .where('account_id', '=', accountId)
    .where('created_at', '<', before)
    .where('status', 'in', [...FINAL_SMS_STATUSES])
    .orderBy('created_at')
    .limit(limit)
    .execute();
  if (rows.length === 0) return 0;
  await countIntoDaily(
    db,
    accountId,
    'Sms',
    rows.map((r) => ({
      at: Number(r.created_at),
      country: r.country,
      status: r.status,
      parts: Number(r.parts),
      price: Number(r.price_micros),
    })),
  );
  const ids = rows.map((r) => r.id);
  await db.deleteFrom('message_parts').where('message_id', 'in', ids).execute();
  await db.deleteFrom('messages').where('id', 'in', ids).execute();
  return rows.length;
}

/**
 * One batch of an account's campaigns that ended before `before` (and Octopush drafts never sent):
 * a voice campaign's calls are counted and deleted with it; an SMS campaign goes once its messages
 * are gone, with its short links and their clicks. Returns the rows deleted.
 */
export async function purgeCampaigns(
  db: Queryable,
  accountId: string,
  before: number,
  limit: number,
): Promise<number> {
  const campaigns = await db
    .selectFrom('campaigns as c')
    .select(['c.id', 'c.type'])
    .where('c.account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        eb.and([eb('c.state', 'in', [...FINAL_CAMPAIGN_STATES]), eb('c.ended_at', '<', before)]),
        eb.and([eb('c.state', '=', 'Draft'), eb('c.created_at', '<', before)]),
      ]),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('messages as m').select('m.id').whereRef('m.campaign_id', '=', 'c.id'))),
    )
    .limit(limit)
    .execute();
  let deleted = 0;
  for (const c of campaigns) {
    if (c.type === 'Voice') {
      const calls = await db
        .selectFrom('voice_calls')
        .select(['created_at', 'country', 'status', 'price_micros'])
        .where('campaign_id', '=', c.id)
        .execute();
      await countIntoDaily(
        db,
        accountId,
        'Voice',
        calls.map((r) => ({
          at: Number(r.created_at),
          country: r.country,
          status: r.status,
          parts: 1,
          price: Number(r.price_micros),
        })),
      );
      await db.deleteFrom('voice_calls').where('campaign_id', '=', c.id).execute();
      deleted += calls.length;
    }
    await db
      .deleteFrom('short_link_clicks')
      .where('code', 'in', (eb) =>
        eb.selectFrom('short_links').select('code').where('campaign_id', '=', c.id),
      )
      .execute();
    await db.deleteFrom('short_links').where('campaign_id', '=', c.id).execute();
    await db.deleteFrom('campaigns').where('id', '=', c.id).execute();
    deleted++;
  }
  return deleted;
}

/** One batch of an account's other rows past retention: replies, callbacks given up on, imports. */
export async function purgeCompanions(
  db: Queryable,
  accountId: string,
  before: number,
  limit: number,
): Promise<number> {
  let deleted = 0;
  const inbound = await db
    .selectFrom('inbound_messages')
    .select('id')
    .where('account_id', '=', accountId)
    .where('received_at', '<', before)
    .limit(limit)
    .execute();
  if (inbound.length > 0) {
    await db
      .deleteFrom('inbound_messages')
      .where(
        'id',
        'in',
        inbound.map((r) => r.id),
      )
      .execute();
    deleted += inbound.length;
  }
  const failed = await db
    .selectFrom('callback_outbox')
    .select('id')
    .where(sql<boolean>`state = 'failed'`)
    .where('created_at', '<', before)
    .where('account_id', '=', accountId)
    .limit(limit)
    .execute();
  if (failed.length > 0) {
    await db
      .deleteFrom('callback_outbox')
      .where(
        'id',
        'in',
        failed.map((r) => Number(r.id)),
      )
      .execute();
    deleted += failed.length;
  }
  const imports = await db
    .deleteFrom('contact_imports')
    .where('account_id', '=', accountId)
    .where('created_at', '<', before)
    .where('state', 'in', ['done', 'failed'])
    .executeTakeFirst();
  deleted += Number(imports.numDeletedRows);
  return deleted;
}

/** Rows that belong to no account past the shortest useful age: unmatched replies, old request ids. */
export async function purgeOrphans(db: Queryable, before: number, requestIdsBefore: number): Promise<number> {
  const a = await db
    .deleteFrom('inbound_messages')
    .where('account_id', 'is', null)
    .where('received_at', '<', before)
    .executeTakeFirst();
  const b = await db.deleteFrom('request_ids').where('created_at', '<', requestIdsBefore).executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}

export type UsageRow = Omit<UsageDailyTable, 'account_id'>;

/** The UTC day (YYYY-MM-DD) of a column holding epoch milliseconds, in SQL. */
export function utcDayOfColumn(dialect: 'sqlite' | 'postgres', column: string) {
  return dialect === 'postgres'
    ? sql<string>`to_char(to_timestamp(${sql.ref(column)} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
    : sql<string>`strftime('%Y-%m-%d', ${sql.ref(column)} / 1000, 'unixepoch')`;
}

/**
 * The account's rows still stored, counted per UTC day, country and status as usage_daily counts
 * them (a message's parts, a call as one), created in a time range or of one campaign. Sums arrive
 * as the driver gives them (strings on PostgreSQL).
 */
export function storedUsage(
  db: Queryable,
  dialect: 'sqlite' | 'postgres',
  table: 'messages' | 'voice_calls',
  accountId: string,
  which: { from: number; to: number } | { campaignId: string },
) {
  const day = utcDayOfColumn(dialect, 'created_at');
  const counted = db
    .selectFrom(table)
    .select([
      day.as('day'),
      sql<string>`${table === 'messages' ? 'Sms' : 'Voice'}`.as('service'),
      'country',
      'status',
      (eb) => eb.fn.countAll<number>().as('messages'),
      table === 'messages'
        ? (eb) => eb.fn.sum<number>(sql.ref('parts')).as('parts')
        : (eb) => eb.fn.countAll<number>().as('parts'),
      (eb) => eb.fn.sum<number>('price_micros').as('price_micros'),
    ])
    .where('account_id', '=', accountId);
  const chosen =
    'campaignId' in which
      ? counted.where('campaign_id', '=', which.campaignId)
      : counted.where('created_at', '>=', which.from).where('created_at', '<', which.to);
  return chosen.groupBy([day, 'country', 'status']).execute();
}

/**
 * An account's usage per day between two UTC days (inclusive): what was purged (usage_daily) plus
 * what is still stored, counted the same way, so the answer does not change when rows are purged.
 */
export async function usageBetween(
  db: Queryable,
  dialect: 'sqlite' | 'postgres',
  accountId: string,
  fromDay: string,
  toDay: string,
): Promise<UsageRow[]> {
  const from = Date.parse(`${fromDay}T00:00:00Z`);
  const to = Date.parse(`${toDay}T00:00:00Z`) + 24 * 3600_000;
  const kept = await db
    .selectFrom('usage_daily')
    .select(['day', 'service', 'country', 'status', 'messages', 'parts', 'price_micros'])
    .where('account_id', '=', accountId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .execute();
  const range = { from, to };
  const live = await storedUsage(db, dialect, 'messages', accountId, range);
  const calls = await storedUsage(db, dialect, 'voice_calls', accountId, range);
  const sums = new Map<string, UsageRow>();
  for (const r of [...kept, ...live, ...calls]) {
    const key = `${r.day}|${r.service}|${r.country}|${r.status}`;
    const s = sums.get(key) ?? {
      day: r.day,
      service: r.service,
      country: r.country,
      status: r.status,
      messages: 0,
      parts: 0,
      price_micros: 0,
    };
    s.messages += Number(r.messages);
    s.parts += Number(r.parts);
    s.price_micros += Number(r.price_micros);
    sums.set(key, s);
  }
  return [...sums.values()].sort((a, b) =>
    `${a.day}|${a.service}|${a.country}|${a.status}`.localeCompare(
      `${b.day}|${b.service}|${b.country}|${b.status}`,
    ),
  );
}

/**
 * Runs one purge batch in its own transaction, behind the other writers (SQLite's write lock) or the
 * other nodes (PostgreSQL: a transaction-level advisory lock per schema), so nothing is counted twice.
 */
export async function inPurgeBatch(store: Store, work: (db: Queryable) => Promise<number>): Promise<number> {
  const run = () =>
    store.db.transaction().execute(async (trx) => {
      if (store.dialect === 'postgres')
        await sql`SELECT pg_advisory_xact_lock(hashtext('herald-retention:' || current_schema()))`.execute(
          trx,
        );
      return work(trx);
    });
  return store.writeLock ? store.writeLock.run(run) : run();
}

/** SQLite: hands up to `maxPages` freed pages back to the file system; answers how many. */
export async function vacuumFreedPages(store: Store, maxPages: number): Promise<number> {
  const sqlite = store.sqlite;
  if (!sqlite) return 0;
  const free = Number(sqlite.pragma('freelist_count', { simple: true }));
  if (free === 0) return 0;
  const pages = Math.min(free, maxPages);
  const run = async () => {
    await store.db.connection().execute(async () => {
      sqlite.pragma(`incremental_vacuum(${pages})`);
    });
  };
  await (store.writeLock ? store.writeLock.run(run) : run());
  return free - Number(sqlite.pragma('freelist_count', { simple: true }));
}
