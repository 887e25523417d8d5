/**
 * Octopush API v1 under /v1/public: SMS campaigns (send, cancel), wallet, default campaign parameters
 * (callback URLs), contacts and contact lists. Same services as the Routee API underneath.
 */
import {
  balanceQuery,
  contactDeleteBody,
  contactsBody,
  creditsQuery,
  listBody,
  parametersBody,
  sendBody,
  ticketFields,
  vocalBody,
} from './schemas.js';

const campaignTags = ['SMS campaigns'];
const walletTags = ['Wallet'];
const listTags = ['Contact lists'];
import type { FastifyInstance } from 'fastify';
import { parseAccountSettings } from '../../domain/account-settings.js';
import {
  OCTOPUSH_FACE,
  OCTOPUSH_PARAMETER_KEYS,
  type OctopushParameters,
  octopushParameters,
} from './parameters.js';
import { createHash } from 'node:crypto';
import { fromMicros } from '../../domain/money.js';
import type { Service } from '../../domain/pricing.js';
import { analysePhone } from '../../domain/phone.js';
import type { AccountCache } from '../../services/account-cache.js';
import { balanceMicros } from '../../services/account-finance.js';
import { changeAccountSettings } from '../../services/account-settings.js';
import { deleteCampaign } from '../../services/campaigns.js';
import {
  createList,
  deleteContactsByNumber,
  deleteList,
  emptyList,
  upsertListContacts,
} from '../../services/contact-lists.js';
import type { ServiceContext } from '../../services/context.js';
import { ServiceError } from '../../services/errors.js';
import {
  cleanSender,
  newTicket,
  type OctopushSend,
  readOctopushRecipients,
  sendOctopushCampaign,
} from './send.js';
import { createVoiceCampaign } from '../../services/voice-campaigns.js';
import { isTtsLanguage } from '../../voice/tts.js';
import {
  cancelListCampaign,
  confirmListCampaign,
  createListCampaign,
  listCampaignStatus,
} from './list-campaign.js';
import { octopushAuth } from './auth.js';
import { octopushError } from './errors.js';
import { cancelledView, draftView, listStatusView, octopushDate, sendView } from './views.js';
import { bool, objectBody, oneOf, sendAtOf, str } from './input.js';

const PARAMETER_KEYS = OCTOPUSH_PARAMETER_KEYS;

/** The fields of an Octopush SMS send, read leniently (shared by send and campaign-on-list). */
function readSend(o: Record<string, unknown>): OctopushSend {
  return {
    text: str(o, 'text'),
    recipients: readOctopushRecipients(o.recipients),
    sender: str(o, 'sender'),
    sendAt: sendAtOf(o),
    purpose: oneOf(o, 'purpose', ['alert', 'wholesale'] as const, 'wholesale'),
    type: oneOf(o, 'type', ['sms_premium', 'sms_low_cost'] as const, 'sms_premium'),
    withReplies: bool(o, 'with_replies', false),
    simulation: bool(o, 'simulation_mode', false),
    requestId: str(o, 'request_id') || undefined,
    autoOptimizeText: bool(o, 'auto_optimize_text', true),
    listName: undefined,
    recipientTracking: bool(o, 'recipient_tracking', false),
  };
}

/** Octopush's products (`product_name`, `check-credits` keys) and the price-list service of each. */
const OCTOPUSH_PRODUCTS = [
  'premium_sms',
  'sms_premium',
  'low_cost_sms',
  'sms_low_cost',
  'vocal_sms',
  'hlr',
] as const;
type OctopushProduct = (typeof OCTOPUSH_PRODUCTS)[number];
const PRICED_AS: Record<OctopushProduct, Service | null> = {
  premium_sms: 'sms',
  sms_premium: 'sms',
  low_cost_sms: 'sms_low_cost',
  sms_low_cost: 'sms_low_cost',
  vocal_sms: 'vocal_sms',
  hlr: null,
};

/** A stable id for the one wallet pack of an account (a UUID's shape, as Octopush's). */
function walletPackId(accountId: string): string {
  const h = createHash('sha256').update(`wallet:${accountId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function octopushRoutes(ctx: ServiceContext, accounts: AccountCache) {
  /** How many of a product the balance buys in a country (0 when it has no price there). */
  const unitsOf = async (product: OctopushProduct, country: string, micros: number): Promise<number> => {
    const service = PRICED_AS[product];
    const price = service ? await ctx.prices.priceOf(service, country) : null;
    return price && price > 0 ? Math.floor(micros / price) : 0;
  };
  return async (app: FastifyInstance): Promise<void> => {
    const auth = octopushAuth(ctx, accounts);
    const base = '/v1/public';

    app.post(
      `${base}/sms-campaign/send`,
      {
        preHandler: auth,
        schema: { tags: ['SMS campaigns'], summary: 'Send or schedule SMS', body: sendBody },
      },
      async (request, reply) => {
        const o = objectBody(request.body);
        try {
          const result = await sendOctopushCampaign(ctx, request.account, {
            ...readSend(o),
            listName: str(o, 'list_name')?.slice(0, 30) || undefined,
            autoDeleteOptout: bool(o, 'auto_delete_optout_contacts', false),
          });
          return reply.status(201).send(sendView(result));
        } catch (err) {
          // A list named in a send that does not exist is a bad request here, not a missing resource.
          if (err instanceof ServiceError && err.reason === 'group-not-found') throw octopushError(303);
          throw err;
        }
      },
    );

    app.delete(
      `${base}/sms-campaign/cancel`,
      {
        preHandler: auth,
        schema: {
          tags: campaignTags,
          summary: 'Cancel a scheduled campaign (refunded)',
          querystring: ticketFields,
          body: ticketFields,
        },
      },
      async (request, reply) => {
        const o = { ...objectBody(request.query), ...objectBody(request.body) };
        const ticket = str(o, 'ticket_number') ?? str(o, 'sms_ticket');
        if (!ticket) throw octopushError(131, 404);
        await deleteCampaign(ctx, request.account, ticket);
        // A JSON object, never an empty body: Octopush clients parse every reply.
        return reply.status(200).send(cancelledView(ticket));
      },
    );

    // Campaigns on a contact list: create (a priced draft), status, send (confirm), cancel.
    const ticketOf = (request: { query: unknown; body: unknown }) => {
      const o = { ...objectBody(request.query), ...objectBody(request.body) };
      const t = str(o, 'ticket_number') ?? str(o, 'sms_ticket');
      if (!t) throw octopushError(131, 404);
      return t;
    };
    app.post(
      `${base}/sms-campaign-on-list/create`,
      {
        preHandler: auth,
        schema: {
          tags: campaignTags,
          summary: 'Price a campaign to a contact list (a draft to confirm)',
          body: sendBody,
        },
      },
      async (request, reply) => {
        const o = objectBody(request.body);
        const list = str(o, 'list_name');
        const input = { ...readSend(o), ...(list && { lists: [list] }) };
        const draft = await createListCampaign(ctx, request.account, input);
        return reply.status(201).send(draftView(draft));
      },
    );
    app.get(
      `${base}/sms-campaign-on-list/status`,
      {
        preHandler: auth,
        schema: { tags: campaignTags, summary: 'A list campaign’s state', querystring: ticketFields },
      },
      async (request) => listStatusView(await listCampaignStatus(ctx, request.account, ticketOf(request))),
    );
    app.post(
      `${base}/sms-campaign-on-list/send`,
      {
        preHandler: auth,
        schema: {
          tags: campaignTags,
          summary: 'Confirm a list campaign',
          querystring: ticketFields,
          body: ticketFields,
        },
      },
      async (request) => {
        const sent = await confirmListCampaign(ctx, request.account, ticketOf(request));
        return { sending_date: octopushDate(sent.sendAt) };
      },
    );
    app.delete(
      `${base}/sms-campaign-on-list/cancel`,
      {
        preHandler: auth,
        schema: {
          tags: campaignTags,
          summary: 'Cancel a list campaign',
          querystring: ticketFields,
          body: ticketFields,
        },
      },
      async (request) => {
        const ticket = ticketOf(request);
        await cancelListCampaign(ctx, request.account, ticket);
        return cancelledView(ticket);
      },
    );

    // Voice SMS (the official PHP client says vocal-campaign, the documentation voice-campaign).
    for (const path of ['vocal-campaign/send', 'voice-campaign/send']) {
      app.post(
        `${base}/${path}`,
        {
          preHandler: auth,
          schema: { tags: ['Voice SMS'], summary: 'Call numbers with a spoken message', body: vocalBody },
        },
        async (request, reply) => {
          const o = objectBody(request.body);
          const text = str(o, 'text');
          if (!text) throw octopushError(107);
          const recipients = readOctopushRecipients(o.recipients) ?? [];
          if (recipients.length === 0) throw octopushError(110);
          const sendAt = sendAtOf(o);
          const asked = str(o, 'voice_language') ?? 'fr-FR';
          const language = isTtsLanguage(asked) ? asked : 'fr-FR';
          const gender = oneOf(o, 'voice_gender', ['male', 'female'] as const, 'female');
          const ticket = newTicket('vocal');
          const valid = recipients.filter((r) => analysePhone(r.phone_number, ctx.timezones));
          if (valid.length === 0) throw octopushError(117);
          const created = await createVoiceCampaign(
            ctx,
            request.account,
            {
              from: cleanSender(str(o, 'sender')),
              to: valid.map((r) => r.phone_number),
              message: { text, language, gender },
              ...(sendAt !== undefined && { scheduledDate: sendAt }),
            },
            { id: ticket, perMessage: true },
          );
          // Made (and cached) when the campaign was accepted.
          const prompt = await ctx.prompts.speak(text, language, gender);
          const micros = await balanceMicros(ctx, request.account.id);
          return reply.status(201).send({
            vocal_ticket: ticket,
            number_of_contacts: created.analysis.numberOfRecipients,
            total_cost: fromMicros(created.costMicros),
            residual_credit: fromMicros(micros),
            estimated_duration: Math.ceil(prompt.length / 8000),
          });
        },
      );
    }

    app.get(
      `${base}/wallet/check-balance`,
      {
        preHandler: auth,
        schema: {
          tags: walletTags,
          summary: 'The balance, in money or in a product’s units',
          querystring: balanceQuery,
        },
      },
      async (request) => {
        const q = objectBody(request.query);
        const micros = await balanceMicros(ctx, request.account.id);
        const product = OCTOPUSH_PRODUCTS.find((p) => p === str(q, 'product_name')?.toLowerCase());
        // A product is counted in its own units; France when no country is named (Octopush's home).
        const country = str(q, 'country_code')?.toUpperCase() || 'FR';
        const answer: Record<string, unknown> = product
          ? { amount: await unitsOf(product, country, micros), unit: product }
          : {
              amount: fromMicros(micros),
              unit: request.account.currency === 'EUR' ? 'euros' : request.account.currency,
            };
        // with_details: the balance as packs; Herald keeps one, which does not expire.
        if (bool(q, 'with_details', false))
          answer.wallet_packs = [
            {
              wallet_pack_id: walletPackId(request.account.id),
              credit: fromMicros(micros),
              expiration_date: null,
            },
          ];
        return answer;
      },
    );

    app.get(
      `${base}/wallet/check-credits`,
      {
        preHandler: auth,
        schema: {
          tags: walletTags,
          summary: 'Messages the balance pays for, per country',
          querystring: creditsQuery,
        },
      },
      async (request) => {
        const q = request.query as Record<string, unknown>;
        const raw = q['country_codes[]'] ?? q.country_codes ?? 'FR';
        const codes = (Array.isArray(raw) ? raw : String(raw).split(',')).map((c) =>
          String(c).trim().toUpperCase(),
        );
        const micros = await balanceMicros(ctx, request.account.id);
        const out: Record<string, Record<string, number>> = {};
        for (const code of codes.filter((c) => /^[A-Z]{2}$/.test(c))) {
          out[code] = {
            premium_sms: await unitsOf('premium_sms', code, micros),
            low_cost_sms: await unitsOf('low_cost_sms', code, micros),
            vocal_sms: await unitsOf('vocal_sms', code, micros),
            hlr: 0,
          };
        }
        return out;
      },
    );

    app.get(
      `${base}/user/campaign-parameters`,
      { preHandler: auth, schema: { tags: ['Account'], summary: 'Callback URLs and other parameters' } },
      async (request) => {
        const p = octopushParameters(parseAccountSettings(request.account.settings));
        return Object.fromEntries(PARAMETER_KEYS.map((k) => [k, p[k] ?? null]));
      },
    );

    app.patch(
      `${base}/user/campaign-parameters/edit`,
      {
        preHandler: auth,
        schema: {
          tags: ['Account'],
          summary: 'Change callback URLs and other parameters',
          body: parametersBody,
        },
      },
      async (request) => {
        const o = objectBody(request.body);
        const current = octopushParameters(parseAccountSettings(request.account.settings));
        const next: OctopushParameters = { ...current };
        for (const k of PARAMETER_KEYS) {
          if (!(k in o)) continue;
          const v = o[k];
          if (k === 'use_metadata_node_for_inbound') next[k] = v === null ? null : bool(o, k, false);
          else next[k] = v === null || v === '' ? null : (str(o, k) ?? null);
        }
        for (const k of PARAMETER_KEYS.filter((x) => x.startsWith('callback_url'))) {
          const url = next[k];
          if (typeof url === 'string' && !/^https?:\/\/\S+$/.test(url)) next[k] = null; // lenient: ignored
        }
        await changeAccountSettings(ctx, request.account.id, { [OCTOPUSH_FACE]: next });
        accounts.forget(request.account.id);
        return Object.fromEntries(PARAMETER_KEYS.map((k) => [k, next[k] ?? null]));
      },
    );

    app.post(
      `${base}/contact-list/create`,
      { preHandler: auth, schema: { tags: listTags, summary: 'Create a contact list', body: listBody } },
      async (request, reply) => {
        const name = str(objectBody(request.body), 'list_name')?.slice(0, 30);
        if (!name) throw octopushError(303, 400, 'The list name is missing.');
        if (!(await createList(ctx, request.account, name))) throw octopushError(302, 409);
        return reply.status(201).send({ list_name: name });
      },
    );

    app.post(
      `${base}/contact/create`,
      {
        preHandler: auth,
        schema: { tags: listTags, summary: 'Add or update contacts (in a list)', body: contactsBody },
      },
      async (request, reply) => {
        const o = objectBody(request.body);
        const list = str(o, 'list_name')?.slice(0, 30);
        const contacts = (readOctopushRecipients(o.contacts) ?? []).map((c) => ({
          number: c.phone_number,
          ...(c.fields.first_name !== undefined && { firstName: c.fields.first_name }),
          ...(c.fields.last_name !== undefined && { lastName: c.fields.last_name }),
          labels: Object.fromEntries(
            Object.entries(c.fields).filter(([k]) => k.startsWith('param')),
          ) as Record<string, string>,
        }));
        const { created, updated, invalid } = await upsertListContacts(ctx, request.account, contacts, {
          ...(list && { list }),
          overwrite: !bool(o, 'do_not_overwrite', false),
        });
        return reply.status(201).send({
          number_of_contacts_created: created,
          number_of_contacts_updated: updated,
          invalid_numbers: invalid,
        });
      },
    );

    app.delete(
      `${base}/contact/delete`,
      {
        preHandler: auth,
        schema: {
          tags: listTags,
          summary: 'Delete contacts by number',
          querystring: contactDeleteBody,
          body: contactDeleteBody,
        },
      },
      async (request) => {
        const o = { ...objectBody(request.query), ...objectBody(request.body) };
        const numbers = readOctopushRecipients(o.phone_numbers ?? o.contacts ?? o.phone_number) ?? [];
        const deleted = await deleteContactsByNumber(
          ctx,
          request.account,
          numbers.map((n) => n.phone_number),
        );
        return { number_of_contacts_deleted: deleted };
      },
    );

    app.delete(
      `${base}/contact-list/empty`,
      {
        preHandler: auth,
        schema: {
          tags: listTags,
          summary: 'Remove every contact of a list',
          querystring: listBody,
          body: listBody,
        },
      },
      async (request) => {
        const name = str({ ...objectBody(request.query), ...objectBody(request.body) }, 'list_name') ?? '';
        return { list_name: name, number_of_contacts_removed: await emptyList(ctx, request.account, name) };
      },
    );

    app.delete(
      `${base}/contact-list/delete`,
      {
        preHandler: auth,
        schema: { tags: listTags, summary: 'Delete a contact list', querystring: listBody, body: listBody },
      },
      async (request) => {
        const name = str({ ...objectBody(request.query), ...objectBody(request.body) }, 'list_name') ?? '';
        await deleteList(ctx, request.account, name);
        return { list_name: name, deleted: true };
      },
    );
  };
}
