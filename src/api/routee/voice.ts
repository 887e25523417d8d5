/**
 * Routee voice: POST /voice/campaign, POST /voice/analysis (no calls), GET /voice/tracking/{messageId},
 * GET /voice/tracking/campaign/{trackingId}, DELETE /voice/campaign/{trackingId} (while Scheduled).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../services/context.js';
import { pageOf } from '../../services/paging.js';
import { springPage } from './paging.js';
import { ServiceError } from '../../services/errors.js';
import { routeeErrorEntries } from './errors.js';
import { voiceAnalysisView } from './analysis-views.js';
import {
  analyseVoiceCampaign,
  createVoiceCampaign,
  deleteVoiceCampaign,
  getVoiceCall,
  updateVoiceCampaign,
  voiceCallsPage,
  type VoiceCampaignRequest,
  voiceCampaignRecord,
  getVoiceCampaign,
} from '../../services/voice-campaigns.js';
import { voiceCallView, voiceCampaignView } from './campaign-views.js';
import { type RouteeAuth, requireScope } from './auth.js';
import { asObject, Fields, readPage } from './input.js';
import { pageQuery, voiceBody } from './schemas.js';

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

    const tags = ['Voice'];
    app.post(
      '/voice/campaign',
      {
        preHandler: voice,
        schema: {
          tags,
          summary: 'Call numbers, contacts and groups with a spoken message or a WAV file',
          body: voiceBody,
        },
      },
      async (request) =>
        voiceCampaignView(await createVoiceCampaign(ctx, request.account, readVoiceRequest(request.body))),
    );

    app.post(
      '/voice/analysis',
      { preHandler: voice, schema: { tags, summary: 'Who a voice campaign would call', body: voiceBody } },
      async (request) => {
        const a = await analyseVoiceCampaign(ctx, request.account, readVoiceRequest(request.body));
        return { ...voiceAnalysisView(a.analysis), errors: routeeErrorEntries(a.invalidNumbers) };
      },
    );

    app.get<Id>(
      '/voice/campaign/:id',
      { preHandler: tracking, schema: { tags, summary: 'A voice campaign' } },
      async (request) =>
        voiceCampaignView(
          await voiceCampaignRecord(ctx, await getVoiceCampaign(ctx, request.account, request.params.id)),
        ),
    );

    app.put<Id>(
      '/voice/campaign/:id',
      { preHandler: voice, schema: { tags, summary: 'Change a Scheduled voice campaign', body: voiceBody } },
      async (request) =>
        voiceCampaignView(
          await updateVoiceCampaign(ctx, request.account, request.params.id, readVoiceRequest(request.body)),
        ),
    );

    app.delete<Id>(
      '/voice/campaign/:id',
      { preHandler: voice, schema: { tags, summary: 'Withdraw a Scheduled voice campaign (refunded)' } },
      async (request) => {
        await deleteVoiceCampaign(ctx, request.account, request.params.id);
        return {};
      },
    );

    app.get<Id>(
      '/voice/tracking/campaign/:id',
      {
        preHandler: tracking,
        schema: { tags, summary: 'A voice campaign’s calls, a page at a time', querystring: pageQuery },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const page = readPage(f);
        f.done();
        const { campaign, calls } = await voiceCallsPage(ctx, request.account, request.params.id, page);
        return springPage(
          pageOf(
            calls.map((c) => ({
              ...voiceCallView(request.account, c),
              ...(campaign.name && { campaignName: campaign.name }),
            })),
            campaign.total_messages,
            page,
          ),
        );
      },
    );

    app.get<Id>(
      '/voice/tracking/:id',
      { preHandler: tracking, schema: { tags, summary: 'One call' } },
      async (request) =>
        voiceCallView(request.account, await getVoiceCall(ctx, request.account, request.params.id)),
    );
  };
}
