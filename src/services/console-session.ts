/**
 * Signing in to the console with an account's application credentials (the Routee face's application
 * id and secret): a random session token for an HttpOnly cookie, stored only as its hash, ending
 * after `consoleSessionSeconds` or at sign-out. Every change the console makes also carries a CSRF
 * token derived from the session's (so nothing more is stored, and a page of another site, which
 * cannot read the console's answers, cannot know it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { findAccountByClientId } from '../store/repositories/accounts.js';
import {
  deleteConsoleSession,
  deleteEndedConsoleSessions,
  insertConsoleSession,
  liveConsoleSession,
} from '../store/repositories/console-sessions.js';
import type { AccountRow } from '../store/schema.js';
import { newAccessToken, secretMatches, sha256Hex } from '../security/secrets.js';
import type { AccountCache } from './account-cache.js';
import { accountRefusal } from './account-state.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';
import { sweepEvery } from './sweep-every.js';

export interface ConsoleSignIn {
  token: string;
  csrfToken: string;
  account: AccountRow;
  expiresAt: number;
}

const sweepDue = sweepEvery();

/** The CSRF token that goes with a session token. */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('herald console csrf').digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const want = Buffer.from(csrfTokenOf(sessionToken));
  const got = Buffer.from(presented);
  return want.length === got.length && timingSafeEqual(want, got);
}

export async function signIn(
  ctx: ServiceContext,
  credentials: { applicationId?: string | undefined; applicationSecret?: string | undefined },
): Promise<ConsoleSignIn> {
  const problems: Record<string, string> = {};
  if (!credentials.applicationId) problems.applicationId = 'may not be empty';
  if (!credentials.applicationSecret) problems.applicationSecret = 'may not be empty';
  if (Object.keys(problems).length > 0) throw validationError(problems);
  const account = await findAccountByClientId(ctx.store.db, credentials.applicationId!);
  if (
    !account ||
    accountRefusal(account) ||
    !secretMatches(credentials.applicationSecret!, account.client_secret_hash)
  )
    throw new ServiceError('unauthenticated', 'Wrong application id or secret');
  const now = ctx.clock();
  const token = newAccessToken();
  const expiresAt = now + ctx.config.consoleSessionSeconds * 1000;
  await insertConsoleSession(ctx.store.db, {
    tokenHash: sha256Hex(token),
    accountId: account.id,
    expiresAt,
    now,
  });
  if (sweepDue(now)) await deleteEndedConsoleSessions(ctx.store.db, now);
  return { token, csrfToken: csrfTokenOf(token), account, expiresAt };
}

/** The account signed in with this session token; unauthenticated when it ended or never was. */
export async function sessionAccount(
  ctx: ServiceContext,
  accounts: AccountCache,
  token: string | undefined,
): Promise<{ account: AccountRow; expiresAt: number }> {
  const session = token ? await liveConsoleSession(ctx.store.db, sha256Hex(token), ctx.clock()) : undefined;
  if (!session) throw new ServiceError('unauthenticated', 'Not signed in, or the session has ended');
  const account = await accounts.get(session.accountId);
  if (!account || accountRefusal(account))
    throw new ServiceError('unauthenticated', 'The account is disabled or deleted');
  return { account, expiresAt: session.expiresAt };
}

export async function signOut(ctx: ServiceContext, token: string): Promise<void> {
  await deleteConsoleSession(ctx.store.db, sha256Hex(token));
}
