/** Routee single SMS: POST /sms, POST /sms/analyze, GET /sms/tracking/single/{messageId}. */
import type { FastifyInstance } from 'fastify';
import { parseAccountSettings } from '../../domain/account-settings.js';
import { fromMicros } from '../../domain/money.js';
import type { TokenAuthenticator } from '../../services/authenticate-token.js';
import type { ServiceContext } from '../../services/context.js';
import { bodyAnalysisView, prepareSms, type SmsRequest } from '../../services/prepare-sms.js';
import { sendSms } from '../../services/send-sms.js';
import { trackSms } from '../../services/track-sms.js';
import { requireScope } from './auth.js';
import { asObject, Fields } from './input.js';

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
  f.done();
  if (flash !== undefined) req.flash = flash;
  if (label !== undefined) req.label = label;
  if (callback !== undefined) req.callback = callback;
  if (ttl !== undefined) req.ttlMinutes = ttl;
  if (transcode !== undefined) req.transcode = transcode;
  return req;
}

export function smsRoutes(ctx: ServiceContext, auth: TokenAuthenticator) {
  return async (app: FastifyInstance): Promise<void> => {
    const sms = requireScope(ctx, auth, ['sms']);
    const tracking = requireScope(ctx, auth, ['sms', 'report']);

    app.post('/sms', { preHandler: sms }, async (request) => {
      const req = readSmsRequest(request.body);
      const accepted = await sendSms(ctx, request.account, req);
      const view: Record<string, unknown> = {
        trackingId: accepted.trackingId,
        createdAt: new Date(accepted.createdAt).toISOString(),
        from: req.from,
        to: accepted.prepared.recipient.e164,
        body: req.body,
        status: 'Queued',
        bodyAnalysis: bodyAnalysisView(accepted.prepared),
        flash: req.flash ?? false,
        ttl: accepted.ttlMinutes,
      };
      if (req.label !== undefined) view.label = req.label;
      if (accepted.callback) view.callback = accepted.callback;
      return view;
    });

    app.post('/sms/analyze', { preHandler: sms }, async (request) => {
      const req = readSmsRequest(request.body);
      const prepared = await prepareSms(ctx, parseAccountSettings(request.account.settings), req);
      return { cost: fromMicros(prepared.totalPriceMicros), bodyAnalysis: bodyAnalysisView(prepared) };
    });

    app.get<{ Params: { messageId: string } }>(
      '/sms/tracking/single/:messageId',
      { preHandler: tracking },
      async (request) => trackSms(ctx, request.account, request.params.messageId),
    );
  };
}
