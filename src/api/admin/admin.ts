/**
 * The operators' admin API under /admin, guarded by the configured admin token (HERALD_ADMIN_TOKEN;
 * the API is off without one): SMPP links (list, add or change, remove) and engine counters.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  LINK_BOUNDS,
  linkConfig,
  linkConfigProblems,
  type SmppLinkConfig,
} from '../../carriers/smpp/link-config.js';
import type { EngineHandle } from '../../engine/runtime/engine-handle.js';
import type { ServiceContext } from '../../services/context.js';
import { changeAccountSettings, readAccountSettings } from '../../services/account-settings.js';
import { deleteAccount, disableAccount, enableAccount } from '../../services/account-state.js';
import { ServiceError, validationError } from '../../services/errors.js';
import { deleteStoredLink, saveLink, storedLinkIds } from '../../services/smpp-links.js';
import { bearerTokenOf } from '../routee/auth.js';
import { asObject } from '../routee/input.js';
import { threadMemory } from '../../engine/runtime/thread-memory.js';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LINK_KEYS: ReadonlySet<string> = new Set([
  'host', 'port', 'systemId', 'password', 'systemType', 'window', 'tps', 'enquireLinkMs', 'deadAfterMs',
  'submitTimeoutMs', 'reconnectMinMs', 'reconnectMaxMs', 'throttlePauseMs', 'bindMode', 'concatenation',
  'prefixes', 'countries', 'priority', 'restrictionTlvs',
]); // prettier-ignore

/**
 * A link definition from the admin API, whole (defaults filled in) and valid: every field is checked
 * (carriers/smpp/link-config linkConfigProblems) before anything is stored; unknown keys are refused.
 */
export function readLinkInput(id: string, body: unknown): SmppLinkConfig {
  const o = asObject(body);
  const problems: Record<string, string> = {};
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!LINK_KEYS.has(k)) problems[k] = 'unknown setting';
    else if (v !== undefined && v !== null) given[k] = v;
  }
  // Numbers may arrive as strings, countries in lower case.
  for (const k of Object.keys(LINK_BOUNDS))
    if (typeof given[k] === 'string' && /^\s*\d+\s*$/.test(given[k])) given[k] = Number(given[k]);
  if (Array.isArray(given.countries))
    given.countries = given.countries.map((c: unknown) => (typeof c === 'string' ? c.toUpperCase() : c));
  if (given.host === undefined) problems.host = 'may not be empty';
  if (given.port === undefined) problems.port = 'may not be empty';
  const config = linkConfig({ ...(given as Partial<SmppLinkConfig>), id } as SmppLinkConfig);
  const all = { ...linkConfigProblems(config), ...problems };
  if (Object.keys(all).length > 0) throw validationError(all);
  return config;
}

export function adminRoutes(
  ctx: ServiceContext,
  adminToken: string | undefined,
  engine: EngineHandle | undefined,
  onSettingsChanged?: (accountId: string) => void,
) {
  return async (app: FastifyInstance): Promise<void> => {
    const guard = async (request: FastifyRequest) => {
      const presented = bearerTokenOf(request.headers.authorization);
      if (!adminToken)
        throw new ServiceError('forbidden', 'The admin API is disabled: set HERALD_ADMIN_TOKEN');
      if (!presented || !sameSecret(presented, adminToken))
        throw new ServiceError('unauthenticated', 'Invalid admin token');
    };

    app.get('/admin/links', { preHandler: guard }, async () => {
      const { ids: stored, invalid } = await storedLinkIds(ctx);
      const running = new Map((engine?.linkViews() ?? []).map((l) => [l.id, l]));
      // This node's engine runs SMPP links (carriers/smpp): their configurations, passwords left out.
      const configs = (engine ? await engine.configuredLinks() : []) as SmppLinkConfig[];
      const unusable = invalid.map((bad) => ({
        id: bad.id,
        source: 'api',
        runningHere: false,
        state: 'invalid',
        problems: bad.problems,
      }));
      return configs
        .map((c) => {
          const link = running.get(c.id);
          const { password: _password, ...visible } = c;
          return {
            ...visible,
            source: stored.has(c.id) ? 'api' : 'file',
            runningHere: Boolean(link),
            state: link?.state ?? 'elsewhere',
            counters: link?.counters ?? null,
          };
        })
        .concat(unusable as never[]);
    });

    app.put<{ Params: { id: string } }>('/admin/links/:id', { preHandler: guard }, async (request) => {
      const input = readLinkInput(request.params.id, request.body);
      const { id: _id, ...stored } = input;
      await saveLink(ctx, request.params.id, stored);
      await engine?.refreshLinks();
      const { password: _password, ...visible } = input;
      return visible;
    });

    app.delete<{ Params: { id: string } }>(
      '/admin/links/:id',
      { preHandler: guard },
      async (request, reply) => {
        if (!(await deleteStoredLink(ctx, request.params.id))) {
          throw new ServiceError('not-found', 'No link with this id was added through the admin API');
        }
        await engine?.refreshLinks();
        reply.status(204);
        return '';
      },
    );

    type AccountParams = { Params: { id: string } };
    app.get<AccountParams>('/admin/accounts/:id/settings', { preHandler: guard }, async (request) =>
      readAccountSettings(ctx, request.params.id),
    );
    const change = async (request: FastifyRequest<AccountParams>) => {
      const settings = await changeAccountSettings(ctx, request.params.id, asObject(request.body));
      onSettingsChanged?.(request.params.id);
      return settings;
    };
    app.patch<AccountParams>('/admin/accounts/:id/settings', { preHandler: guard }, change);
    app.put<AccountParams>('/admin/accounts/:id/settings', { preHandler: guard }, change);

    // Accounts: disable (credentials refused), enable, delete (gone to every API; ledger kept).
    app.post<AccountParams>('/admin/accounts/:id/disable', { preHandler: guard }, async (request) => {
      await disableAccount(ctx, request.params.id);
      onSettingsChanged?.(request.params.id);
      return { accountId: request.params.id, state: 'disabled' };
    });
    app.post<AccountParams>('/admin/accounts/:id/enable', { preHandler: guard }, async (request) => {
      await enableAccount(ctx, request.params.id);
      onSettingsChanged?.(request.params.id);
      return { accountId: request.params.id, state: 'active' };
    });
    app.delete<AccountParams>('/admin/accounts/:id', { preHandler: guard }, async (request) => {
      const { withdrawn } = await deleteAccount(ctx, request.params.id);
      onSettingsChanged?.(request.params.id);
      return { accountId: request.params.id, state: 'deleted', withdrawnCampaigns: withdrawn };
    });

    app.get('/admin/engine', { preHandler: guard }, async () => engine?.stats() ?? { running: false });

    // Memory by thread (the soak benchmark reads it): `?gc=true` collects first when the process runs
    // with --expose-gc, so the heap figures are what each thread keeps alive.
    app.get<{ Querystring: { gc?: string } }>('/admin/memory', { preHandler: guard }, async (request) => {
      const afterGc = request.query.gc === 'true' || request.query.gc === '1';
      const { rss } = process.memoryUsage();
      return {
        rssBytes: rss,
        threads: [threadMemory('api', afterGc), ...((await engine?.threadMemory(afterGc)) ?? [])],
      };
    });
  };
}
