/**
 * Octopush's SMS campaign (`POST /v1/public/sms-campaign/send` and the legacy `/api/sms`), translated
 * to the one campaign pipeline: Octopush's own rules (sender cleaning, text optimiser, STOP mention,
 * low-cost length, replies to a short number) are applied here, in the face, then the campaign is
 * planned, priced and stored by the services like any other, or only priced in simulation mode.
 */
import { randomBytes } from 'node:crypto';
import { parseAccountSettings } from '../../domain/account-settings.js';
import { analyseBody } from '../../domain/gsm.js';
import { analysePhone } from '../../domain/phone.js';
import { ON_MESSAGE_COMPLETION } from '../../domain/sms-callback.js';
import type { Account } from '../../services/account.js';
import { balanceMicros } from '../../services/account-finance.js';
import type { CampaignRequest } from '../../services/campaign-request.js';
import { simulateCampaign } from '../../services/campaign-simulation.js';
import { campaignParts, createCampaignRow } from '../../services/campaigns.js';
import { listsReachCountry } from '../../services/contact-lists.js';
import type { ServiceContext } from '../../services/context.js';
import { failure, ServiceError } from '../../services/errors.js';
import { octopushParameters } from './parameters.js';
import { hasStopMention, optimiseOctopushText, STOP_MENTION } from './text.js';

export const OCTOPUSH_MAX_TEXT = 1224;
/** Seed 004: `recipients` "length ≤ 100001". */
export const OCTOPUSH_MAX_RECIPIENTS = 100_001;
const PERSONAL_FIELDS = [
  'first_name',
  'last_name',
  'param1',
  'param2',
  'param3',
  'param4',
  'param5',
] as const;

export interface OctopushRecipient {
  phone_number: string;
  fields: Partial<Record<(typeof PERSONAL_FIELDS)[number], string>>;
}

export interface OctopushSend {
  text: string | undefined;
  recipients: OctopushRecipient[] | undefined;
  /** Send to the members of these lists (groups) instead of, or besides, `recipients`. */
  lists?: string[];
  sender: string | undefined;
  sendAt: number | undefined;
  purpose: 'alert' | 'wholesale';
  type: 'sms_premium' | 'sms_low_cost';
  withReplies: boolean;
  simulation: boolean;
  requestId: string | undefined;
  autoOptimizeText: boolean;
  listName: string | undefined;
  /** `auto_delete_optout_contacts`: contacts who opted out are taken off `listName`. */
  autoDeleteOptout?: boolean;
  recipientTracking: boolean;
}

/** What a send did (or, in simulation, would do); each Octopush face renders it its own way. */
export interface OctopushSendResult {
  ticket: string;
  contacts: number;
  costMicros: number;
  parts: number;
  balanceMicros: number;
  /** Simulated, scheduled, or sent now. */
  outcome: 'simulated' | 'scheduled' | 'sent';
}

const DEFAULT_SENDER = 'Info';

export function newTicket(prefix = 'sms'): string {
  return `${prefix}_${randomBytes(7).toString('hex').slice(0, 13)}`;
}

/** Keeps only the characters a sender may hold (lenient input: prohibited characters removed). */
export function cleanSender(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return DEFAULT_SENDER;
  return raw.replace(/[^A-Za-z0-9]/g, '');
}

export async function sendOctopushCampaign(
  ctx: ServiceContext,
  account: Account,
  input: OctopushSend,
  ticketToUse?: string,
): Promise<OctopushSendResult> {
  if (input.text === undefined || input.text === '') throw failure('text-missing', 'The text is missing.');
  const recipients = input.recipients ?? [];
  if (recipients.length === 0 && (input.lists ?? []).length === 0)
    throw new ServiceError('no-recipients', 'The campaign has no recipients.');
  if (recipients.length > OCTOPUSH_MAX_RECIPIENTS)
    throw failure('too-many-recipients', `At most ${OCTOPUSH_MAX_RECIPIENTS} recipients.`);
  let text = input.autoOptimizeText ? optimiseOctopushText(input.text) : input.text;
  if (text.length > OCTOPUSH_MAX_TEXT)
    throw failure('text-too-long', `The text exceeds ${OCTOPUSH_MAX_TEXT} characters.`);
  const sender = input.withReplies ? ctx.config.octopush.replyNumber : cleanSender(input.sender);
  if (!/^[A-Za-z0-9]{3,11}$/.test(sender) && !input.withReplies)
    throw new ServiceError('invalid-sender', 'The sender must be 3 to 11 letters or digits.');

  // Marketing to France in premium SMS must carry "STOP au XXXXX" (Octopush refuses it otherwise).
  const toFrance =
    recipients.some((r) => analysePhone(r.phone_number, ctx.timezones)?.country === 'FR') ||
    (await listsReachCountry(ctx, account, input.lists ?? [], 'FR'));
  if (input.purpose === 'wholesale' && input.type === 'sms_premium' && toFrance && !hasStopMention(text))
    throw failure('stop-mention-missing', 'The STOP mention is missing.');
  text = text.split(STOP_MENTION).join(`STOP au ${ctx.config.octopush.stopCode}`);
  if (input.type === 'sms_low_cost' && analyseBody(text).parts > 1)
    throw failure('low-cost-too-long', 'A low-cost SMS must fit one part.');

  const deliveries =
    octopushParameters(parseAccountSettings(account.settings)).callback_url_for_deliveries ?? undefined;
  const req: CampaignRequest = {
    from: sender,
    body: text,
    to: recipients.map((r) => r.phone_number),
    toValues: recipients.map((r) => r.fields as Record<string, string>),
    ...(input.lists && input.lists.length > 0 && { groups: input.lists }),
    placeholders: 'fields',
    priceService: input.type === 'sms_low_cost' ? 'sms_low_cost' : 'sms',
    allowInvalid: true,
    transcode: false,
    ...(input.sendAt !== undefined && { scheduledDate: input.sendAt }),
    ...(input.requestId !== undefined && { requestId: input.requestId }),
    ...(input.listName !== undefined && { listName: input.listName }),
    ...(input.listName !== undefined && input.autoDeleteOptout && { listDropsOptedOut: true }),
    ...(deliveries && { callback: { url: deliveries, strategy: ON_MESSAGE_COMPLETION } }),
  };

  if (input.simulation) {
    // Everything is checked and priced as for real; nothing is stored, sent or charged.
    const estimate = await simulateCampaign(ctx, account, req);
    return {
      ticket: newTicket(),
      contacts: estimate.recipients,
      costMicros: estimate.costMicros,
      parts: estimate.parts,
      balanceMicros: await balanceMicros(ctx, account.id),
      outcome: 'simulated',
    };
  }

  const ticket = ticketToUse ?? newTicket();
  const row = await createCampaignRow(ctx, account, req, ticket);
  return {
    ticket,
    contacts: row.total_messages,
    costMicros: row.cost_micros,
    parts: await campaignParts(ctx, account, ticket),
    balanceMicros: await balanceMicros(ctx, account.id),
    outcome: row.state === 'Scheduled' ? 'scheduled' : 'sent',
  };
}

/** Recipients as Octopush clients send them: objects with personal fields (values ≤ 50 characters). */
export function readOctopushRecipients(v: unknown): OctopushRecipient[] | undefined {
  if (v === null || v === undefined) return undefined;
  const list = Array.isArray(v) ? v : [v];
  const out: OctopushRecipient[] = [];
  for (const item of list) {
    if (typeof item === 'string' || typeof item === 'number') {
      out.push({ phone_number: String(item).trim(), fields: {} });
      continue;
    }
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    const phone = o.phone_number ?? o.phone ?? o.number;
    if (typeof phone !== 'string' && typeof phone !== 'number') continue;
    const fields: OctopushRecipient['fields'] = {};
    for (const f of PERSONAL_FIELDS) {
      const val = o[f];
      if (val === null || val === undefined) continue;
      if (typeof val === 'string' || typeof val === 'number') fields[f] = String(val).trim().slice(0, 50);
    }
    out.push({ phone_number: String(phone).trim(), fields });
  }
  return out;
}
