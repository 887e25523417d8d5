/** Routee single SMS: POST /sms, POST /sms/analyze, GET /sms/tracking/single/{messageId}. */
import type { FastifyInstance } from 'fastify';
import { smsBody, trackingQuery } from './schemas.js';
import { parseAccountSettings } from '../../domain/account-settings.js';
import { fromMicros } from '../../domain/money.js';
import type { ServiceContext } from '../../services/context.js';
import { bodyAnalysisOf, prepareSms, type SmsRequest } from '../../services/prepare-sms.js';
import { bodyAnalysisView } from './analysis-views.js';
import { sendSms } from '../../services/send-sms.js';
import { searchSmsTracking, trackSms } from '../../services/track-sms.js';
import { validationError } from '../../services/errors.js';
import { tooManyPartsText } from '../../services/part-limit.js';
import { authenticateBearer, type RouteeAuth, requireScope } from './auth.js';
import { toRouteeError } from './errors.js';
import type { FastRoute } from '../http/fast-lane.js';
import { parseJsonBody } from '../http/body-parsers.js';
import type { Account } from '../../services/account.js';
import { asObject, Fields, readPage } from './input.js';
import { springPage } from './paging.js';
import { partTrackingView } from './tracking-views.js';
import { mapPage } from '../../services/paging.js';

export function readSmsRequest(body: unknown): SmsRequest {
  const f = new Fields(asObject(body));
  const req: SmsRequest = {
    from: f.string('from', { required: true }) ?? '',
    to: f.string('to', { required: true }) ?? '',
    body: f.string('body', { required: true }) ?? '',
  };
  const flash = f.boolean('flash');
  const label = f.string('label');
  const callback = f.callback('callback');
  const ttl = f.integer('ttl');
  const transcode = f.boolean('transcode');
  const restrictions = f.object('restrictions');
  f.done();
  if (flash !== undefined) req.flash = flash;
  if (label !== undefined) req.label = label;
  if (callback !== undefined) req.callback = callback;
  if (ttl !== undefined) req.ttlMinutes = ttl;
  if (transcode !== undefined) req.transcode = transcode;
  if (restrictions !== undefined) req.restrictions = restrictions;
  return req;
}

const bodyAnalysisSchema = {
  type: 'object',
  properties: {
    characters: { type: 'integer' },
    parts: { type: 'integer' },
    unicode: { type: 'boolean' },
    unsupportedGSMCharacters: { type: 'array', items: { type: 'string' } },
    transcode: { type: 'object', properties: { message: { type: 'string' }, parts: { type: 'integer' } } },
  },
} as const;

const callbackSchema = {
  type: 'object',
  properties: { url: { type: 'string' }, strategy: { type: 'string' } },
} as const;

/** Response schema of POST /sms: documents the shape and lets Fastify serialise it fast. */
const sentSmsSchema = {
  type: 'object',
  properties: {
    trackingId: { type: 'string' },
    createdAt: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    body: { type: 'string' },
    status: { type: 'string' },
    label: { type: 'string' },
    bodyAnalysis: bodyAnalysisSchema,
    flash: { type: 'boolean' },
    callback: callbackSchema,
    ttl: { type: 'integer' },
  },
} as const;

/** POST /sms: sends the message and answers its view (keys in the order of sentSmsSchema). */
async function acceptSms(
  ctx: ServiceContext,
  account: Account,
  body: unknown,
): Promise<Record<string, unknown>> {
  const req = readSmsRequest(body);
  const accepted = await sendSms(ctx, account, req);
  const view: Record<string, unknown> = {
    trackingId: accepted.trackingId,
    createdAt: new Date(accepted.createdAt).toISOString(),
    from: req.from,
    to: accepted.prepared.recipient.e164,
    body: req.body,
    status: 'Queued',
  };
  if (req.label !== undefined) view.label = req.label;
  view.bodyAnalysis = bodyAnalysisView(bodyAnalysisOf(accepted.prepared));
  view.flash = req.flash ?? false;
  if (accepted.callback) view.callback = accepted.callback;
  view.ttl = accepted.ttlMinutes;
  return view;
}

/**
 * POST /sms on the fast lane (src/api/http/fast-lane.ts): what the route above answers, in the same
 * order — the body read first (a malformed one is a 400 before any authentication, as in Fastify's
 * lifecycle), then the token, then the message; errors in the Routee envelope.
 */
export function smsFastRoute(ctx: ServiceContext, auth: RouteeAuth): FastRoute {
  return {
    path: '/sms',
    async handle(request) {
      let parsed = false;
      try {
        const body = parseJsonBody(request.body);
        parsed = true;
        const account = await authenticateBearer(auth, request.headers.authorization, SMS_SCOPES);
        return { status: 200, body: JSON.stringify(await acceptSms(ctx, account, body)) };
      } catch (err) {
        const e = toRouteeError(err, '/sms');
        if (e.statusCode >= 500) ctx.logger.error({ err }, 'request failed');
        // Fastify closes the connection after a body it could not parse: the client may send more.
        return { status: e.statusCode, body: JSON.stringify(e.body), close: !parsed };
      }
    },
  };
}

const SMS_SCOPES = ['sms'] as const;

export function smsRoutes(ctx: ServiceContext, auth: RouteeAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    const sms = requireScope(auth, SMS_SCOPES);
    const tracking = requireScope(auth, ['sms', 'report']);

    const tags = ['SMS'];
    app.post(
      '/sms',
      {
        preHandler: sms,
        schema: { tags, summary: 'Send one SMS', body: smsBody, response: { 200: sentSmsSchema } },
      },
      async (request) => acceptSms(ctx, request.account, request.body),
    );

    app.post(
      '/sms/analyze',
      { preHandler: sms, schema: { tags, summary: 'Parts, encoding and cost of an SMS', body: smsBody } },
      async (request) => {
        const req = readSmsRequest(request.body);
        const prepared = await prepareSms(ctx, parseAccountSettings(request.account.settings), req);
        const answer: Record<string, unknown> = {
          cost: fromMicros(prepared.totalPriceMicros),
          bodyAnalysis: bodyAnalysisView(bodyAnalysisOf(prepared)),
        };
        // Too long to send: said here, refused by POST /sms.
        if (prepared.finalParts > prepared.maxParts)
          answer.errors = [
            {
              code: '400000000',
              developerMessage: tooManyPartsText(prepared.finalParts, prepared.maxParts),
              property: 'body',
            },
          ];
        return answer;
      },
    );

    app.post(
      '/sms/tracking',
      {
        preHandler: tracking,
        schema: { tags: ['Tracking'], summary: 'Search messages by filters', querystring: trackingQuery },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const now = ctx.clock();
        const dateStart = f.date('dateStart') ?? now - 7 * 24 * 3600_000;
        const dateEnd = f.date('dateEnd') ?? now;
        const page = readPage(f);
        const campaignId = f.string('trackingId');
        const onlyCampaigns = f.boolean('campaign');
        f.done();
        const body = request.body === undefined ? [] : request.body;
        const list = Array.isArray(body) ? body : [body];
        const filters = list.map((item, i) => {
          const o = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
          if (
            typeof o.fieldName !== 'string' ||
            (typeof o.searchTerm !== 'string' && typeof o.searchTerm !== 'number')
          ) {
            throw validationError({ [`[${i}]`]: 'a filter is {fieldName, searchTerm, searchOperator?}' });
          }
          return {
            fieldName: o.fieldName,
            searchTerm: String(o.searchTerm),
            ...(typeof o.searchOperator === 'string' && { searchOperator: o.searchOperator }),
          };
        });
        return springPage(
          mapPage(
            await searchSmsTracking(ctx, request.account, {
              dateStart,
              dateEnd,
              ...page,
              ...(campaignId && { campaignId }),
              ...(onlyCampaigns !== undefined && { onlyCampaigns }),
              filters,
            }),
            partTrackingView,
          ),
        );
      },
    );

    app.get<{ Params: { messageId: string } }>(
      '/sms/tracking/single/:messageId',
      { preHandler: tracking, schema: { tags: ['Tracking'], summary: 'The parts of one message' } },
      async (request) =>
        (await trackSms(ctx, request.account, request.params.messageId)).map(partTrackingView),
    );
  };
}
