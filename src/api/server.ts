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
import { createServer, type RequestListener, STATUS_CODES } from 'node:http';
import type { ServiceContext } from '../services/context.js';
import { NUL_REFUSED, registerBodyParsers } from './http/body-parsers.js';
import { FastLane, type FastRoute, isMirroredByFastLane } from './http/fast-lane.js';
import type { Logger } from '../logger.js';
import { pathOfRequestTarget } from './http/request-target.js';
import { accountRoutes } from './routee/accounts.js';
import type { RouteeAuth } from './routee/auth.js';
import { toRouteeError } from './routee/errors.js';
import { oauthRoutes } from './routee/oauth.js';
import { smsRoutes } from './routee/sms.js';
import { poolRoutes } from './routee/pools.js';
import { campaignRoutes } from './routee/campaigns.js';
import { contactRoutes } from './routee/contacts.js';
import { reportRoutes } from './routee/reports.js';
import { voiceRoutes } from './routee/voice.js';
import { callbackReplayRoutes } from './routee/callback-replay.js';
import { checkDatabase } from '../services/smpp-links.js';
import { openApiRoutes, registerOpenApi } from './openapi.js';
import { OPENAPI_FACES } from './openapi-faces.js';

export interface ErrorAnswer {
  status: number;
  body: unknown;
  contentType?: string;
}

export interface ErrorFamily {
  /** Does this family own the path? */
  owns(path: string): boolean;
  /** Status and body for any error raised under its paths (`path` without its query). */
  render(err: unknown, path: string): ErrorAnswer;
  notFound(method: string, path: string): ErrorAnswer;
}

export const routeeFamily: ErrorFamily = {
  owns: () => true,
  render(err, path) {
    const e = toRouteeError(err, path);
    return { status: e.statusCode, body: e.body };
  },
  notFound(method, path) {
    return {
      status: 404,
      body: { code: '404000000', developerMessage: `No resource at ${method} ${path}` },
    };
  },
};

/** What a request that cannot be read as HTTP is told, per status (Node's parser and timeouts). */
const CLIENT_ERROR_MESSAGES: Record<number, string> = {
  400: 'Malformed HTTP request',
  408: 'The request did not arrive in time',
  414: 'The request target is too long',
  431: 'The request header fields are too large',
};

/** The path of a raw request's target (its first line), '/' when there is none to read. */
function pathOfRawRequest(raw: Buffer | undefined): string {
  if (!raw) return '/';
  const line = raw.toString('latin1', 0, Math.min(raw.length, 8192)).split(/[\r\n]/, 1)[0]!;
  const m = /^[A-Z]+ (\S+)/.exec(line);
  return m ? pathOnly(pathOfRequestTarget(m[1])) : '/';
}

/** A whole HTTP answer, closing the connection, for an error of the family that owns the path. */
function rawErrorAnswer(family: ErrorFamily, err: unknown, path: string): string {
  const out = family.render(err, path);
  const body = typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
  return (
    `HTTP/1.1 ${out.status} ${STATUS_CODES[out.status] ?? ''}\r\n` +
    `content-type: ${out.contentType ?? 'application/json; charset=utf-8'}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

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

/** The hooks of a request's life in Fastify: the fast lane runs none of them. */
const REQUEST_HOOKS = new Set([
  'onRequest',
  'preParsing',
  'preValidation',
  'preHandler',
  'preSerialization',
  'onSend',
  'onResponse',
  'onError',
  'onTimeout',
  'onRequestAbort',
]);

/**
 * The fast lane answers without Fastify's hooks, so a global request hook added after the server's
 * own (a plugin's rate limit, tracing, request ids…) would silently miss the busiest route. Such a
 * hook (one not marked `mirroredByFastLane`) turns the lane off when the server is ready (`auto`), or
 * stops the start with an error when the operator asked for the lane (`true`). Hooks of encapsulated
 * plugins apply only to their own routes and do not count.
 */
function guardFastLane(app: FastifyInstance, lane: FastLane, required: boolean, logger: Logger): void {
  const unmirrored: string[] = [];
  // Called on the instance that adds the hook: the root, or an encapsulated plugin's own instance.
  const addHook = app.addHook as (this: FastifyInstance, name: string, fn: unknown) => FastifyInstance;
  const guarded = function (this: FastifyInstance, name: string, fn: unknown) {
    if (this === app && REQUEST_HOOKS.has(name) && !isMirroredByFastLane(fn)) unmirrored.push(name);
    return addHook.call(this, name, fn);
  };
  Object.defineProperty(app, 'addHook', { value: guarded, configurable: true, writable: true });
  addHook.call(app, 'onReady', async () => {
    if (unmirrored.length === 0) return;
    if (required)
      throw new Error(
        `httpFastLane is true but global ${unmirrored.join(', ')} hook(s) are registered, which the fast lane would skip; set httpFastLane to auto or false`,
      );
    lane.turnOff();
    app.fastLane = null;
    logger.info({ hooks: unmirrored }, 'fast lane off: global request hooks are registered');
  });
}

/** Fastify's own settings of the HTTP server it makes, kept when it is made here. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;
const HEADERS_TIMEOUT_MS = 60_000;

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { ctx } = deps;
  const families = [...(deps.families ?? []), routeeFamily];
  const familyOfPath = (path: string): ErrorFamily => families.find((f) => f.owns(path)) ?? routeeFamily;
  const familyOf = (request: FastifyRequest): ErrorFamily => familyOfPath(pathOnly(request.url));
  /**
   * Requests Node's parser refuses (malformed, headers too large, too slow) are answered in the
   * envelope of the API their path belongs to, as every other error.
   */
  const clientErrorAnswer = (status: number, raw: Buffer | undefined): string => {
    const path = pathOfRawRequest(raw);
    const err = Object.assign(new Error(CLIENT_ERROR_MESSAGES[status] ?? 'Bad request'), {
      statusCode: status,
    });
    return rawErrorAnswer(familyOfPath(path), err, path);
  };
  // Request logging needs every request in Fastify: no fast lane then.
  const send = (reply: FastifyReply, out: ErrorAnswer) => {
    reply.status(out.status);
    if (out.contentType) reply.type(out.contentType);
    return reply.send(out.body);
  };
  const lane =
    deps.fastRoutes?.length && ctx.config.httpFastLane !== false && !ctx.config.logRequests
      ? new FastLane({
          routes: deps.fastRoutes,
          bodyLimitBytes: ctx.config.bodyLimitBytes,
          keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
          requestTimeoutMs: HEADERS_TIMEOUT_MS,
          clientErrorAnswer,
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
    // Route schemas refuse unknown keys where they say so (additionalProperties: false) instead of
    // dropping them silently; lenient faces simply allow them.
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true, strictTypes: false } },
    rewriteUrl: (req) => pathOfRequestTarget(req.url),
    // Requests arriving while the server closes get a 503 in their API's envelope (hook below).
    return503OnClosing: false,
    clientErrorHandler(error, socket) {
      const err = error as Error & { code?: string; rawPacket?: unknown };
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const status =
        err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
      if (socket.writable) socket.end(clientErrorAnswer(status, raw));
      else socket.destroy();
    },
    // Errors Fastify's router raises itself (a malformed URL, a path segment too long: 400 and 414).
    frameworkErrors(err, request, reply) {
      const path = pathOnly(request.url);
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      const message = Object.assign(new Error(CLIENT_ERROR_MESSAGES[status] ?? err.message), {
        statusCode: status,
      });
      void send(reply, familyOfPath(path).render(message, path));
    },
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
  });
  registerBodyParsers(app);
  app.setErrorHandler((err, request, reply) => {
    const out = familyOf(request).render(err, pathOnly(request.url));
    if (out.status >= 500 && out.status !== 503) request.log.error({ err }, 'request failed');
    return send(reply, out);
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, familyOf(request).notFound(request.method, pathOnly(request.url))),
  );
  app.decorate('fastLane', lane ?? null);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    lane?.close();
  });
  app.addHook('onRequest', (request, reply, done) => {
    // A NUL in the path or the query (`%00`): refused like one in a body (see body-parsers).
    if (request.url.includes('%00')) return done(Object.assign(new Error(NUL_REFUSED), { statusCode: 400 }));
    if (!closing) return done();
    reply.header('connection', 'close');
    done(Object.assign(new Error('The server is shutting down'), { statusCode: 503 }));
  });

  // HEAD answers carry no body and announce none (curl-based clients hang otherwise).
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method !== 'HEAD') return done(null, payload);
    reply.header('content-length', '0');
    done(null, '');
  });

  if (lane) guardFastLane(app, lane, ctx.config.httpFastLane === true, ctx.logger);

  app.get('/health', async () => {
    await checkDatabase(ctx);
    return { status: 'ok' };
  });

  await registerOpenApi(app, OPENAPI_FACES);
  await app.register(oauthRoutes(ctx));
  await app.register(smsRoutes(ctx, deps.auth));
  await app.register(poolRoutes(ctx, deps.auth));
  await app.register(accountRoutes(ctx, deps.auth));
  await app.register(campaignRoutes(ctx, deps.auth));
  await app.register(contactRoutes(ctx, deps.auth));
  await app.register(reportRoutes(ctx, deps.auth));
  await app.register(voiceRoutes(ctx, deps.auth));
  await app.register(callbackReplayRoutes(ctx, deps.auth));
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  await app.register(openApiRoutes(OPENAPI_FACES));
  return app;
}
