/**
 * Retention: every `everyMs`, rows past their account's retention period (its `retentionDays`
 * setting, else the server's `retention.days`; 0 keeps everything) are purged in small batches, one
 * transaction each, with a turn of the event loop between them and at most `maxPerRound` rows a
 * round, so that traffic goes on meanwhile on either database. What they counted stays per day
 * (`usage_daily`); the ledger stays whole. On SQLite the pages freed are given back to the file
 * system a little at a time (incremental vacuum). On PostgreSQL the nodes purge one batch at a time
 * (a transaction-level advisory lock), so nothing is counted twice.
 */
import { parseAccountSettings } from '../../domain/account-settings.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/database.js';
import { listAccounts } from '../../store/repositories/accounts.js';
import {
  inPurgeBatch,
  purgeCampaigns,
  purgeCompanions,
  purgeMessages,
  purgeOrphans,
  vacuumFreedPages,
} from '../../store/repositories/retention.js';

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
    const accounts = await listAccounts(this.store.db);
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
          const n = await inPurgeBatch(this.store, (db) => step(db, a.id, before, limit));
          if (step === purgeMessages) this.counters.messages += n;
          purged += n;
          budget -= n;
          if (n === 0 || (step === purgeCompanions && n < limit)) break;
          await turn();
        }
      }
    }
    if (this.options.days > 0)
      purged += await inPurgeBatch(this.store, (db) =>
        purgeOrphans(db, now - this.options.days * DAY_MS, now - 2 * DAY_MS),
      );
    return this.finish(purged);
  }

  private async finish(purged: number): Promise<number> {
    this.counters.rounds++;
    this.counters.rows += purged;
    if (purged > 0) {
      this.logger.info({ rows: purged }, 'retention purged rows');
      this.counters.pagesFreed += await vacuumFreedPages(this.store, VACUUM_PAGES_PER_ROUND);
    }
    return purged;
  }
}
