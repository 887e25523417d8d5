/**
 * The console's message routes: search (time range, status, number, label, campaign; newest first,
 * `more` tells whether another page follows) and one message's timeline with its parts.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { fromMicros } from '../../domain/money.js';
import { SMS_STATUS_KEYS } from '../../domain/campaign.js';
import { type MessageRecord, messageTimeline, searchMessages } from '../../services/console-messages.js';
import type { ServiceContext } from '../../services/context.js';
import { idParams, isoTime, isoTimeOrNull, pageQuery } from './schemas.js';

function messageView(m: MessageRecord) {
  return {
    id: m.id,
    to: m.recipient,
    from: m.sender,
    country: m.country,
    body: m.body,
    status: m.status,
    detailedStatus: m.detailed_status,
    parts: m.parts,
    encoding: m.encoding,
    price: fromMicros(m.price_micros),
    label: m.label,
    campaignId: m.campaign_id,
    createdAt: isoTime(m.created_at),
    updatedAt: isoTime(m.updated_at),
  };
}

interface SearchQuery {
  page: number;
  size: number;
  from?: string;
  to?: string;
  status?: string;
  number?: string;
  label?: string;
  campaignId?: string;
}

export function consoleMessageRoutes(ctx: ServiceContext, auth: preHandlerAsyncHookHandler) {
  return async (app: FastifyInstance): Promise<void> => {
    const tags = ['Messages'];
    app.get<{ Querystring: SearchQuery }>(
      '/console/api/messages',
      {
        preHandler: auth,
        schema: {
          tags,
          summary: 'Search messages, newest first (default: the last 7 days)',
          querystring: {
            ...pageQuery,
            properties: {
              ...pageQuery.properties,
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              status: { type: 'string', enum: [...SMS_STATUS_KEYS] },
              number: { type: 'string', maxLength: 20, description: 'Recipients starting with these digits' },
              label: { type: 'string', maxLength: 350 },
              campaignId: { type: 'string', maxLength: 100 },
            },
          },
        },
      },
      async (request) => {
        const { page, size, from, to, ...rest } = request.query;
        const r = await searchMessages(
          ctx,
          request.account,
          {
            ...rest,
            ...(from !== undefined && { from: Date.parse(from) }),
            ...(to !== undefined && { to: Date.parse(to) }),
          },
          { page, size },
        );
        return { items: r.items.map(messageView), more: r.more, page, size };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/console/api/messages/:id',
      { preHandler: auth, schema: { tags, summary: 'A message’s timeline and parts', params: idParams } },
      async (request) => {
        const t = await messageTimeline(ctx, request.account, request.params.id);
        return {
          ...messageView(t.message),
          ttlMinutes: t.message.ttl_minutes,
          expiresAt: isoTime(t.message.expires_at),
          flash: t.message.flash === 1,
          events: t.events.map((e) => ({ ...e, at: isoTime(e.at) })),
          partList: t.parts.map((p) => ({
            index: p.part_index + 1,
            smsId: p.sms_id,
            status: p.status,
            detailedStatus: p.detailed_status,
            operatorId: p.smsc_id,
            link: p.link_id,
            attempts: p.attempts,
            price: fromMicros(p.price_micros),
            submittedAt: isoTimeOrNull(p.submitted_at),
            finalAt: isoTimeOrNull(p.final_at),
            error: p.error,
          })),
        };
      },
    );
  };
}
