/**
 * Everything decided about a campaign before it is stored — checks, recipients, analysis, send times —
 * and the generator of its messages (personalised, links shortened, priced, held by quiet hours).
 * Shared by create, update and analyse, so all three always agree.
 */
import { randomBytes } from 'node:crypto';
import { type AccountSettings, parseAccountSettings } from '../domain/account-settings.js';
import { analyseBody } from '../domain/gsm.js';
import { personaliseAs, usesPlaceholders } from '../domain/personalize.js';
import {
  DEFAULT_QUIET_WINDOWS,
  parseQuietWindow,
  type QuietWindow,
  quietHoursRelease,
} from '../domain/quiet-hours.js';
import { base62, findLinks, LINK_CODE_LENGTH, replaceLinks } from '../domain/short-links.js';
import { transcodeIfHelpful } from '../domain/transcode.js';
import { newId } from '../security/secrets.js';
import type { CallbackRenderers } from '../domain/callback-events.js';
import { type MessageRows, messageRows } from './message-rows.js';
import type { AccountRow } from '../store/schema.js';
import { restrictionsColumn } from '../domain/restrictions.js';
import { type CampaignRequest, checkCampaignFields } from './campaign-request.js';
import { analysePhone } from '../domain/phone.js';
import { type ResolvedRecipients, resolveRecipients } from './campaign-recipients.js';
import type { ServiceContext } from './context.js';
import { failure, ServiceError } from './errors.js';
import { maxPartsFor, tooManyParts } from './part-limit.js';
import { type BodyAnalysisFacts, bodyAnalysisOf, isHttpUrl, MAX_TTL_MINUTES } from './prepare-sms.js';
import type { ShortLinkRow } from '../store/repositories/short-links.js';

export interface CampaignPlan {
  account: AccountRow;
  req: CampaignRequest;
  settings: AccountSettings;
  reminderTo: Array<{ e164: string; country: string }>;
  /** IANA zones of a number (quiet hours). */
  zonesOf: (e164: string) => readonly string[];
  /** The most parts a message may have (see part-limit). */
  maxParts: number;
  /** A number as written in a request, in E.164 (undefined when it is not a number). */
  e164Of: (raw: string) => string | undefined;
  resolved: ResolvedRecipients;
  /** Numbers left out because no price (route) exists for their country. */
  unroutable: string[];
  prices: Map<string, number>;
  now: number;
  /** When the campaign starts: its scheduledDate, or now. */
  sendAt: number;
  scheduled: boolean;
  ttlMinutes: number;
  transcode: boolean;
  callback: CampaignRequest['callback'];
  /** The callbacks' formats (the services' context). */
  renderers: CallbackRenderers;
  campaignCallback: CampaignRequest['campaignCallback'];
  quietWindows: readonly QuietWindow[] | null;
  links: string[];
  shortBase: string;
  bodyAnalysis: BodyAnalysisFacts;
  /** What a recipient-independent message would cost (analyse's estimate when nothing varies). */
  estimatedCostMicros: number;
}

export function quietWindowsOf(settings: AccountSettings): readonly QuietWindow[] {
  if (!settings.quietHours) return DEFAULT_QUIET_WINDOWS;
  return settings.quietHours.map(parseQuietWindow).filter((w): w is QuietWindow => w !== null);
}

export async function planCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  req: CampaignRequest,
  opts: { analysisOnly?: boolean } = {},
): Promise<CampaignPlan> {
  const now = ctx.clock();
  const { reminderTo } = checkCampaignFields(req, ctx.timezones, ctx.outbound.policy, now);
  const settings = parseAccountSettings(account.settings);
  const resolved = await resolveRecipients(ctx, account, req, {
    service: 'Sms',
    needValues: usesPlaceholders(req.placeholders ?? 'labels', req.body),
  });

  // Prices per destination country; a country without a route makes its numbers unusable.
  const prices = new Map<string, number>();
  for (const country of [
    ...Object.keys(resolved.recipientsPerCountry),
    ...reminderTo.map((r) => r.country),
  ]) {
    if (prices.has(country)) continue;
    const price = await ctx.prices.priceOf(req.priceService ?? 'sms', country);
    if (price !== null) prices.set(country, price);
  }
  const unroutable = resolved.recipients.filter((r) => !prices.has(r.country)).map((r) => r.e164);
  const invalid = [...resolved.invalid, ...unroutable];
  if (invalid.length > 0 && !req.allowInvalid && !opts.analysisOnly) {
    throw new ServiceError(
      'invalid-recipients',
      'The recipient numbers are not valid mobile numbers (or cannot be reached). Exclude them or set allowInvalid.',
      {},
      {
        invalidNumbers: invalid.map((n) => ({
          number: n,
          problem: resolved.invalid.includes(n) ? 'invalid-mobile' : 'unsupported-destination',
        })),
      },
    );
  }
  if (unroutable.length > 0) {
    const skip = new Set(unroutable);
    resolved.recipients = resolved.recipients.filter((r) => !skip.has(r.e164));
    for (const n of unroutable) {
      const c = Object.values(resolved.contacts).find((x) => x.recipient === n);
      const country = c?.recipientCountry ?? resolved.recipientCountries[n];
      if (country && resolved.recipientsPerCountry[country]) resolved.recipientsPerCountry[country]--;
    }
  }
  if (resolved.recipients.length === 0) {
    throw failure(
      'campaign-without-recipients',
      'Your campaign has no recipients. Your groups might be empty or all contacts might be blacklisted.',
    );
  }

  const scheduled = req.scheduledDate !== undefined && req.scheduledDate > now;
  const sendAt = scheduled ? req.scheduledDate! : now;
  const transcode = req.transcode ?? settings.transcode ?? false;
  const links = req.urlShortener ? findLinks(req.body) : [];
  const domain = req.urlShortener?.domain;
  const shortBase = (typeof domain === 'string' && isHttpUrl(domain) ? domain : ctx.publicBaseUrl).replace(
    /\/+$/,
    '',
  );
  const template = analyseBody(req.body);
  const tc = transcodeIfHelpful(req.body, template);
  const parts = transcode && tc ? tc.parts : template.parts;
  // A body too long as written is refused before any message is built (personalised bodies are
  // judged again per recipient, as they are built).
  const maxParts = maxPartsFor(ctx, settings);
  if (parts > maxParts && !opts.analysisOnly) throw tooManyParts(parts, maxParts);
  let estimatedCostMicros = 0;
  for (const r of resolved.recipients) estimatedCostMicros += (prices.get(r.country) ?? 0) * parts;
  return {
    account,
    req,
    settings,
    reminderTo,
    zonesOf: (e164) => ctx.timezones.lookup(e164.slice(1)),
    e164Of: (raw) => analysePhone(raw, ctx.timezones)?.e164,
    maxParts,
    resolved,
    unroutable,
    prices,
    now,
    sendAt,
    scheduled,
    ttlMinutes: req.ttlMinutes ?? MAX_TTL_MINUTES,
    transcode,
    callback: req.callback ?? settings.callback,
    renderers: ctx.callbacks,
    campaignCallback: req.campaignCallback ?? settings.campaignCallback,
    quietWindows: req.respectQuietHours ? quietWindowsOf(settings) : null,
    links,
    shortBase,
    bodyAnalysis: bodyAnalysisOf({ analysis: template, transcode: tc }),
    estimatedCostMicros,
  };
}

/**
 * What an SMS campaign's analysis says: its recipients by country and group, the contacts among them,
 * and its body's analysis. Stored with the campaign as JSON in this shape; faces render it.
 */
export interface CampaignAnalysis {
  numberOfRecipients: number;
  recipientsPerCountry: Record<string, number>;
  recipientCountries: Record<string, string>;
  contacts: ResolvedRecipients['contacts'];
  recipientsPerGroup: Record<string, number>;
  totalInGroups: number;
  bodyAnalysis: BodyAnalysisFacts;
}

export function campaignAnalysisOf(plan: CampaignPlan): CampaignAnalysis {
  const r = plan.resolved;
  return {
    numberOfRecipients: r.recipients.length,
    recipientsPerCountry: r.recipientsPerCountry,
    recipientCountries: r.recipientCountries,
    contacts: r.contacts,
    recipientsPerGroup: r.recipientsPerGroup,
    totalInGroups: r.totalInGroups,
    bodyAnalysis: plan.bodyAnalysis,
  };
}

export function newLinkCode(): string {
  const bytes = randomBytes(LINK_CODE_LENGTH);
  let s = '';
  for (const b of bytes) s += base62(b % 62);
  return s;
}

export type PlannedMessage = MessageRows;

interface BodyFacts {
  body: string;
  parts: number;
  characters: number;
  encoding: 'GSM7' | 'UCS2';
  transcoded: boolean;
}

function bodyFacts(text: string, transcode: boolean): BodyFacts {
  const a = analyseBody(text);
  const tc = transcode ? transcodeIfHelpful(text, a) : null;
  return tc
    ? { body: tc.message, parts: tc.parts, characters: a.characters, encoding: 'GSM7', transcoded: true }
    : { body: text, parts: a.parts, characters: a.characters, encoding: a.encoding, transcoded: false };
}

/**
 * The campaign's messages, one recipient at a time (the caller writes them in chunks, so memory stays
 * bounded), followed by the reminder messages.
 */
export function* campaignMessages(
  plan: CampaignPlan,
  campaignId: string,
  shortLinks: ShortLinkRow[],
  /** Told of each message above the part limit instead of refusing the campaign (analysis). */
  onTooLong?: (recipient: string, parts: number) => void,
): Generator<PlannedMessage> {
  const { req, account, now } = plan;
  const style = req.placeholders ?? 'labels';
  const personalised = usesPlaceholders(style, req.body);
  const fallbacks = req.fallbackValues ?? {};
  const codeOf = new Map(shortLinks.map((l) => [l.long_url, l.code]));
  const fixed = !personalised && plan.links.length === 0 ? bodyFacts(req.body, plan.transcode) : null;
  const zonesCache = new Map<string, number>();
  const expiresAt = plan.sendAt + plan.ttlMinutes * 60_000;
  const cb = plan.callback;
  const restrictions = restrictionsColumn(req.restrictions);
  let seq = 0;
  const build = (
    e164: string,
    country: string,
    text: string,
    sendAt: number,
    extra: { campaignSeq: number | null; reminderOf: string | null; callback: boolean },
  ): PlannedMessage => {
    const facts = fixed && text === req.body ? fixed : bodyFacts(text, plan.transcode);
    if (facts.parts > plan.maxParts) {
      if (!onTooLong) throw tooManyParts(facts.parts, plan.maxParts, e164);
      onTooLong(e164, facts.parts);
    }
    return messageRows(
      {
        id: newId(now),
        account,
        campaignId: extra.reminderOf ? null : campaignId,
        campaignName: req.campaignName ?? null,
        sender: req.from,
        recipient: e164,
        country,
        body: facts.body,
        label: null,
        flash: req.flash === true,
        parts: facts.parts,
        characters: facts.characters,
        encoding: facts.encoding,
        transcoded: facts.transcoded,
        pricePerPartMicros: plan.prices.get(country) ?? 0,
        callback: extra.callback ? cb : null,
        ttlMinutes: plan.ttlMinutes,
        // ttl counts from the campaign's start: a message held past it expires unsent. A reminder gets
        // at least a minute after its own time.
        expiresAt: extra.reminderOf ? Math.max(expiresAt, sendAt + 60_000) : expiresAt,
        sendAt,
        now,
        campaignSeq: extra.campaignSeq,
        reminderOf: extra.reminderOf,
        restrictions,
      },
      plan.renderers,
    );
  };

  for (const r of plan.resolved.recipients) {
    let text = personalised ? personaliseAs(style, req.body, r.values ?? {}, fallbacks) : req.body;
    if (plan.links.length > 0) {
      const suffix = base62(seq);
      text = replaceLinks(text, (link) => {
        const code = codeOf.get(link);
        return code ? `${plan.shortBase}/s/${code}${suffix}` : link;
      });
    }
    let sendAt = plan.sendAt;
    if (plan.quietWindows) {
      const zones = plan.zonesOf(r.e164);
      const key = zones.join('|');
      let release = zonesCache.get(key);
      if (release === undefined) {
        release = quietHoursRelease(plan.sendAt, zones, plan.quietWindows);
        zonesCache.set(key, release);
      }
      sendAt = release;
    }
    yield build(r.e164, r.country, text, sendAt, { campaignSeq: seq, reminderOf: null, callback: true });
    seq++;
  }

  // Reminders: a test message before and/or after the campaign's start, to the reminder numbers.
  if (req.reminder && plan.reminderTo.length > 0) {
    const text = personaliseAs(style, req.body, {}, fallbacks);
    const times: number[] = [];
    if (req.reminder.minutesBefore !== undefined)
      times.push(Math.max(now, plan.sendAt - req.reminder.minutesBefore * 60_000));
    if (req.reminder.minutesAfter !== undefined) times.push(plan.sendAt + req.reminder.minutesAfter * 60_000);
    for (const at of times) {
      for (const n of plan.reminderTo) {
        yield build(n.e164, n.country, text, at, {
          campaignSeq: null,
          reminderOf: campaignId,
          callback: false,
        });
      }
    }
  }
}
