/**
 * The operators' admin API under /admin, guarded by the configured admin token (HERALD_ADMIN_TOKEN;
 * the API is off without one): SMPP links (list, add or change, remove) and engine counters.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LINK_DEFAULTS, type SmppLinkConfig } from '../../carriers/smpp/link-config.js';
import type { EngineHandle } from '../../engine/engine-handle.js';
import type { ServiceContext } from '../../services/context.js';
import { changeAccountSettings, readAccountSettings } from '../../services/account-settings.js';
import { ServiceError, validationError } from '../../services/errors.js';
import { bearerTokenOf } from '../routee/auth.js';
import { asObject } from '../routee/input.js';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const NUMBER_FIELDS = [
  'port', 'window', 'tps', 'enquireLinkMs', 'deadAfterMs', 'submitTimeoutMs', 'reconnectMinMs', 'reconnectMaxMs',
  'throttlePauseMs', 'priority',
] as const; // prettier-ignore

/** Validates a link definition from the admin API. */
export function readLinkInput(id: string, body: unknown): Partial<SmppLinkConfig> {
  const o = asObject(body);
  const problems: Record<string, string> = {};
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) problems.id = 'letters, digits, . _ - (1 to 64)';
  const out: Partial<SmppLinkConfig> = {};
  if (typeof o.host !== 'string' || o.host.length === 0) problems.host = 'may not be empty';
  else out.host = o.host;
  for (const k of ['systemId', 'password', 'systemType'] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'string') problems[k] = 'must be a string';
    else out[k] = o[k] as string;
  }
  for (const k of NUMBER_FIELDS) {
    if (o[k] === undefined) continue;
    const n = Number(o[k]);
    if (!Number.isInteger(n) || n < 0) problems[k] = 'must be a non-negative integer';
    else out[k] = n;
  }
  if (out.port === undefined && !problems.port) problems.port = 'may not be empty';
  if (out.window !== undefined && out.window < 1) problems.window = 'must be at least 1';
  if (o.concatenation !== undefined) {
    if (o.concatenation !== 'udh' && o.concatenation !== 'sar') problems.concatenation = 'udh or sar';
    else out.concatenation = o.concatenation;
  }
  for (const k of ['prefixes', 'countries'] as const) {
    if (o[k] === undefined) continue;
    if (!Array.isArray(o[k]) || !(o[k] as unknown[]).every((x) => typeof x === 'string'))
      problems[k] = 'must be an array of strings';
    else out[k] = (o[k] as string[]).map((x) => (k === 'countries' ? x.toUpperCase() : x));
  }
  if (o.bindMode !== undefined) {
    if (o.bindMode !== 'transceiver' && o.bindMode !== 'pair') problems.bindMode = 'transceiver or pair';
    else out.bindMode = o.bindMode;
  }
  if (o.restrictionTlvs !== undefined) {
    const m = o.restrictionTlvs;
    const ok =
      m !== null &&
      typeof m === 'object' &&
      !Array.isArray(m) &&
      Object.values(m).every((t) => Number.isInteger(t) && (t as number) > 0 && (t as number) <= 0xffff);
    if (!ok) problems.restrictionTlvs = 'must map restriction names to TLV tags (1–65535)';
    else out.restrictionTlvs = m as Record<string, number>;
  }
  if (Object.keys(problems).length > 0) throw validationError(problems);
  return out;
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
      const stored = await ctx.store.db.selectFrom('smpp_links').select('id').execute();
      const running = new Map((engine?.linkViews() ?? []).map((l) => [l.id, l]));
      const configs = engine ? await engine.configuredLinks() : [];
      return configs.map((c) => {
        const link = running.get(c.id);
        const { password: _password, ...visible } = c;
        return {
          ...visible,
          source: stored.some((s) => s.id === c.id) ? 'api' : 'file',
          runningHere: Boolean(link),
          state: link?.state ?? 'elsewhere',
          counters: link?.counters ?? null,
        };
      });
    });

    app.put<{ Params: { id: string } }>('/admin/links/:id', { preHandler: guard }, async (request) => {
      const input = readLinkInput(request.params.id, request.body);
      const now = ctx.clock();
      const config = JSON.stringify({ ...LINK_DEFAULTS, ...input });
      await ctx.store.db
        .insertInto('smpp_links')
        .values({ id: request.params.id, config, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ config, updated_at: now }))
        .execute();
      await engine?.refreshLinks();
      const { password: _password, ...visible } = { ...LINK_DEFAULTS, ...input, id: request.params.id };
      return visible;
    });

    app.delete<{ Params: { id: string } }>(
      '/admin/links/:id',
      { preHandler: guard },
      async (request, reply) => {
        const r = await ctx.store.db
          .deleteFrom('smpp_links')
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) {
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

    app.get('/admin/engine', { preHandler: guard }, async () => engine?.stats() ?? { running: false });
  };
}
