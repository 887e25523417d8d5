/**
 * Routee voice: POST /voice/campaign, POST /voice/analysis (no calls), GET /voice/tracking/{messageId},
 * GET /voice/tracking/campaign/{trackingId}, DELETE /voice/campaign/{trackingId} (while Scheduled).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../services/context.js';
import { ServiceError } from '../../services/errors.js';
import { springPage } from '../../services/account-finance.js';
import {
  analyseVoiceCampaign,
  createVoiceCampaign,
  getVoiceCampaign,
  type VoiceCampaignRequest,
  voiceCallView,
  voiceCampaignView,
  withdrawScheduledVoice,
} from '../../services/voice-campaigns.js';
import { type RouteeAuth, requireScope } from './auth.js';
import { asObject, Fields, readPage } from './input.js';

export function readVoiceRequest(body: unknown): VoiceCampaignRequest {
  const f = new Fields(asObject(body));
  const req: VoiceCampaignRequest = { from: f.string('from', { required: true }) ?? '' };
  const to = f.stringArray('to');
  const contacts = f.stringArray('contacts');
  const groups = f.stringArray('groups');
  const name = f.string('name') ?? f.string('campaignName');
  const fileURL = f.string('fileURL');
  const message = f.object('message');
  const respectQuietHours = f.boolean('respectQuietHours');
  const ignoreDnd = f.boolean('ignoreDnd');
  const scheduledDate = f.date('scheduledDate');
  const hangupDelay = f.integer('hangupDelay');
  const callback = f.callback('callback');
  const campaignCallback = f.callback('campaignCallback');
  const collectDtmfDigits = f.boolean('collectDtmfDigits');
  const collectDtmfAwaitSeconds = f.integer('collectDtmfAwaitSeconds');
  f.done();
  if (to) req.to = to;
  if (contacts) req.contacts = contacts;
  if (groups) req.groups = groups;
  if (name !== undefined) req.name = name;
  if (fileURL !== undefined) req.fileURL = fileURL;
  if (message) {
    const text = typeof message.text === 'string' ? message.text : '';
    const language = typeof message.language === 'string' ? message.language : 'en-US';
    const gender = typeof message.gender === 'string' ? message.gender.toLowerCase() : 'female';
    req.message = { text, language, gender };
  }
  if (respectQuietHours !== undefined) req.respectQuietHours = respectQuietHours;
  if (ignoreDnd !== undefined) req.ignoreDnd = ignoreDnd;
  if (scheduledDate !== undefined) req.scheduledDate = scheduledDate;
  if (hangupDelay !== undefined) req.hangupDelay = hangupDelay;
  if (callback) req.callback = callback;
  if (campaignCallback) req.campaignCallback = campaignCallback;
  if (collectDtmfDigits !== undefined) req.collectDtmfDigits = collectDtmfDigits;
  if (collectDtmfAwaitSeconds !== undefined) req.collectDtmfAwaitSeconds = collectDtmfAwaitSeconds;
  return req;
}

/**
 * Seed 003: on the voice routes a missing, invalid or expired token is 403 "User is not authenticated"
 * (a token of an account that no longer exists is 404 "User is not found", as everywhere).
 */
function voiceAuth(check: (request: FastifyRequest, reply: FastifyReply) => Promise<void>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      await check(request, reply);
    } catch (err) {
      if (err instanceof ServiceError && err.kind === 'unauthenticated')
        throw new ServiceError('forbidden', 'User is not authenticated');
      throw err;
    }
  };
}

export function voiceRoutes(ctx: ServiceContext, auth: RouteeAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    const voice = voiceAuth(requireScope(auth, ['voice']));
    const tracking = voiceAuth(requireScope(auth, ['voice', 'report']));
    type Id = { Params: { id: string } };

    app.post('/voice/campaign', { preHandler: voice }, async (request) =>
      createVoiceCampaign(ctx, request.account, readVoiceRequest(request.body)),
    );

    app.post('/voice/analysis', { preHandler: voice }, async (request) =>
      analyseVoiceCampaign(ctx, request.account, readVoiceRequest(request.body)),
    );

    app.get<Id>('/voice/campaign/:id', { preHandler: tracking }, async (request) =>
      voiceCampaignView(ctx, await getVoiceCampaign(ctx, request.account, request.params.id)),
    );

    app.put<Id>('/voice/campaign/:id', { preHandler: voice }, async (request) => {
      const row = await getVoiceCampaign(ctx, request.account, request.params.id);
      if (row.state !== 'Scheduled') {
        throw new ServiceError(
          'validation',
          `The campaign ${row.id} is not Scheduled.`,
          {},
          { code: '400009002' },
        );
      }
      return createVoiceCampaign(ctx, request.account, readVoiceRequest(request.body), {
        id: row.id,
        replacing: row,
      });
    });

    app.delete<Id>('/voice/campaign/:id', { preHandler: voice }, async (request) => {
      const row = await getVoiceCampaign(ctx, request.account, request.params.id);
      await ctx.store.db.transaction().execute((trx) => withdrawScheduledVoice(trx, row, ctx.clock()));
      return {};
    });

    app.get<Id>('/voice/tracking/campaign/:id', { preHandler: tracking }, async (request) => {
      const f = new Fields(request.query as Record<string, unknown>);
      const page = readPage(f);
      f.done();
      const row = await getVoiceCampaign(ctx, request.account, request.params.id);
      const calls = await ctx.store.db
        .selectFrom('voice_calls')
        .selectAll()
        .where('campaign_id', '=', row.id)
        .orderBy('seq')
        .limit(page.size)
        .offset(page.page * page.size)
        .execute();
      return springPage(
        calls.map((c) => ({
          ...voiceCallView(request.account, c),
          ...(row.name && { campaignName: row.name }),
        })),
        row.total_messages,
        page,
      );
    });

    app.get<Id>('/voice/tracking/:id', { preHandler: tracking }, async (request) => {
      const call = await ctx.store.db
        .selectFrom('voice_calls')
        .selectAll()
        .where('account_id', '=', request.account.id)
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!call) throw new ServiceError('message-not-found', 'Tracking not found.');
      return voiceCallView(request.account, call);
    });
  };
}
