/**
 * Keeps PostgreSQL's planner statistics of Herald's queue tables fresh.
 *
 * The hot queries (claims, receipt lookups with their joins, status updates) are planned from table
 * statistics. Without them — a new database, autovacuum off, or autovacuum's first pass not yet come
 * (it looks once a minute) — PostgreSQL estimates thousands of rows for a 64-id lookup and plans
 * sequential scans and hash joins over whole tables: measured 40 ms per receipt flush at 30,000
 * messages instead of 4 ms, growing with the table. So the engine analyses a queue table itself
 * once enough of it changed since its last analysis (by anyone, autovacuum included), and one node
 * at a time (an advisory lock per schema).
 *
 * It looks every second: a plan made while a table was nearly empty (a sequential scan) stays in
 * each connection's cache until the table's next analysis, and after a fresh start the first burst
 * of traffic grows the tables fastest — measured in the dispatch benchmark's warm-up, with a check
 * every 5 s: the message status update read all of `messages` for 1.5 s, 20–130 ms per flush
 * instead of 1–2. A table that doubled since its last analysis is analysed at once; one that only
 * changed, at most every 5 s (each analysis costs the server a few milliseconds).
 */
import type pg from 'pg';
import type { Logger } from '../logger.js';

/**
 * The queue tables and the columns their hot plans filter, join and sort on. Only these are analysed:
 * every text column analysed sorts its sample by collation, and the bodies, payloads and ids made an
 * ANALYZE of messages cost 10x what its planning columns cost (measured: 270 ms vs 26 ms at 30,000
 * rows, idle machine; over a second each under load).
 */
const QUEUE_TABLES: Readonly<Record<string, readonly string[]>> = {
  message_parts: ['id', 'message_id', 'queue_state', 'next_attempt_at', 'smsc_id', 'status'],
  messages: [
    'account_id',
    'status',
    'expires_at',
    'created_at',
    'campaign_id',
    'campaign_seq',
    'reminder_of',
  ],
  callback_outbox: ['id', 'state', 'next_attempt_at', 'order_key'],
  parked_receipts: ['id', 'next_attempt_at', 'smsc_id'],
};

/** PostgreSQL samples 300 rows per unit of the target (its default: 100). */
const STATISTICS_TARGET = 10;

/** What the statistics system and the keeper know of a table. */
export interface TableChanges {
  liveRows: number;
  /** Rows inserted, updated or deleted since the keeper's (or a full) analysis. */
  changedSinceAnalysis: number;
  /** Live rows when the keeper last analysed the table (0: never). */
  liveAtAnalysis: number;
  msSinceAnalysis: number;
}

/**
 * A table grown to more than twice its analysed size plus 1,000 rows is analysed at once; one with
 * more changes than 500 rows plus a tenth of the table, once `minGapMs` passed since its last analysis.
 */
export function needsAnalysis(t: TableChanges, minGapMs: number): boolean {
  if (t.liveRows > 2 * t.liveAtAnalysis + 1_000) return true;
  return t.changedSinceAnalysis > 500 + 0.1 * t.liveRows && t.msSinceAnalysis >= minGapMs;
}

export class PlannerStatistics {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  /**
   * Per table, as it stood when this keeper last analysed it: PostgreSQL's count of changes since the
   * last analysis (an ANALYZE of some columns does not reset that count; a full one, by autovacuum,
   * does), the live rows, and the time.
   */
  private readonly lastAnalysis = new Map<string, { changed: number; live: number; at: number }>();
  readonly counters = { analyses: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly everyMs = 1_000,
    private readonly minGapMs = 5_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Analyses the queue tables that changed enough (one check at a time). */
  check(): Promise<void> {
    this.running ??= this.analyseStale()
      .catch((err: unknown) => this.logger.warn({ err }, 'could not refresh planner statistics'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async analyseStale(): Promise<void> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ relname: string; live: string; changed: string }>(
        `SELECT relname, n_live_tup AS live, n_mod_since_analyze AS changed
           FROM pg_stat_user_tables
          WHERE schemaname = current_schema() AND relname = ANY($1)`,
        [Object.keys(QUEUE_TABLES)],
      );
      const now = Date.now();
      const stale = rows.filter((r) => {
        const last = this.lastAnalysis.get(r.relname);
        const changed = Number(r.changed);
        const base = last?.changed ?? 0;
        return needsAnalysis(
          {
            liveRows: Number(r.live),
            // Below the base: reset by a full analysis since.
            changedSinceAnalysis: changed >= base ? changed - base : changed,
            liveAtAnalysis: last?.live ?? 0,
            msSinceAnalysis: last ? now - last.at : Infinity,
          },
          this.minGapMs,
        );
      });
      if (stale.length === 0) return;
      const locked = await client.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('herald-analyze:' || current_schema())) AS ok`,
      );
      if (!locked.rows[0]?.ok) return; // another node is at it
      try {
        // A sample of 3,000 rows instead of 30,000: the hot plans need the tables' sizes, the share
        // of queued parts and whether ids repeat, which a small sample tells as well; an analysis
        // of messages then costs 5 ms instead of 110 at 32,000 rows (7% of the server's CPU in the
        // PostgreSQL dispatch benchmark went to these analyses).
        await client.query(`SET default_statistics_target = ${STATISTICS_TARGET}`);
        for (const r of stale) {
          // Names come from the fixed list above, never from input.
          const columns = QUEUE_TABLES[r.relname];
          if (!columns) continue;
          await client.query(`ANALYZE ${r.relname} (${columns.join(', ')})`);
          this.lastAnalysis.set(r.relname, {
            changed: Number(r.changed),
            live: Number(r.live),
            at: Date.now(),
          });
          this.counters.analyses++;
        }
      } finally {
        // The lock first: a connection back in the pool must never still hold it.
        await client.query(`SELECT pg_advisory_unlock(hashtext('herald-analyze:' || current_schema()))`);
        await client.query('RESET default_statistics_target');
      }
    } finally {
      client.release();
    }
  }
}
