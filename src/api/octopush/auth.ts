/**
 * Octopush v1 authentication: `api-login` and `api-key` headers (values trimmed: the official curl
 * example sends two spaces). The key is checked against its stored hash.
 */
import type { FastifyRequest } from 'fastify';
import { secretMatches } from '../../security/secrets.js';
import type { AccountCache } from '../../services/account-cache.js';
import { accountRefusal } from '../../services/account-state.js';
import type { ServiceContext } from '../../services/context.js';
import { findAccountByOctopushLogin } from '../../store/repositories/accounts.js';
import { octopushError } from './errors.js';

function header(request: FastifyRequest, name: string): string {
  const v = request.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export function octopushAuth(ctx: ServiceContext, accounts: AccountCache) {
  /** login → account id and key hash, for a short while (a key check is a hash, not a query). */
  const known = new Map<string, { accountId: string; keyHash: string; until: number }>();
  return async (request: FastifyRequest): Promise<void> => {
    const login = header(request, 'api-login');
    const key = header(request, 'api-key');
    if (!login) throw octopushError(108, 401);
    if (!key) throw octopushError(109, 401);
    const now = ctx.clock();
    let entry = known.get(login);
    if (!entry || entry.until < now) {
      const row = await findAccountByOctopushLogin(ctx.store.db, login);
      if (!row) throw octopushError(101, 401);
      entry = { accountId: row.id, keyHash: row.octopush_key_hash, until: now + 5_000 };
      if (known.size > 10_000) known.clear();
      known.set(login, entry);
    }
    if (!secretMatches(key, entry.keyHash)) throw octopushError(101, 401);
    const account = await accounts.get(entry.accountId);
    if (!account || accountRefusal(account)) throw octopushError(101, 401);
    request.account = account;
  };
}
