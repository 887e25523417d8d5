/**
 * Routee SMS campaigns: POST /sms/campaign, POST /sms/analyze/campaign, PUT and DELETE /sms/{id},
 * GET /campaigns/{id}, GET /sms/tracking/campaign/{id}; and the short links Herald serves (GET /s/{code}).
 */
import type { FastifyInstance } from 'fastify';
import type { CampaignRequest } from '../../services/campaign-request.js';
import { campaignBody, pageQuery } from './schemas.js';
import { analyzeCampaign, createCampaign, deleteCampaign, updateCampaign } from '../../services/campaigns.js';
import { getCampaign } from '../../services/get-campaign.js';
import { campaignView, smsCampaignView } from './campaign-views.js';
import { fallbacksByLabel } from '../../domain/personalize.js';
import { MAX_CAMPAIGN_TO } from '../../domain/campaign.js';
import type { ServiceContext } from '../../services/context.js';
import { quietHoursCountries } from '../../services/quiet-hours-countries.js';
import { fromMicros } from '../../domain/money.js';
import { ServiceError } from '../../services/errors.js';
import { routeeErrorEntries } from './errors.js';
import { smsAnalysisView } from './analysis-views.js';
import { campaignLinkStats, followShortLink } from '../../services/short-links.js';
import { trackCampaign } from '../../services/track-sms.js';
import { type RouteeAuth, requireScope } from './auth.js';
import { asObject, Fields, parseIntegerValue, readPage } from './input.js';
import { springPage } from './paging.js';
import { campaignPartTrackingView } from './tracking-views.js';
import { mapPage } from '../../services/paging.js';

export function readCampaignRequest(body: unknown): CampaignRequest {
  const f = new Fields(asObject(body));
  const req: CampaignRequest = {
    from: f.string('from', { required: true }) ?? '',
    body: f.string('body', { required: true }) ?? '',
  };
  const to = f.stringArray('to');
  // Routee's limit (seed 000: "Maximum array of number allowed 30k"); Octopush has its own.
  if ((to?.length ?? 0) > MAX_CAMPAIGN_TO) f.problems.to = `at most ${MAX_CAMPAIGN_TO} numbers`;
  const contacts = f.stringArray('contacts');
  const groups = f.stringArray('groups');
  const scheduledDate = f.date('scheduledDate');
  const campaignName = f.string('campaignName');
  const flash = f.boolean('flash');
  const respectQuietHours = f.boolean('respectQuietHours');
  const callback = f.callback('callback') ?? f.callback('smsCallback');
  const campaignCallback = f.callback('campaignCallback');
  const reminder = f.object('reminder');
  const fallbackValues = f.has('fallbackValues') ? readFallbackValues(f) : undefined;
  const ttl = f.integer('ttl');
  const allowInvalid = f.boolean('allowInvalid');
  const urlShortener = f.object('urlShortener');
  const restrictions = f.object('restrictions');
  const transcode = f.boolean('transcode');
  if (reminder) {
    const before = reminder.minutesBefore;
    const after = reminder.minutesAfter;
    const list = reminder.to;
    const r: NonNullable<CampaignRequest['reminder']> = { to: [] };
    for (const [key, v] of [
      ['minutesBefore', before],
      ['minutesAfter', after],
    ] as const) {
      if (v === undefined || v === null) continue;
      const n = parseIntegerValue(v);
      if (n === null) f.problems[`reminder.${key}`] = 'must be an integer';
      else r[key] = n;
    }
    if (Array.isArray(list) && list.every((x) => typeof x === 'string')) r.to = list as string[];
    else if (typeof list === 'string') r.to = [list];
    else f.problems['reminder.to'] = 'must be an array of numbers';
    req.reminder = r;
  }
  if (fallbackValues) req.fallbackValues = fallbacksByLabel(fallbackValues, req.body);
  f.done();
  if (to !== undefined) req.to = to;
  if (contacts !== undefined) req.contacts = contacts;
  if (groups !== undefined) req.groups = groups;
  if (scheduledDate !== undefined) req.scheduledDate = scheduledDate;
  if (campaignName !== undefined) req.campaignName = campaignName;
  if (flash !== undefined) req.flash = flash;
  if (respectQuietHours !== undefined) req.respectQuietHours = respectQuietHours;
  if (callback !== undefined) req.callback = callback;
  if (campaignCallback !== undefined) req.campaignCallback = campaignCallback;
  if (ttl !== undefined) req.ttlMinutes = ttl;
  if (allowInvalid !== undefined) req.allowInvalid = allowInvalid;
  if (urlShortener !== undefined) req.urlShortener = urlShortener;
  if (restrictions !== undefined) req.restrictions = restrictions;
  if (transcode !== undefined) req.transcode = transcode;
  return req;
}

const scalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** `fallbackValues`: an object by label, an array of strings, or one string (see fallbacksByLabel). */
function readFallbackValues(f: Fields): string | string[] | Record<string, string> | undefined {
  const v = f.obj.fallbackValues;
  if (scalar(v)) return String(v);
  if (Array.isArray(v)) {
    if (v.every(scalar)) return v.map(String);
    f.problems.fallbackValues = 'must be an object by label, an array of strings or a string';
    return undefined;
  }
  const o = f.object('fallbackValues');
  if (!o) return undefined;
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) {
    if (scalar(x)) values[k] = String(x);
    else f.problems[`fallbackValues.${k}`] = 'must be a string';
  }
  return values;
}

export function campaignRoutes(ctx: ServiceContext, auth: RouteeAuth) {
  return async (app: FastifyInstance): Promise<void> => {
    const sms = requireScope(auth, ['sms']);
    const tracking = requireScope(auth, ['sms', 'report']);
    type IdParams = { Params: { trackingId: string } };

    const tags = ['Campaigns'];
    app.post(
      '/sms/campaign',
      { preHandler: sms, schema: { tags, summary: 'Send or schedule an SMS campaign', body: campaignBody } },
      async (request) =>
        smsCampaignView(await createCampaign(ctx, request.account, readCampaignRequest(request.body))),
    );
    app.post(
      '/sms/analyze/campaign',
      {
        preHandler: sms,
        schema: { tags, summary: 'Recipients, parts and cost of a campaign', body: campaignBody },
      },
      async (request) => {
        const a = await analyzeCampaign(ctx, request.account, readCampaignRequest(request.body));
        const view: Record<string, unknown> = {
          ...smsAnalysisView(a.analysis),
          cost: fromMicros(a.costMicros),
        };
        const errors = routeeErrorEntries(a.invalidNumbers, a.tooLong);
        if (errors.length > 0) view.errors = errors;
        return view;
      },
    );
    app.put<IdParams>(
      '/sms/:trackingId',
      { preHandler: sms, schema: { tags, summary: 'Change a Scheduled campaign', body: campaignBody } },
      async (request) =>
        smsCampaignView(
          await updateCampaign(
            ctx,
            request.account,
            request.params.trackingId,
            readCampaignRequest(request.body),
          ),
        ),
    );
    app.delete<IdParams>(
      '/sms/:trackingId',
      { preHandler: sms, schema: { tags, summary: 'Withdraw a Scheduled campaign (refunded)' } },
      async (request, reply) => {
        await deleteCampaign(ctx, request.account, request.params.trackingId);
        return reply.status(200).send({});
      },
    );
    app.get<IdParams>(
      '/campaigns/:trackingId',
      { preHandler: tracking, schema: { tags, summary: 'A campaign, its state and counts' } },
      async (request) => campaignView(await getCampaign(ctx, request.account, request.params.trackingId)),
    );
    app.get<IdParams>(
      '/sms/tracking/campaign/:trackingId',
      {
        preHandler: tracking,
        schema: {
          tags: ['Tracking'],
          summary: 'A campaign’s messages, part by part',
          querystring: pageQuery,
        },
      },
      async (request) => {
        const f = new Fields(request.query as Record<string, unknown>);
        const page = readPage(f);
        f.done();
        return springPage(
          mapPage(
            await trackCampaign(ctx, request.account, request.params.trackingId, page),
            campaignPartTrackingView,
          ),
        );
      },
    );

    app.get<IdParams>(
      '/campaigns/:trackingId/links',
      { preHandler: tracking, schema: { tags, summary: 'Clicks on a campaign’s short links' } },
      async (request) => campaignLinkStats(ctx, request.account, request.params.trackingId),
    );

    app.get<{ Params: { language: string } }>(
      '/sms/quietHours/countries/:language',
      { preHandler: sms, schema: { tags, summary: 'Countries with quiet hours, names in a language' } },
      async (request) => quietHoursCountries(request.params.language),
    );

    // Short links in campaign messages: no authentication (phones follow them).
    app.get<{ Params: { code: string } }>('/s/:code', async (request, reply) => {
      const target = await followShortLink(ctx, request.params.code, request.headers['user-agent'] ?? null);
      if (!target) throw new ServiceError('not-found', 'Short url tracking not found');
      return reply.redirect(target, 302);
    });
  };
}
