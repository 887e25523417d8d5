/**
 * POST /oauth/token: OAuth2 client credentials with HTTP Basic auth (or client_id/client_secret in
 * the form), `grant_type=client_credentials`, optional `scope` (space, '+' or comma separated; empty
 * means every scope of the application).
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.js';
import { tokenBody } from './schemas.js';
import { ServiceError } from '../../services/errors.js';
import { issueToken } from '../../services/issue-token.js';

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = header ? /^\s*basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function oauthRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post(
      '/oauth/token',
      {
        schema: {
          tags: ['Authentication'],
          summary: 'An access token for the application (client credentials, Basic authentication)',
          body: tokenBody,
          security: [],
        },
      },
      async (request, reply) => {
        const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
          string,
          unknown
        >;
        const query = request.query as Record<string, unknown>;
        const field = (k: string): string | undefined => {
          const v = body[k] ?? query[k];
          return typeof v === 'string' ? v : undefined;
        };
        const creds =
          basicCredentials(request.headers.authorization) ??
          (field('client_id') !== undefined
            ? { id: field('client_id') ?? '', secret: field('client_secret') ?? '' }
            : undefined);
        if (!creds) throw new ServiceError('unauthenticated', 'Full authentication is required (HTTP Basic)');
        const token = await issueToken(ctx, {
          applicationId: creds.id,
          applicationSecret: creds.secret,
          grantType: field('grant_type'),
          scope: field('scope'),
        });
        reply.header('cache-control', 'no-store');
        return token;
      },
    );
  };
}
