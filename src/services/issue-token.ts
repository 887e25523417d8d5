/**
 * OAuth2 client-credentials: checks the application id and secret and issues a bearer token carrying
 * the granted scopes. Several live tokens per application coexist.
 */
import { parseAccountSettings } from '../domain/account-settings.js';
import { grantScopes, parseScopeRequest, permissionsOf, type Scope } from '../domain/scopes.js';
import { newAccessToken, secretMatches, sha256Hex } from '../security/secrets.js';
import { findAccountByClientId } from '../store/repositories/accounts.js';
import { accountRefusal } from './account-state.js';
import { deleteExpiredTokens, insertToken } from '../store/repositories/tokens.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';
import { sweepEvery } from './sweep-every.js';

export interface TokenRequest {
  applicationId: string;
  applicationSecret: string;
  grantType: string | undefined;
  scope: string | undefined;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  permissions: string[];
}

const sweepDue = sweepEvery();

export async function issueToken(ctx: ServiceContext, req: TokenRequest): Promise<IssuedToken> {
  if (req.grantType !== 'client_credentials') {
    throw validationError({ grant_type: 'must be client_credentials' });
  }
  const account = await findAccountByClientId(ctx.store.db, req.applicationId);
  if (
    !account ||
    accountRefusal(account) ||
    !secretMatches(req.applicationSecret, account.client_secret_hash)
  ) {
    throw new ServiceError('unauthenticated', 'Bad credentials');
  }
  const allowed = account.scopes.split(' ').filter(Boolean) as Scope[];
  const grant = grantScopes(parseScopeRequest(req.scope), allowed);
  if (!grant.ok) throw validationError({ scope: `invalid scope: ${grant.unknown.join(' ')}` });

  const settings = parseAccountSettings(account.settings);
  const lifetime = settings.tokenLifetimeSeconds ?? ctx.config.tokenLifetimeSeconds;
  const now = ctx.clock();
  const token = newAccessToken();
  await insertToken(
    ctx.store.db,
    sha256Hex(token),
    { accountId: account.id, scopes: grant.scopes.join(' '), expiresAt: now + lifetime * 1000 },
    now,
  );
  if (sweepDue(now)) await deleteExpiredTokens(ctx.store.db, now);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: lifetime,
    scope: grant.scopes.join(' '),
    permissions: permissionsOf(grant.scopes),
  };
}
