/**
 * The console's replies routes: messages handsets wrote to the account (newest first), the account's
 * numbers with their pool and keyword rules, and a change of one number's rules.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import {
  type AccountNumber,
  accountNumbers,
  changeKeywordRules,
  receivedMessages,
} from '../../services/console-replies.js';
import type { ServiceContext } from '../../services/context.js';
import { isoTime, type PageQuery, pageQuery, pageView } from './schemas.js';

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

    app.put<{ Params: { number: string }; Body: { keywords: Array<{ keyword: string; reply: string }> } }>(
      '/console/api/numbers/:number/keywords',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Replace a number’s keyword rules',
          params: {
            type: 'object',
            required: ['number'],
            properties: { number: { type: 'string', minLength: 1, maxLength: 20 } },
          },
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
