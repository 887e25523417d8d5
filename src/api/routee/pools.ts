/**
 * Routee's number pools: /pools/my (create, list), /pools/my/{poolId} (read, edit, delete), the
 * pool's numbers (the account's numbers, assigned by the operator, put in or out of it), and
 * POST /pools/my/{poolId}/sms — one SMS whose sender the pool picks. Binds, calls services/pools.ts,
 * renders Routee's pool and send views.
 */
import type { FastifyInstance } from 'fastify';
import { isPoolStrategy, type PoolSettings, type PoolStrategy } from '../../domain/pools.js';
import type { ServiceContext } from '../../services/context.js';
import { validationError } from '../../services/errors.js';
import {
  addPoolNumbers,
  createPool,
  editPool,
  getPool,
  listPools,
  type PoolChange,
  type PoolNumberView,
  poolNumbers,
  type PoolView,
  removePool,
  removePoolNumber,
  sendPoolSms,
} from '../../services/pools.js';
import { bodyAnalysisOf } from '../../services/prepare-sms.js';
import { bodyAnalysisView } from './analysis-views.js';
import { type RouteeAuth, requireScope } from './auth.js';
import { asObject, Fields } from './input.js';
import { poolBody, poolNumbersBody, poolSmsBody } from './schemas.js';

function smsSettingsView(s: PoolSettings): Record<string, unknown> {
  return {
    sticky: s.sticky,
    geomatch: s.geomatch,
    transcode: s.transcode,
    ...(s.defaultCountry && { defaultCountry: s.defaultCountry }),
    ...(s.alphanumericSenderId && { alphanumericSenderId: s.alphanumericSenderId }),
    inboundSMSCallbackUrl: s.inboundSMSCallbackUrl ?? '',
    ...(s.callback && { callback: s.callback }),
  };
}

function poolView(p: PoolView): Record<string, unknown> {
  return {
    poolId: p.id,
    poolName: p.name,
    smsSettings: smsSettingsView(p.settings),
    totalNumbers: p.totalNumbers,
    updatedAt: new Date(p.updatedAt).toISOString(),
  };
}

function numberView(n: PoolNumberView): Record<string, unknown> {
  return { number: n.number, country: n.country, type: n.kind, poolId: n.poolId };
}

/** A create's or an edit's body; `create` requires the name. */
function readPoolChange(body: unknown, create: boolean): PoolChange {
  const f = new Fields(asObject(body));
  const name = f.string('poolName', { required: create });
  const s = f.object('smsSettings');
  f.done();
  const change: PoolChange = {};
  if (name !== undefined) change.name = name;
  if (s) {
    const g = new Fields(s);
    const settings: Partial<PoolSettings> = {};
    const sticky = g.boolean('sticky');
    const geomatch = g.boolean('geomatch');
    const transcode = g.boolean('transcode');
    const defaultCountry = g.string('defaultCountry');
    const sender = g.string('alphanumericSenderId');
    const inbound = g.string('inboundSMSCallbackUrl');
    const callback = g.callback('callback');
    const problems = Object.fromEntries(Object.entries(g.problems).map(([k, v]) => [`smsSettings.${k}`, v]));
    if (Object.keys(problems).length > 0) throw validationError(problems);
    if (sticky !== undefined) settings.sticky = sticky;
    if (geomatch !== undefined) settings.geomatch = geomatch;
    if (transcode !== undefined) settings.transcode = transcode;
    if (defaultCountry !== undefined) settings.defaultCountry = defaultCountry;
    if (sender !== undefined) settings.alphanumericSenderId = sender;
    if (inbound !== undefined) settings.inboundSMSCallbackUrl = inbound;
    if (callback !== undefined) settings.callback = callback;
    change.settings = settings;
  }
  return change;
}

function readPoolSms(body: unknown): { to: string; body: string; strategy: PoolStrategy } {
  const f = new Fields(asObject(body));
  const to = f.string('to', { required: true }) ?? '';
  const text = f.string('body', { required: true }) ?? '';
  const raw = f.string('poolStrategy') ?? 'Numeric';
  const strategy = ['Numeric', 'Alphanumeric'].find((s) => s.toLowerCase() === raw.trim().toLowerCase());
  if (!isPoolStrategy(strategy)) f.problems.poolStrategy = 'must be Numeric or Alphanumeric';
  if (f.has('urlShortener'))
    f.problems.urlShortener = 'is not served for pool sends (send a campaign to shorten links)';
  f.done();
  return { to, body: text, strategy: strategy as PoolStrategy };
}

const SMS_SCOPES = ['sms'] as const;

export function poolRoutes(ctx: ServiceContext, auth: RouteeAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    const sms = requireScope(auth, SMS_SCOPES);
    const tags = ['Pools'];
    type PoolParams = { Params: { poolId: string } };

    app.post(
      '/pools/my',
      { preHandler: sms, schema: { tags, summary: 'Create a number pool', body: poolBody } },
      async (request) =>
        poolView(await createPool(ctx, request.account.id, readPoolChange(request.body, true))),
    );
    app.get(
      '/pools/my',
      { preHandler: sms, schema: { tags, summary: 'The account’s pools' } },
      async (request) => (await listPools(ctx, request.account.id)).map(poolView),
    );
    app.get<PoolParams>(
      '/pools/my/:poolId',
      { preHandler: sms, schema: { tags, summary: 'One pool' } },
      async (request) => poolView(await getPool(ctx, request.account.id, request.params.poolId)),
    );
    app.put<PoolParams>(
      '/pools/my/:poolId',
      {
        preHandler: sms,
        schema: { tags, summary: 'Edit a pool (what is left out is kept)', body: poolBody },
      },
      async (request) =>
        poolView(
          await editPool(ctx, request.account.id, request.params.poolId, readPoolChange(request.body, false)),
        ),
    );
    app.delete<PoolParams>(
      '/pools/my/:poolId',
      { preHandler: sms, schema: { tags, summary: 'Delete a pool (its numbers stay the account’s)' } },
      async (request, reply) => {
        await removePool(ctx, request.account.id, request.params.poolId);
        reply.status(204);
        return '';
      },
    );

    app.get<PoolParams>(
      '/pools/my/:poolId/numbers',
      { preHandler: sms, schema: { tags, summary: 'The pool’s numbers' } },
      async (request) => (await poolNumbers(ctx, request.account.id, request.params.poolId)).map(numberView),
    );
    app.post<PoolParams>(
      '/pools/my/:poolId/numbers',
      {
        preHandler: sms,
        schema: { tags, summary: 'Put numbers of the account in the pool', body: poolNumbersBody },
      },
      async (request) => {
        const f = new Fields(asObject(request.body));
        const list = f.stringArray('numbers');
        if (list === undefined || list.length === 0) f.problems.numbers = 'may not be empty';
        f.done();
        return (await addPoolNumbers(ctx, request.account.id, request.params.poolId, list!)).map(numberView);
      },
    );
    app.delete<{ Params: { poolId: string; number: string } }>(
      '/pools/my/:poolId/numbers/:number',
      { preHandler: sms, schema: { tags, summary: 'Take a number out of the pool' } },
      async (request, reply) => {
        await removePoolNumber(ctx, request.account.id, request.params.poolId, request.params.number);
        reply.status(204);
        return '';
      },
    );

    app.post<PoolParams>(
      '/pools/my/:poolId/sms',
      { preHandler: sms, schema: { tags, summary: 'Send one SMS through a pool', body: poolSmsBody } },
      async (request) => {
        const req = readPoolSms(request.body);
        const sent = await sendPoolSms(ctx, request.account, request.params.poolId, req);
        const { accepted } = sent;
        return {
          trackingId: accepted.trackingId,
          status: 'Queued',
          createdAt: new Date(accepted.createdAt).toISOString(),
          poolId: sent.pool.id,
          poolName: sent.pool.name,
          poolStrategy: sent.strategy,
          smsSettings: smsSettingsView(sent.pool.settings),
          to: accepted.prepared.recipient.e164,
          from: sent.from,
          body: req.body,
          bodyAnalysis: bodyAnalysisView(bodyAnalysisOf(accepted.prepared)),
        };
      },
    );
  };
}
