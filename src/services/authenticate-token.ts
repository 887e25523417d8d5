/**
 * Resolves a bearer token to its account and scopes. Tokens are immutable once issued, so a small
 * in-process cache (bounded, honouring expiry) spares the store a read on every request.
 */
import type { Scope } from '../domain/scopes.js';
import { sha256Hex } from '../security/secrets.js';
import { findToken } from '../store/repositories/tokens.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';

export interface Principal {
  accountId: string;
  scopes: ReadonlySet<Scope>;
  expiresAt: number;
}

export class TokenAuthenticator {
  /** token → principal and when to read the store again (a deleted account drops out within a minute). */
  private readonly cache = new Map<string, { principal: Principal; recheckAt: number }>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly maxEntries = 10_000,
  ) {}

  /** Drops what is cached of an account's tokens (they were revoked): the next use reads the store. */
  forgetAccount(accountId: string): void {
    for (const [token, entry] of this.cache)
      if (entry.principal.accountId === accountId) this.cache.delete(token);
  }

  async authenticate(token: string): Promise<Principal> {
    const now = this.ctx.clock();
    const hit = this.cache.get(token);
    let principal = hit && hit.recheckAt > now ? hit.principal : undefined;
    if (!principal) {
      const stored = await findToken(this.ctx.store.db, sha256Hex(token));
      if (!stored) throw new ServiceError('unauthenticated', 'Invalid access token');
      principal = {
        accountId: stored.accountId,
        scopes: new Set(stored.scopes.split(' ').filter(Boolean) as Scope[]),
        expiresAt: stored.expiresAt,
      };
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(token, { principal, recheckAt: now + 60_000 });
    }
    if (principal.expiresAt <= now) {
      this.cache.delete(token);
      throw new ServiceError('unauthenticated', 'Access token has expired');
    }
    return principal;
  }
}
