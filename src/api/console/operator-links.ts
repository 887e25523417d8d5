/**
 * The console's operator routes for carriers: SMPP links (list with state, window use and counters;
 * add, edit, disable, enable, remove) and SIP trunks (list with their calls now; the same changes). A link's fields are checked
 * by the service, field by field, so the body schema only bounds the shape.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { EngineHandle } from '../../engine/runtime/engine-handle.js';
import type { ServiceContext } from '../../services/context.js';
import { editLink, listLinks, removeLink, setLinkDisabled } from '../../services/smpp-links.js';
import { editTrunk, listTrunks, removeTrunk, setTrunkDisabled } from '../../services/voice-trunks.js';

const linkParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const linkBody = {
  type: 'object',
  maxProperties: 30,
  description:
    'Link settings (host, port, systemId, password, systemType, window, tps, bindMode, concatenation, prefixes, countries, priority, timers…); on an edit, fields left out keep their values',
} as const;

const trunkBody = {
  type: 'object',
  maxProperties: 10,
  description:
    'Trunk settings (host, port, username, password, domain, maxCalls, disabled); on an edit, fields left out keep their values',
} as const;

export function operatorLinkRoutes(
  ctx: ServiceContext,
  auth: preHandlerAsyncHookHandler,
  engine: EngineHandle | undefined,
) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Operator'];
    type Params = { Params: { id: string } };

    app.get(
      '/console/api/operator/links',
      { preHandler: auth, schema: { tags, summary: 'SMPP links with their state, window use and counters' } },
      async () => ({ items: await listLinks(ctx, engine), at: new Date(ctx.clock()).toISOString() }),
    );

    app.post<Params & { Body: Record<string, unknown> }>(
      '/console/api/operator/links/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'Add an SMPP link', params: linkParams, body: linkBody },
      },
      async (request, reply) => {
        const link = await editLink(ctx, engine, request.params.id, request.body, true);
        return reply.status(201).send(link);
      },
    );

    app.patch<Params & { Body: Record<string, unknown> }>(
      '/console/api/operator/links/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'Change an SMPP link', params: linkParams, body: linkBody },
      },
      async (request) => editLink(ctx, engine, request.params.id, request.body, false),
    );

    for (const [verb, disabled] of [
      ['disable', true],
      ['enable', false],
    ] as const) {
      app.post<Params>(
        `/console/api/operator/links/:id/${verb}`,
        {
          preHandler: auth,
          schema: {
            tags,
            summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} an SMPP link`,
            params: linkParams,
          },
        },
        async (request) => setLinkDisabled(ctx, engine, request.params.id, disabled),
      );
    }

    app.delete<Params>(
      '/console/api/operator/links/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'Remove a link added by the console or the admin API', params: linkParams },
      },
      async (request, reply) => {
        await removeLink(ctx, engine, request.params.id);
        return reply.status(204).send();
      },
    );

    app.get(
      '/console/api/operator/trunks',
      { preHandler: auth, schema: { tags, summary: 'Voice trunks with their calls now' } },
      async () => ({ items: await listTrunks(ctx, engine), calls: engine?.stats().voice ?? null }),
    );

    app.post<Params & { Body: Record<string, unknown> }>(
      '/console/api/operator/trunks/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'Add a SIP trunk', params: linkParams, body: trunkBody },
      },
      async (request, reply) =>
        reply.status(201).send(await editTrunk(ctx, engine, request.params.id, request.body, true)),
    );

    app.patch<Params & { Body: Record<string, unknown> }>(
      '/console/api/operator/trunks/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'Change a SIP trunk', params: linkParams, body: trunkBody },
      },
      async (request) => editTrunk(ctx, engine, request.params.id, request.body, false),
    );

    for (const [verb, disabled] of [
      ['disable', true],
      ['enable', false],
    ] as const) {
      app.post<Params>(
        `/console/api/operator/trunks/:id/${verb}`,
        {
          preHandler: auth,
          schema: {
            tags,
            summary: `${verb[0]!.toUpperCase()}${verb.slice(1)} a SIP trunk (calls in progress end first)`,
            params: linkParams,
          },
        },
        async (request) => setTrunkDisabled(ctx, engine, request.params.id, disabled),
      );
    }

    app.delete<Params>(
      '/console/api/operator/trunks/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'Remove a trunk added by the console or the admin API', params: linkParams },
      },
      async (request, reply) => {
        await removeTrunk(ctx, engine, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
