/**
 * The console's callbacks routes: the account's failing callbacks (retried or given up on, newest
 * first, optionally one campaign's or only those given up on) with their last error, and a replay of
 * chosen ones or of all of them.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import {
  type FailingCallback,
  listFailingCallbacks,
  MAX_REPLAY_IDS,
  replayFailingCallbacks,
} from '../../services/callback-replay.js';
import type { ServiceContext } from '../../services/context.js';
import { isoTime, type PageQuery, pageQuery, pageView } from './schemas.js';

export function failingCallbackView(c: FailingCallback) {
  let payload: unknown = c.payload;
  try {
    payload = JSON.parse(c.payload);
  } catch {
    // kept as text
  }
  return {
    id: c.id,
    kind: c.kind,
    url: c.url,
    state: c.state === 'failed' ? 'failed' : 'retrying',
    attempts: c.attempts,
    lastError: c.last_error,
    nextAttemptAt: c.state === 'failed' ? null : isoTime(c.next_attempt_at),
    createdAt: isoTime(c.created_at),
    updatedAt: isoTime(c.updated_at),
    payload,
  };
}

type ListQuery = PageQuery & { campaignId?: string; failedOnly?: boolean };

export function consoleCallbackRoutes(ctx: ServiceContext, auth: preHandlerAsyncHookHandler) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Callbacks'];
    app.get<{ Querystring: ListQuery }>(
      '/console/api/callbacks',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Callbacks being retried or given up on, newest first',
          querystring: {
            ...pageQuery,
            properties: {
              ...pageQuery.properties,
              campaignId: { type: 'string', maxLength: 100 },
              failedOnly: { type: 'boolean' },
            },
          },
        },
      },
      async (request) => {
        const { campaignId, failedOnly, ...q } = request.query;
        const p = await listFailingCallbacks(
          ctx,
          request.account,
          { ...(campaignId !== undefined && { campaignId }), ...(failedOnly && { failedOnly }) },
          q,
        );
        return pageView(p.items.map(failingCallbackView), p.total, q);
      },
    );

    app.post<{ Body: { ids?: number[]; all?: boolean; campaignId?: string } }>(
      '/console/api/callbacks/replay',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Send failing callbacks again now: the given ids, or all (of a campaign)',
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ids: { type: 'array', maxItems: MAX_REPLAY_IDS, items: { type: 'integer', minimum: 1 } },
              all: { type: 'boolean' },
              campaignId: { type: 'string', maxLength: 100 },
            },
          },
        },
      },
      async (request) => {
        return replayFailingCallbacks(ctx, request.account, request.body);
      },
    );
  };
}
