/**
 * The console's replies routes: messages handsets wrote to the account (newest first), the account's
 * numbers with their pool and keyword rules, a change of one number's rules or pool, and the
 * account's pools (list, create, delete).
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import {
  type AccountNumber,
  accountNumbers,
  changeKeywordRules,
  movePoolNumber,
  receivedMessages,
} from '../../services/console-replies.js';
import { createPool, listPools, type PoolView, removePool } from '../../services/pools.js';
import type { ServiceContext } from '../../services/context.js';
import { idParams, isoTime, type PageQuery, pageQuery, pageView } from './schemas.js';

function numberView(n: AccountNumber) {
  return {
    number: n.number,
    kind: n.kind,
    country: n.country,
    poolId: n.poolId,
    poolName: n.poolName,
    inboundRoute: n.inboundRoute,
    keywords: n.keywords,
  };
}

const numberParams = {
  type: 'object',
  required: ['number'],
  properties: { number: { type: 'string', minLength: 1, maxLength: 20 } },
} as const;

function poolView(p: PoolView) {
  return {
    id: p.id,
    name: p.name,
    totalNumbers: p.totalNumbers,
    alphanumericSenderId: p.settings.alphanumericSenderId ?? null,
    inboundSMSCallbackUrl: p.settings.inboundSMSCallbackUrl ?? null,
    sticky: p.settings.sticky,
    geomatch: p.settings.geomatch,
    updatedAt: isoTime(p.updatedAt),
  };
}

export function consoleReplyRoutes(ctx: ServiceContext, auth: preHandlerAsyncHookHandler) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Replies'];
    app.get<{ Querystring: PageQuery }>(
      '/console/api/inbound',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Messages handsets wrote to the account, newest first',
          querystring: pageQuery,
        },
      },
      async (request) => {
        const p = await receivedMessages(ctx, request.account.id, request.query);
        return pageView(
          p.items.map((m) => ({ ...m, receivedAt: isoTime(m.receivedAt) })),
          p.total,
          request.query,
        );
      },
    );

    app.get(
      '/console/api/numbers',
      { preHandler: auth, schema: { tags, summary: 'The account’s numbers, their pools and keyword rules' } },
      async (request) => (await accountNumbers(ctx, request.account.id)).map(numberView),
    );

    app.get(
      '/console/api/pools',
      { preHandler: auth, schema: { tags, summary: 'The account’s number pools' } },
      async (request) => (await listPools(ctx, request.account.id)).map(poolView),
    );

    app.post<{ Body: { name: string; alphanumericSenderId?: string; inboundSMSCallbackUrl?: string } }>(
      '/console/api/pools',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Create a number pool',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100 },
              alphanumericSenderId: { type: 'string', maxLength: 20 },
              inboundSMSCallbackUrl: { type: 'string', maxLength: 2048 },
            },
          },
        },
      },
      async (request, reply) => {
        const { name, alphanumericSenderId, inboundSMSCallbackUrl } = request.body;
        const pool = await createPool(ctx, request.account.id, {
          name,
          settings: {
            ...(alphanumericSenderId && { alphanumericSenderId }),
            ...(inboundSMSCallbackUrl && { inboundSMSCallbackUrl }),
          },
        });
        return reply.status(201).send(poolView(pool));
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/console/api/pools/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'Delete a pool (its numbers stay yours)', params: idParams },
      },
      async (request, reply) => {
        await removePool(ctx, request.account.id, request.params.id);
        return reply.status(204).send();
      },
    );

    app.put<{ Params: { number: string }; Body: { poolId: string | null } }>(
      '/console/api/numbers/:number/pool',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Put a number in one of your pools (null: in none)',
          params: numberParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['poolId'],
            properties: { poolId: { type: ['string', 'null'], maxLength: 100 } },
          },
        },
      },
      async (request) =>
        numberView(await movePoolNumber(ctx, request.account.id, request.params.number, request.body.poolId)),
    );

    app.put<{ Params: { number: string }; Body: { keywords: Array<{ keyword: string; reply: string }> } }>(
      '/console/api/numbers/:number/keywords',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Replace a number’s keyword rules',
          params: numberParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['keywords'],
            properties: {
              keywords: {
                type: 'array',
                maxItems: 100,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['keyword', 'reply'],
                  properties: {
                    keyword: { type: 'string', maxLength: 60 },
                    reply: { type: 'string', maxLength: 2000 },
                  },
                },
              },
            },
          },
        },
      },
      async (request) =>
        numberView(
          await changeKeywordRules(ctx, request.account.id, request.params.number, request.body.keywords),
        ),
    );
  };
}
