/**
 * Account rows by id, kept for a short while: every authenticated request needs the account (name,
 * settings, currency) and the balance is never read from here (debits are conditional UPDATEs).
 * A settings change made by this process is seen at once (`forget`), one made elsewhere within `ttlMs`.
 */
import { findAccountById } from '../store/repositories/accounts.js';
import type { AccountRow } from '../store/schema.js';
import type { ServiceContext } from './context.js';

export class AccountCache {
  private readonly rows = new Map<string, { row: AccountRow; until: number }>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly ttlMs = 1000,
    private readonly maxEntries = 10_000,
  ) {}

  async get(id: string): Promise<AccountRow | undefined> {
    const now = this.ctx.clock();
    const hit = this.rows.get(id);
    if (hit && hit.until > now) return hit.row;
    const row = await findAccountById(this.ctx.store.db, id);
    if (!row) {
      this.rows.delete(id);
      return undefined;
    }
    if (this.rows.size >= this.maxEntries) this.rows.clear();
    this.rows.set(id, { row, until: now + this.ttlMs });
    return row;
  }

  forget(id: string): void {
    this.rows.delete(id);
  }
}
