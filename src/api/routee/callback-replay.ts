/**
 * Herald's own endpoints beside the Routee API for scripts that mend a receiver and want its
 * callbacks again: `GET /accounts/me/callbacks/failing` lists the account's callbacks being retried
 * or given up on (Spring page, newest first), `POST /accounts/me/callbacks/replay` sends chosen ones
 * (`ids`) or all of them (`all`, optionally of one `campaignId`) again now. Scope `sms`.
 */
import type { FastifyInstance } from 'fastify';
import {
  type FailingCallback,
  listFailingCallbacks,
  MAX_REPLAY_IDS,
  replayFailingCallbacks,
} from '../../services/callback-replay.js';
import type { ServiceContext } from '../../services/context.js';
import { mapPage } from '../../services/paging.js';
import { type RouteeAuth, requireScope } from './auth.js';
import { asObject, Fields, parseIntegerValue, readPage } from './input.js';
import { springPage } from './paging.js';

function failingCallbackView(c: FailingCallback) {
  return {
    id: c.id,
    kind: c.kind,
    url: c.url,
    state: c.state === 'failed' ? 'Failed' : 'Retrying',
    attempts: c.attempts,
    lastError: c.last_error,
    nextAttemptDate: c.state === 'failed' ? null : new Date(c.next_attempt_at).toISOString(),
    createdDate: new Date(c.created_at).toISOString(),
    payload: c.payload,
  };
}

const lenientBoolean = {
  type: ['boolean', 'string', 'integer'],
  description: 'true/false, also as a string',
};

export function callbackReplayRoutes(ctx: ServiceContext, auth: RouteeAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    const sms = requireScope(auth, ['sms']);
    const tags = ['Callbacks (Herald)'];

    app.get(
      '/accounts/me/callbacks/failing',
      {
        preHandler: sms,
        schema: {
          tags,
          summary: 'Callbacks being retried or given up on, newest first (Herald extension)',
          querystring: {
            type: 'object',
            properties: {
              page: { type: ['integer', 'string'] },
              size: { type: ['integer', 'string'] },
              campaignId: { type: 'string' },
              failedOnly: lenientBoolean,
            },
          },
        },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const page = readPage(f);
        const campaignId = f.string('campaignId');
        const failedOnly = f.boolean('failedOnly');
        f.done();
        const p = await listFailingCallbacks(
          ctx,
          request.account,
          { ...(campaignId !== undefined && { campaignId }), ...(failedOnly && { failedOnly }) },
          page,
        );
        return springPage(mapPage(p, failingCallbackView));
      },
    );

    app.post(
      '/accounts/me/callbacks/replay',
      {
        preHandler: sms,
        schema: {
          tags,
          summary:
            'Send failing callbacks again now: `ids`, or `all` (of one `campaignId`) (Herald extension)',
          body: {
            type: 'object',
            properties: {
              ids: { type: 'array', items: { type: ['integer', 'string'] }, maxItems: MAX_REPLAY_IDS },
              all: lenientBoolean,
              campaignId: { type: 'string' },
            },
          },
        },
      },
      async (request) => {
        const f = new Fields(asObject(request.body));
        const all = f.boolean('all') ?? false;
        const campaignId = f.string('campaignId');
        const rawIds = f.obj.ids;
        const ids: number[] = [];
        if (rawIds !== undefined && rawIds !== null) {
          const list = Array.isArray(rawIds) ? rawIds : [rawIds];
          for (const v of list) {
            const n = parseIntegerValue(v);
            if (n === null || n < 1) f.problems.ids = 'must be an array of callback ids';
            else ids.push(n);
          }
        }
        if (!all && ids.length === 0 && !f.problems.ids) f.problems.ids = 'give ids, or all: true';
        f.done();
        return replayFailingCallbacks(ctx, request.account, {
          all,
          ids,
          ...(campaignId !== undefined && { campaignId }),
        });
      },
    );
  };
}
