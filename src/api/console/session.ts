/**
 * The console's session: sign in with application credentials (a cookie: HttpOnly, SameSite=Strict,
 * Secure behind TLS), who is signed in (with the CSRF token the page sends back on every change),
 * sign out. `consoleAuth` is the preHandler of every other console route.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountCache } from '../../services/account-cache.js';
import type { ServiceContext } from '../../services/context.js';
import { csrfMatches, csrfTokenOf, sessionAccount, signIn, signOut } from '../../services/console-session.js';
import { ServiceError } from '../../services/errors.js';
import { asObject } from '../routee/input.js';

export const SESSION_COOKIE = 'herald_console';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    consoleToken: string;
  }
}

export function cookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A session cookie: HttpOnly, SameSite=Strict, Secure behind TLS; an empty value and 0 clear it. */
export function sessionCookie(
  request: FastifyRequest,
  name: string,
  value: string,
  maxAgeSeconds: number,
): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A change (POST, PUT, PATCH, DELETE) must carry the CSRF token of the session it is made in. */
export function requireCsrf(request: FastifyRequest, sessionToken: string): void {
  if (
    CHANGES.has(request.method) &&
    !csrfMatches(sessionToken, request.headers[CSRF_HEADER] as string | undefined)
  )
    throw new ServiceError('forbidden', 'Missing or wrong CSRF token: reload the page');
}

/** Signed in, and for a change the session's CSRF token in `X-CSRF-Token`. */
export function consoleAuth(ctx: ServiceContext, accounts: AccountCache) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = cookieOf(request.headers.cookie, SESSION_COOKIE);
    const { account } = await sessionAccount(ctx, accounts, token);
    requireCsrf(request, token!);
    request.account = account;
    request.consoleToken = token!;
  };
}

export function sessionRoutes(ctx: ServiceContext, accounts: AccountCache) {
  return async (app: FastifyInstance): Promise<void> => {
    const auth = consoleAuth(ctx, accounts);
    const view = (account: { id: string; name: string }, csrfToken: string, expiresAt: number) => ({
      account: { id: account.id, name: account.name },
      csrfToken,
      expiresAt: new Date(expiresAt).toISOString(),
    });

    const tags = ['Session'];
    app.post(
      '/console/api/session',
      {
        schema: {
          tags,
          summary: 'Sign in with the account’s application id and secret',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              applicationId: { type: 'string', maxLength: 200 },
              applicationSecret: { type: 'string', maxLength: 200 },
            },
          },
        },
      },
      async (request, reply: FastifyReply) => {
        const body = asObject(request.body);
        const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);
        const session = await signIn(ctx, {
          applicationId: str(body.applicationId),
          applicationSecret: str(body.applicationSecret),
        });
        reply.header(
          'set-cookie',
          sessionCookie(request, SESSION_COOKIE, session.token, ctx.config.consoleSessionSeconds),
        );
        return view(session.account, session.csrfToken, session.expiresAt);
      },
    );

    // Signed out is an answer, not an error: the page asks this first on every load.
    app.get(
      '/console/api/session',
      { schema: { tags, summary: 'Who is signed in (account: null when nobody)' } },
      async (request) => {
        const token = cookieOf(request.headers.cookie, SESSION_COOKIE);
        const session = await sessionAccount(ctx, accounts, token).catch((err: unknown) => {
          if (err instanceof ServiceError && err.kind === 'unauthenticated') return null;
          throw err;
        });
        if (!session) return { account: null };
        return view(session.account, csrfTokenOf(token!), session.expiresAt);
      },
    );

    app.delete(
      '/console/api/session',
      { preHandler: auth, schema: { tags, summary: 'Sign out' } },
      async (request, reply) => {
        await signOut(ctx, request.consoleToken);
        reply.header('set-cookie', sessionCookie(request, SESSION_COOKIE, '', 0));
        return reply.status(204).send();
      },
    );
  };
}
