/**
 * The operators' admin API under /admin, guarded by the configured admin token (HERALD_ADMIN_TOKEN;
 * the API is off without one): SMPP links and SIP trunks (list, add or change, remove), accounts'
 * settings and states, numbers (their inbound route and keyword rules), engine counters and memory, and
 * mobile-originated messages from the bundled operator simulator.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EngineHandle } from '../../engine/runtime/engine-handle.js';
import type { ServiceContext } from '../../services/context.js';
import { changeAccountSettings, readAccountSettings } from '../../services/account-settings.js';
import { deleteAccount, disableAccount, enableAccount } from '../../services/account-state.js';
import { ServiceError, validationError } from '../../services/errors.js';
import { setSmppAllowedAddresses, smppAccess } from '../../services/smpp-credentials.js';
import { listLinks, putLink, removeLink } from '../../services/smpp-links.js';
import { listTrunks, putTrunk, removeTrunk } from '../../services/voice-trunks.js';
import { secretMatches, sha256Hex } from '../../security/secrets.js';
import { bearerTokenOf } from '../routee/auth.js';
import { asObject, Fields } from '../routee/input.js';
import {
  assignNumber,
  listNumbers,
  releaseNumber,
  routeNumber,
  setKeywordRules,
} from '../../services/numbers.js';
import { threadMemory } from '../../engine/runtime/thread-memory.js';

export function adminRoutes(
  ctx: ServiceContext,
  adminToken: string | undefined,
  engine: EngineHandle | undefined,
  onSettingsChanged?: (accountId: string) => void,
  /** The bundled operator simulator's mobile-originated messages, when this process runs it. */
  originateInbound?: (mo: { from: string; to: string; text: string }) => Promise<void>,
) {
  return async (app: FastifyInstance): Promise<void> => {
    const guard = async (request: FastifyRequest) => {
      const presented = bearerTokenOf(request.headers.authorization);
      if (!adminToken)
        throw new ServiceError('forbidden', 'The admin API is disabled: set HERALD_ADMIN_TOKEN');
      if (!presented || !secretMatches(presented, sha256Hex(adminToken)))
        throw new ServiceError('unauthenticated', 'Invalid admin token');
    };

    app.get('/admin/links', { preHandler: guard }, async () => listLinks(ctx, engine));

    app.put<{ Params: { id: string } }>('/admin/links/:id', { preHandler: guard }, async (request) =>
      putLink(ctx, engine, request.params.id, request.body),
    );

    app.delete<{ Params: { id: string } }>(
      '/admin/links/:id',
      { preHandler: guard },
      async (request, reply) => {
        await removeLink(ctx, engine, request.params.id);
        reply.status(204);
        return '';
      },
    );

    app.get('/admin/trunks', { preHandler: guard }, async () => listTrunks(ctx, engine));
    app.put<{ Params: { id: string } }>('/admin/trunks/:id', { preHandler: guard }, async (request) =>
      putTrunk(ctx, engine, request.params.id, request.body),
    );
    app.delete<{ Params: { id: string } }>(
      '/admin/trunks/:id',
      { preHandler: guard },
      async (request, reply) => {
        await removeTrunk(ctx, engine, request.params.id);
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

    // Numbers of an account (long and short codes), their inbound route and keyword rules.
    app.get<AccountParams>('/admin/accounts/:id/numbers', { preHandler: guard }, async (request) =>
      listNumbers(ctx, request.params.id),
    );
    app.post<AccountParams>('/admin/accounts/:id/numbers', { preHandler: guard }, async (request, reply) => {
      const f = new Fields(asObject(request.body));
      const number = f.string('number', { required: true }) ?? '';
      const country = f.string('country');
      const inboundRoute = f.string('inboundRoute');
      f.done();
      reply.status(201);
      return assignNumber(ctx, request.params.id, {
        number,
        ...(country !== undefined && { country }),
        ...(inboundRoute !== undefined && { inboundRoute }),
      });
    });
    type NumberParams = { Params: { id: string; number: string } };
    app.put<NumberParams>(
      '/admin/accounts/:id/numbers/:number/route',
      { preHandler: guard },
      async (request) => {
        const f = new Fields(asObject(request.body));
        const route = f.string('inboundRoute', { required: true }) ?? '';
        f.done();
        return routeNumber(ctx, request.params.id, request.params.number, route);
      },
    );
    app.put<NumberParams>(
      '/admin/accounts/:id/numbers/:number/keywords',
      { preHandler: guard },
      async (request) => {
        const body = request.body;
        if (!Array.isArray(body)) throw validationError({ body: 'must be a list of {keyword, reply}' });
        return setKeywordRules(
          ctx,
          request.params.id,
          request.params.number,
          body.map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>) : {})),
        );
      },
    );
    app.delete<NumberParams>(
      '/admin/accounts/:id/numbers/:number',
      { preHandler: guard },
      async (request, reply) => {
        await releaseNumber(ctx, request.params.id, request.params.number);
        reply.status(204);
        return '';
      },
    );

    // Where an account's SMPP credentials may bind from (addresses and CIDR blocks; null: anywhere).
    app.get<AccountParams>('/admin/accounts/:id/smpp', { preHandler: guard }, async (request) =>
      smppAccess(ctx, request.params.id),
    );
    app.put<AccountParams>('/admin/accounts/:id/smpp', { preHandler: guard }, async (request) => {
      const body = asObject(request.body);
      const list = body.allowedAddresses;
      if (list !== null && !(Array.isArray(list) && list.every((a) => typeof a === 'string')))
        throw validationError({ allowedAddresses: 'must be a list of addresses or CIDR blocks, or null' });
      return setSmppAllowedAddresses(ctx, request.params.id, list as string[] | null);
    });

    // A handset writes to Herald through the bundled operator simulator (demonstrations and tests).
    app.post('/admin/simulator/inbound', { preHandler: guard }, async (request, reply) => {
      const f = new Fields(asObject(request.body));
      const from = f.string('from', { required: true }) ?? '';
      const to = f.string('to', { required: true }) ?? '';
      const text = f.string('text', { required: true }) ?? '';
      f.done();
      if (!originateInbound)
        throw new ServiceError('conflict', 'No bundled operator simulator runs in this process');
      await originateInbound({ from, to, text });
      reply.status(202);
      return { from, to, text };
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
