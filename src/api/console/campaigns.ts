/**
 * The console's campaign routes: list, one campaign in detail, the preview of a new SMS campaign
 * (analysis, cost and send time per country), create, update and withdraw while Scheduled. Requests
 * are the console's own JSON (validated by the schemas below), turned into the campaign services'
 * request; answers are plain JSON with money as numbers and times in ISO 8601.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { fromMicros } from '../../domain/money.js';
import type { CampaignRequest } from '../../services/campaign-request.js';
import { analyzeCampaign, createCampaignRow, updateCampaign } from '../../services/campaigns.js';
import {
  campaignDetail,
  type CampaignSummary,
  listCampaigns,
  withdrawAnyCampaign,
} from '../../services/console-campaigns.js';
import type { ServiceContext } from '../../services/context.js';
import { listGroups } from '../../services/groups.js';
import { MAX_CAMPAIGN_TO } from '../../domain/campaign.js';
import {
  idParams,
  isoTime,
  isoTimeOrNull,
  type PageQuery,
  pageQuery,
  pageView,
  statusCounts,
} from './schemas.js';

const numbers = (max: number) =>
  ({ type: 'array', maxItems: max, items: { type: 'string', minLength: 1, maxLength: 40 } }) as const;

export const campaignInput = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'body'],
  properties: {
    campaignName: { type: 'string', maxLength: 30 },
    from: { type: 'string', minLength: 1, maxLength: 16, description: 'Sender id or number' },
    body: { type: 'string', maxLength: 10_000 },
    to: numbers(MAX_CAMPAIGN_TO),
    contacts: { type: 'array', maxItems: MAX_CAMPAIGN_TO, items: { type: 'string', maxLength: 100 } },
    groups: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100 } },
    flash: { type: 'boolean' },
    respectQuietHours: { type: 'boolean' },
    transcode: { type: 'boolean' },
    allowInvalid: { type: 'boolean' },
    scheduledDate: { type: 'string', format: 'date-time', description: 'When to start; now when left out' },
    reminder: {
      type: 'object',
      additionalProperties: false,
      required: ['to'],
      properties: {
        minutesBefore: { type: 'integer' },
        minutesAfter: { type: 'integer' },
        to: numbers(10),
      },
    },
  },
} as const;

export interface CampaignInput {
  campaignName?: string;
  from: string;
  body: string;
  to?: string[];
  contacts?: string[];
  groups?: string[];
  flash?: boolean;
  respectQuietHours?: boolean;
  transcode?: boolean;
  allowInvalid?: boolean;
  scheduledDate?: string;
  reminder?: { minutesBefore?: number; minutesAfter?: number; to: string[] };
}

export function campaignRequestOf(input: CampaignInput): CampaignRequest {
  const { scheduledDate, campaignName, ...rest } = input;
  const req: CampaignRequest = { ...rest };
  if (campaignName !== undefined && campaignName.trim() !== '') req.campaignName = campaignName.trim();
  if (scheduledDate !== undefined) req.scheduledDate = Date.parse(scheduledDate);
  return req;
}

function summaryView(s: CampaignSummary) {
  const r = s.row;
  return {
    id: r.id,
    kind: s.kind,
    name: r.name,
    state: r.state,
    from: r.sender,
    total: r.total_messages,
    final: s.final,
    statuses: s.statuses,
    cost: fromMicros(r.cost_micros),
    createdAt: isoTime(r.created_at),
    sendAt: isoTime(r.send_at),
    scheduledAt: isoTimeOrNull(r.scheduled_at),
    endedAt: isoTimeOrNull(r.ended_at),
  };
}

const summarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['sms', 'voice'] },
    name: { type: ['string', 'null'] },
    state: { type: 'string' },
    from: { type: 'string' },
    total: { type: 'integer' },
    final: { type: 'integer' },
    statuses: statusCounts,
    cost: { type: 'number' },
    createdAt: { type: 'string', format: 'date-time' },
    sendAt: { type: 'string', format: 'date-time' },
    scheduledAt: { type: ['string', 'null'], format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export function consoleCampaignRoutes(ctx: ServiceContext, auth: preHandlerAsyncHookHandler) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Campaigns'];
    app.get<{ Querystring: PageQuery }>(
      '/console/api/campaigns',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'The account’s campaigns, newest first',
          querystring: pageQuery,
          response: {
            200: {
              type: 'object',
              properties: {
                items: { type: 'array', items: summarySchema },
                total: { type: 'integer' },
                page: { type: 'integer' },
                size: { type: 'integer' },
              },
            },
          },
        },
      },
      async (request) => {
        const q = request.query;
        const p = await listCampaigns(ctx, request.account, q);
        return pageView(p.items.map(summaryView), p.total, q);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/console/api/campaigns/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'One campaign: progress, counts per country, clicks', params: idParams },
      },
      async (request) => {
        const d = await campaignDetail(ctx, request.account, request.params.id);
        const row = d.record.row;
        const r = d.record;
        const settings = r.settings as unknown as Record<string, unknown>;
        return {
          ...summaryView({ row, kind: d.kind, statuses: r.statuses, final: d.final }),
          body: row.body,
          cost: fromMicros(r.kind === 'voice' ? r.costMicros : row.cost_micros),
          recipientsPerCountry: r.analysis.recipientsPerCountry,
          parts: r.kind === 'sms' ? r.analysis.bodyAnalysis.parts : null,
          settings: {
            to: settings.to ?? [],
            contacts: settings.contacts ?? [],
            groups: settings.groups ?? [],
            flash: settings.flash ?? false,
            respectQuietHours: settings.respectQuietHours ?? false,
            reminder: settings.reminder ?? null,
          },
          // A voice campaign's message (text, language, voice) or WAV file, and its key collection.
          voice:
            r.kind === 'voice'
              ? {
                  message: r.settings.plan.message ?? null,
                  fileURL: r.settings.plan.fileURL ?? null,
                  collectDtmfDigits: r.settings.plan.collectDtmfDigits,
                }
              : null,
          progress: d.progress.map((p) => ({ at: isoTime(p.at), final: p.final })),
          perCountry: d.perCountry,
          links: d.links,
        };
      },
    );

    // The groups a campaign can be sent to, with their sizes (the new-campaign form's choices).
    app.get(
      '/console/api/groups',
      {
        preHandler: auth,
        schema: {
          tags: ['Contacts'],
          summary: 'The account’s contact groups and their sizes',
          response: {
            200: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, size: { type: 'integer' } },
              },
            },
          },
        },
      },
      async (request) => listGroups(ctx, request.account),
    );

    app.post<{ Body: CampaignInput }>(
      '/console/api/campaigns/preview',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'What a new SMS campaign would do: parts, cost and send time per country',
          body: campaignInput,
        },
      },
      async (request) => {
        const a = await analyzeCampaign(ctx, request.account, campaignRequestOf(request.body));
        const b = a.analysis.bodyAnalysis;
        return {
          recipients: a.analysis.numberOfRecipients,
          body: { ...b, encoding: b.unicode ? 'UCS2' : 'GSM7' },
          cost: fromMicros(a.costMicros),
          sendAt: isoTime(a.sendAt),
          countries: a.perCountry.map((c) => ({
            country: c.country,
            messages: c.messages,
            parts: c.parts,
            cost: fromMicros(c.costMicros),
            firstSendAt: isoTime(c.firstSendAt),
            lastSendAt: isoTime(c.lastSendAt),
          })),
          invalidNumbers: a.invalidNumbers.map((n) => n.number),
          tooLong: a.tooLong,
        };
      },
    );

    app.post<{ Body: CampaignInput }>(
      '/console/api/campaigns',
      {
        preHandler: auth,
        schema: { tags, summary: 'Send (or schedule) an SMS campaign', body: campaignInput },
      },
      async (request, reply) => {
        const row = await createCampaignRow(ctx, request.account, campaignRequestOf(request.body));
        return reply.status(201).send({ id: row.id, state: row.state });
      },
    );

    app.put<{ Params: { id: string }; Body: CampaignInput }>(
      '/console/api/campaigns/:id',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Change a Scheduled SMS campaign',
          params: idParams,
          body: campaignInput,
        },
      },
      async (request) => {
        const r = await updateCampaign(
          ctx,
          request.account,
          request.params.id,
          campaignRequestOf(request.body),
        );
        return { id: r.row.id, state: r.row.state };
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/console/api/campaigns/:id',
      {
        preHandler: auth,
        schema: { tags, summary: 'Withdraw a Scheduled campaign (refunded)', params: idParams },
      },
      async (request, reply) => {
        await withdrawAnyCampaign(ctx, request.account, request.params.id);
        return reply.status(204).send();
      },
    );
  };
}
