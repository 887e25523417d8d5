/**
 * Bearer-token authentication for every Routee endpoint, with the scope each route requires.
 * Missing or expired token → 401; a token without the scope → 403 (Routee envelope).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../../domain/scopes.js';
import type { AccountCache } from '../../services/account-cache.js';
import type { TokenAuthenticator } from '../../services/authenticate-token.js';
import { accountRefusal } from '../../services/account-state.js';
import { ServiceError } from '../../services/errors.js';
import type { Account } from '../../services/account.js';

declare module 'fastify' {
  interface FastifyRequest {
    account: Account;
  }
}

/** What authenticating a Routee request needs. */
export interface RouteeAuth {
  tokens: TokenAuthenticator;
  accounts: AccountCache;
}

export function bearerTokenOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** The account of a request's bearer token, which must have one of `anyOf` scopes (none: any valid token). */
export async function authenticateBearer(
  auth: RouteeAuth,
  authorization: string | undefined,
  anyOf: readonly Scope[],
): Promise<Account> {
  const token = bearerTokenOf(authorization);
  if (!token) throw new ServiceError('unauthenticated', 'No access token provided');
  const principal = await auth.tokens.authenticate(token);
  if (anyOf.length > 0 && !anyOf.some((s) => principal.scopes.has(s))) {
    throw new ServiceError(
      'forbidden',
      `Access denied. Your application's access token does not have the right to use this service (needs ${anyOf.join(' or ')}).`,
    );
  }
  const account = await auth.accounts.get(principal.accountId);
  const refusal = accountRefusal(account);
  // A token that outlived its account (seed 003: 404 "User is not found").
  if (refusal === 'deleted') throw new ServiceError('account-not-found', 'User is not found');
  if (refusal === 'disabled') throw new ServiceError('unauthenticated', 'The account is disabled');
  return account!;
}

/** A preHandler that authenticates and requires one of `anyOf` scopes (none: any valid token). */
export function requireScope(auth: RouteeAuth, anyOf: readonly Scope[] = []) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.account = await authenticateBearer(auth, request.headers.authorization, anyOf);
  };
}
