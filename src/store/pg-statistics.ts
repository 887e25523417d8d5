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
 */
import type pg from 'pg';
import type { Logger } from '../logger.js';

const QUEUE_TABLES = ['message_parts', 'messages', 'callback_outbox', 'parked_receipts'] as const;

/** Changes since the last analysis that call for a new one: 500 rows plus a tenth of the table. */
export function needsAnalysis(liveRows: number, changedSinceAnalysis: number): boolean {
  return changedSinceAnalysis > 500 + 0.1 * liveRows;
}

export class PlannerStatistics {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  readonly counters = { analyses: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly everyMs = 5_000,
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
        [[...QUEUE_TABLES]],
      );
      const stale = rows.filter((r) => needsAnalysis(Number(r.live), Number(r.changed)));
      if (stale.length === 0) return;
      const locked = await client.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('herald-analyze:' || current_schema())) AS ok`,
      );
      if (!locked.rows[0]?.ok) return; // another node is at it
      try {
        for (const r of stale) {
          // Names come from the fixed list above, never from input.
          await client.query(`ANALYZE ${r.relname}`);
          this.counters.analyses++;
        }
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtext('herald-analyze:' || current_schema()))`);
      }
    } finally {
      client.release();
    }
  }
}
