/**
 * Octopush v1 authentication: `api-login` and `api-key` headers (values trimmed: the official curl
 * example sends two spaces). The key is checked against its stored hash.
 */
import type { FastifyRequest } from 'fastify';
import type { AccountCache } from '../../services/account-cache.js';
import { ApiKeyAuthenticator } from '../../services/authenticate-api-key.js';
import type { ServiceContext } from '../../services/context.js';
import { octopushError } from './errors.js';

function header(request: FastifyRequest, name: string): string {
  const v = request.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export function octopushAuth(ctx: ServiceContext, accounts: AccountCache) {
  const keys = new ApiKeyAuthenticator(ctx, accounts);
  return async (request: FastifyRequest): Promise<void> => {
    const login = header(request, 'api-login');
    const key = header(request, 'api-key');
    if (!login) throw octopushError(108, 401);
    if (!key) throw octopushError(109, 401);
    const account = await keys.authenticate(login, key);
    if (!account) throw octopushError(101, 401);
    request.account = account;
  };
}
