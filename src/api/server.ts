/**
 * The HTTP server: Fastify with Herald's body parsers, request-target handling, HEAD replies without
 * a body, and one error handler that answers in the envelope of the API a path belongs to.
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { createServer, type RequestListener } from 'node:http';
import type { ServiceContext } from '../services/context.js';
import { registerBodyParsers } from './http/body-parsers.js';
import { FastLane, type FastRoute } from './http/fast-lane.js';
import { pathOfRequestTarget } from './http/request-target.js';
import { accountRoutes } from './routee/accounts.js';
import type { RouteeAuth } from './routee/auth.js';
import { toRouteeError } from './routee/errors.js';
import { oauthRoutes } from './routee/oauth.js';
import { smsRoutes } from './routee/sms.js';
import { campaignRoutes } from './routee/campaigns.js';
import { contactRoutes } from './routee/contacts.js';
import { voiceRoutes } from './routee/voice.js';

export interface ErrorFamily {
  /** Does this family own the path? */
  owns(path: string): boolean;
  /** Status and body for any error raised under its paths. */
  render(err: unknown, request: FastifyRequest): { status: number; body: unknown; contentType?: string };
  notFound(request: FastifyRequest): { status: number; body: unknown; contentType?: string };
}

export const routeeFamily: ErrorFamily = {
  owns: () => true,
  render(err, request) {
    const e = toRouteeError(err, pathOnly(request.url));
    return { status: e.statusCode, body: e.body };
  },
  notFound(request) {
    return {
      status: 404,
      body: {
        code: '404000000',
        developerMessage: `No resource at ${request.method} ${pathOnly(request.url)}`,
      },
    };
  },
};

function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export interface ServerDeps {
  ctx: ServiceContext;
  auth: RouteeAuth;
  /** Families tried in order before Routee (the default owner of every path). */
  families?: ErrorFamily[];
  /** Extra route plugins (admin, Octopush, engine status...). */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
  /** Requests answered on the fast lane (see http/fast-lane.ts); none: every request through Fastify. */
  fastRoutes?: FastRoute[];
  /** Status of every answer given on the fast lane (metrics). */
  onFastAnswer?(status: number): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The fast lane in front of the server's connections, when it runs. */
    fastLane: FastLane | null;
  }
}

/** Fastify's own settings of the HTTP server it makes, kept when it is made here. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;
const HEADERS_TIMEOUT_MS = 60_000;

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { ctx } = deps;
  // Request logging needs every request in Fastify: no fast lane then.
  const lane =
    deps.fastRoutes?.length && ctx.config.httpFastLane && !ctx.config.logRequests
      ? new FastLane({
          routes: deps.fastRoutes,
          bodyLimitBytes: ctx.config.bodyLimitBytes,
          keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
          requestTimeoutMs: HEADERS_TIMEOUT_MS,
          ...(deps.onFastAnswer && { onAnswer: deps.onFastAnswer }),
        })
      : undefined;
  const app = Fastify({
    ...(lane && {
      serverFactory: (handler: RequestListener) => {
        const server = createServer(handler);
        server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
        server.headersTimeout = HEADERS_TIMEOUT_MS;
        server.requestTimeout = 0;
        server.setTimeout(0);
        lane.install(server);
        return server;
      },
    }),
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: !ctx.config.logRequests }),
    // A child logger per request (with its redaction set-up) costs more than the hot path's own work;
    // request ids are only useful when requests are logged.
    ...(ctx.config.logRequests ? {} : { childLoggerFactory: (logger: FastifyBaseLogger) => logger }),
    bodyLimit: ctx.config.bodyLimitBytes,
    rewriteUrl: (req) => pathOfRequestTarget(req.url),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
  });
  registerBodyParsers(app);
  const families = [...(deps.families ?? []), routeeFamily];
  const familyOf = (request: FastifyRequest): ErrorFamily =>
    families.find((f) => f.owns(pathOnly(request.url))) ?? routeeFamily;

  const send = (reply: FastifyReply, out: { status: number; body: unknown; contentType?: string }) => {
    reply.status(out.status);
    if (out.contentType) reply.type(out.contentType);
    return reply.send(out.body);
  };

  app.setErrorHandler((err, request, reply) => {
    const out = familyOf(request).render(err, request);
    if (out.status >= 500) request.log.error({ err }, 'request failed');
    return send(reply, out);
  });
  app.setNotFoundHandler((request, reply) => send(reply, familyOf(request).notFound(request)));
  app.decorate('fastLane', lane ?? null);
  if (lane) app.addHook('preClose', async () => lane.close());

  // HEAD answers carry no body and announce none (curl-based clients hang otherwise).
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method !== 'HEAD') return done(null, payload);
    reply.header('content-length', '0');
    done(null, '');
  });

  app.get('/health', async () => {
    await ctx.store.db.selectFrom('accounts').select('id').limit(1).execute();
    return { status: 'ok' };
  });

  await app.register(oauthRoutes(ctx));
  await app.register(smsRoutes(ctx, deps.auth));
  await app.register(accountRoutes(ctx, deps.auth));
  await app.register(campaignRoutes(ctx, deps.auth));
  await app.register(contactRoutes(ctx, deps.auth));
  await app.register(voiceRoutes(ctx, deps.auth));
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}
