/**
 * Signing in to the console's operator pages with the admin token (HERALD_ADMIN_TOKEN): a random
 * session token for its own HttpOnly cookie, stored only as its hash together with the hash of the
 * admin token it was opened with, so that a new admin token ends every operator session. The CSRF
 * token of every change is derived from the session's, as for accounts (console-session.ts).
 */
import {
  deleteEndedOperatorSessions,
  deleteOperatorSession,
  insertOperatorSession,
  liveOperatorSession,
} from '../store/repositories/operator-sessions.js';
import { newAccessToken, secretMatches, sha256Hex } from '../security/secrets.js';
import { csrfTokenOf } from './console-session.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';
import { sweepEvery } from './sweep-every.js';

export interface OperatorSignIn {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

const sweepDue = sweepEvery();

function adminTokenOf(ctx: ServiceContext): string {
  const adminToken = ctx.config.adminToken;
  if (!adminToken)
    throw new ServiceError('forbidden', 'Operator pages are off: start Herald with HERALD_ADMIN_TOKEN set');
  return adminToken;
}

export async function signInOperator(
  ctx: ServiceContext,
  presented: string | undefined,
): Promise<OperatorSignIn> {
  const adminToken = adminTokenOf(ctx);
  if (!presented) throw validationError({ token: 'may not be empty' });
  if (!secretMatches(presented, sha256Hex(adminToken)))
    throw new ServiceError('unauthenticated', 'Wrong admin token');
  const now = ctx.clock();
  const token = newAccessToken();
  const expiresAt = now + ctx.config.consoleSessionSeconds * 1000;
  await insertOperatorSession(ctx.store.db, {
    tokenHash: sha256Hex(token),
    adminTokenHash: sha256Hex(adminToken),
    expiresAt,
    now,
  });
  if (sweepDue(now)) await deleteEndedOperatorSessions(ctx.store.db, now);
  return { token, csrfToken: csrfTokenOf(token), expiresAt };
}

/** When the operator session of this token ends; unauthenticated when it has ended or never was. */
export async function operatorSession(
  ctx: ServiceContext,
  token: string | undefined,
): Promise<{ expiresAt: number }> {
  const adminToken = adminTokenOf(ctx);
  const session = token ? await liveOperatorSession(ctx.store.db, sha256Hex(token), ctx.clock()) : undefined;
  if (!session || session.adminTokenHash !== sha256Hex(adminToken))
    throw new ServiceError('unauthenticated', 'Not signed in as operator, or the session has ended');
  return { expiresAt: session.expiresAt };
}

export async function signOutOperator(ctx: ServiceContext, token: string): Promise<void> {
  await deleteOperatorSession(ctx.store.db, sha256Hex(token));
}
