/**
 * Authentication by account login and API key (the Octopush faces' credentials, v1 headers and legacy
 * form fields alike): the key is checked against its stored hash, and a disabled or deleted account
 * is refused. Which account a login belongs to may be kept for a short while, so that a key check
 * costs a hash and not a query; the key's hash is the account cache's, which a key replaced on this
 * node drops at once (account-credentials.ts).
 */
import { secretMatches } from '../security/secrets.js';
import { findAccountByApiLogin } from '../store/repositories/accounts.js';
import type { AccountCache } from './account-cache.js';
import { accountRefusal } from './account-state.js';
import type { Account } from './account.js';
import type { ServiceContext } from './context.js';

export class ApiKeyAuthenticator {
  /** login → account id. */
  private readonly known = new Map<string, { accountId: string; until: number }>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly accounts: AccountCache,
    /** How long a login's lookup is kept (0: read on every check). */
    private readonly keepMs = 5_000,
  ) {}

  /** The account the credentials open, or null. */
  async authenticate(login: string, key: string): Promise<Account | null> {
    const now = this.ctx.clock();
    let entry = this.known.get(login);
    if (!entry || entry.until < now) {
      const row = await findAccountByApiLogin(this.ctx.store.db, login);
      if (!row) return null;
      entry = { accountId: row.id, until: now + this.keepMs };
      if (this.keepMs > 0) {
        if (this.known.size > 10_000) this.known.clear();
        this.known.set(login, entry);
      }
    }
    const account = await this.accounts.get(entry.accountId);
    if (!account || !secretMatches(key, account.api_key_hash) || accountRefusal(account)) return null;
    return account;
  }
}
