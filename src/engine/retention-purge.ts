/**
 * Retention: every `everyMs`, rows past their account's retention period (its `retentionDays`
 * setting, else the server's `retention.days`; 0 keeps everything) are purged in small batches, one
 * transaction each, with a turn of the event loop between them and at most `maxPerRound` rows a
 * round, so that traffic goes on meanwhile on either database. What they counted stays per day
 * (`usage_daily`); the ledger stays whole. On SQLite the pages freed are given back to the file
 * system a little at a time (incremental vacuum). On PostgreSQL the nodes purge one batch at a time
 * (a transaction-level advisory lock), so nothing is counted twice.
 */
import { sql } from 'kysely';
import { parseAccountSettings } from '../domain/account-settings.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/database.js';
import type { Queryable } from '../store/repositories/queryable.js';
import {
  purgeCampaigns,
  purgeCompanions,
  purgeMessages,
  purgeOrphans,
} from '../store/repositories/retention.js';

import type { RetentionOptions } from './engine-options.js';

const DAY_MS = 24 * 3600_000;
/** Pages handed back to the file system per round on SQLite (4 KiB each: 16 MiB). */
const VACUUM_PAGES_PER_ROUND = 4096;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class RetentionPurge {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  readonly counters = { rounds: 0, rows: 0, messages: 0, pagesFreed: 0 };

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly options: RetentionOptions,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => void this.round().catch((err) => this.logger.error({ err }, 'retention round failed')),
      this.options.everyMs,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  /** One round: every account's rows past its retention, batch by batch within the round's budget. */
  async round(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      return await this.purgeAll();
    } finally {
      this.running = false;
    }
  }

  private async purgeAll(): Promise<number> {
    const now = this.clock();
    const accounts = await this.store.db.selectFrom('accounts').select(['id', 'settings']).execute();
    let budget = this.options.maxPerRound;
    let purged = 0;
    for (const a of accounts) {
      const days = parseAccountSettings(a.settings).retentionDays ?? this.options.days;
      if (days <= 0) continue;
      const before = now - days * DAY_MS;
      for (const step of [purgeMessages, purgeCampaigns, purgeCompanions]) {
        for (;;) {
          if (this.stopped || budget <= 0) return this.finish(purged);
          const limit = Math.min(this.options.batchSize, budget);
          const n = await this.batch((db) => step(db, a.id, before, limit));
          if (step === purgeMessages) this.counters.messages += n;
          purged += n;
          budget -= n;
          if (n === 0 || (step === purgeCompanions && n < limit)) break;
          await turn();
        }
      }
    }
    if (this.options.days > 0)
      purged += await this.batch((db) =>
        purgeOrphans(db, now - this.options.days * DAY_MS, now - 2 * DAY_MS),
      );
    return this.finish(purged);
  }

  private async finish(purged: number): Promise<number> {
    this.counters.rounds++;
    this.counters.rows += purged;
    if (purged > 0) {
      this.logger.info({ rows: purged }, 'retention purged rows');
      await this.vacuum();
    }
    return purged;
  }

  /** One batch in its own transaction, behind the other writers (SQLite) or the other nodes (PostgreSQL). */
  private async batch(work: (db: Queryable) => Promise<number>): Promise<number> {
    const run = () =>
      this.store.db.transaction().execute(async (trx) => {
        if (this.store.dialect === 'postgres')
          await sql`SELECT pg_advisory_xact_lock(hashtext('herald-retention:' || current_schema()))`.execute(
            trx,
          );
        return work(trx);
      });
    return this.store.writeLock ? this.store.writeLock.run(run) : run();
  }

  /** SQLite: hands freed pages back to the file system, a round's worth at a time. */
  private async vacuum(): Promise<void> {
    const sqlite = this.store.sqlite;
    if (!sqlite) return;
    const free = Number(sqlite.pragma('freelist_count', { simple: true }));
    if (free === 0) return;
    const pages = Math.min(free, VACUUM_PAGES_PER_ROUND);
    const run = async () => {
      await this.store.db.connection().execute(async () => {
        sqlite.pragma(`incremental_vacuum(${pages})`);
      });
    };
    await (this.store.writeLock ? this.store.writeLock.run(run) : run());
    this.counters.pagesFreed += free - Number(sqlite.pragma('freelist_count', { simple: true }));
  }
}
