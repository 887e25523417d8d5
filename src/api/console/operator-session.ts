/**
 * The console's operator sign-in (with the admin token, HERALD_ADMIN_TOKEN): its own cookie beside
 * the account session's (an operator may also be signed in as an account), the same CSRF rule on
 * every change, sign-out. `operatorAuth` is the preHandler of every operator route.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfTokenOf } from '../../services/console-session.js';
import type { ServiceContext } from '../../services/context.js';
import { ServiceError } from '../../services/errors.js';
import { operatorSession, signInOperator, signOutOperator } from '../../services/operator-session.js';
import { cookieOf, requireCsrf, sessionCookie } from './session.js';

export const OPERATOR_COOKIE = 'herald_operator';

declare module 'fastify' {
  interface FastifyRequest {
    operatorToken: string;
  }
}

/** Signed in as operator, and for a change the session's CSRF token in `X-CSRF-Token`. */
export function operatorAuth(ctx: ServiceContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = cookieOf(request.headers.cookie, OPERATOR_COOKIE);
    await operatorSession(ctx, token);
    requireCsrf(request, token!);
    request.operatorToken = token!;
  };
}

export function operatorSessionRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Operator'];
    const auth = operatorAuth(ctx);
    const view = (csrfToken: string, expiresAt: number) => ({
      operator: true,
      csrfToken,
      expiresAt: new Date(expiresAt).toISOString(),
    });

    app.post<{ Body: { token: string } }>(
      '/console/api/operator/session',
      {
        schema: {
          tags,
          summary: 'Sign in as operator with the admin token',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['token'],
            properties: { token: { type: 'string', minLength: 1, maxLength: 1000 } },
          },
        },
      },
      async (request, reply) => {
        const session = await signInOperator(ctx, request.body.token.trim());
        reply.header(
          'set-cookie',
          sessionCookie(request, OPERATOR_COOKIE, session.token, ctx.config.consoleSessionSeconds),
        );
        return view(session.csrfToken, session.expiresAt);
      },
    );

    // Signed out is an answer, not an error; `enabled` says whether operator pages exist at all.
    app.get(
      '/console/api/operator/session',
      { schema: { tags, summary: 'Whether this browser is signed in as operator' } },
      async (request) => {
        const enabled = Boolean(ctx.config.adminToken);
        const token = cookieOf(request.headers.cookie, OPERATOR_COOKIE);
        if (!enabled || !token) return { operator: false, enabled };
        const session = await operatorSession(ctx, token).catch((err: unknown) => {
          if (err instanceof ServiceError && err.kind === 'unauthenticated') return null;
          throw err;
        });
        if (!session) return { operator: false, enabled };
        return { ...view(csrfTokenOf(token), session.expiresAt), enabled };
      },
    );

    app.delete(
      '/console/api/operator/session',
      { preHandler: auth, schema: { tags, summary: 'Sign out as operator' } },
      async (request, reply) => {
        await signOutOperator(ctx, request.operatorToken);
        reply.header('set-cookie', sessionCookie(request, OPERATOR_COOKIE, '', 0));
        return reply.status(204).send();
      },
    );
  };
}
