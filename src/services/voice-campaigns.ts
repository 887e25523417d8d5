/**
 * Routee voice campaigns (`POST /voice/campaign`): recipients resolved like SMS campaigns (the voice
 * blacklist is the do-not-disturb list, skipped with `ignoreDnd`), the prompt made at once (TTS or the
 * WAV file, so a bad one is refused before any call), one queued call per recipient, and the cost of
 * each call's longest possible answered time reserved; the engine charges the answered seconds and
 * refunds the rest.
 */
import type { CallbackSetting } from '../domain/account-settings.js';
import { isValidCampaignName } from '../domain/campaign.js';
import { isPersonalised, labelsUsed } from '../domain/personalize.js';
import { scheduleProblem } from '../domain/dates.js';
import { quietHoursRelease } from '../domain/quiet-hours.js';
import { newId } from '../security/secrets.js';
import { enqueueCallbacks } from '../store/repositories/callback-outbox.js';
import { debit } from '../store/repositories/ledger.js';
import type { AccountRow, CampaignRow, VoiceCallRow } from '../store/schema.js';
import { voiceStatusCounts } from '../domain/voice-statuses.js';
import { voiceCallCounts } from '../store/repositories/campaign-counts.js';
import { promptOf, type VoiceCampaignSettings, type VoicePlan } from '../voice/plan.js';
import {
  type CampaignUnits,
  acceptedCallback,
  findCampaign,
  newCampaignRow,
  notScheduled,
  requireFreeName,
  withdrawCampaign,
} from './campaign-lifecycle.js';
import { type ResolvedRecipients, resolveRecipients } from './campaign-recipients.js';
import { quietWindowsOf } from './campaign-plan.js';
import type { ServiceContext } from './context.js';
import { failure, type RefusedNumber, ServiceError, validationError } from './errors.js';
import { requireValidSender } from './prepare-sms.js';
import { ADDRESS_REFUSED, outboundUrlProblem } from './outbound-urls.js';
import type { OutboundPolicy } from '../security/outbound-policy.js';
import { parseAccountSettings } from '../domain/account-settings.js';
import { isTtsLanguage, MAX_TTS_TEXT, MediaError, type TtsGender, type TtsLanguage } from '../voice/tts.js';
import { insertCampaign } from '../store/repositories/campaigns.js';
import {
  anyCallReleased,
  campaignCalls,
  deleteCampaignCalls,
  findVoiceCall,
  finishedCallsSpend,
  insertVoiceCalls,
} from '../store/repositories/voice-calls.js';

export const MAX_VOICE_RECIPIENTS = 1000;
export const DEFAULT_HANGUP_DELAY_S = 30;
export const DEFAULT_DTMF_AWAIT_S = 10;

export interface VoiceCampaignRequest {
  from: string;
  to?: string[];
  contacts?: string[];
  groups?: string[];
  name?: string;
  fileURL?: string;
  message?: { text: string; language: string; gender: string };
  respectQuietHours?: boolean;
  ignoreDnd?: boolean;
  scheduledDate?: number;
  hangupDelay?: number;
  callback?: CallbackSetting;
  campaignCallback?: CallbackSetting;
  collectDtmfDigits?: boolean;
  collectDtmfAwaitSeconds?: number;
}

function checkVoiceRequest(req: VoiceCampaignRequest, outbound: OutboundPolicy, now: number): VoicePlan {
  const problems: Record<string, string> = {};
  for (const key of ['to', 'contacts', 'groups'] as const)
    if ((req[key]?.length ?? 0) > MAX_VOICE_RECIPIENTS)
      problems[key] = `at most ${MAX_VOICE_RECIPIENTS} entries`;
  if (req.name !== undefined && !isValidCampaignName(req.name))
    problems.name =
      'must be between 2 and 30 characters and contain only latin letters, numbers, spaces and -';
  const when = req.scheduledDate === undefined ? undefined : scheduleProblem(req.scheduledDate, now);
  if (when) problems.scheduledDate = when;
  if (!req.fileURL && !req.message) problems.message = 'one of message or fileURL is required';
  if (req.fileURL && req.message) problems.fileURL = 'give either message or fileURL, not both';
  if (req.fileURL) {
    const problem = outboundUrlProblem(outbound, req.fileURL);
    if (problem === ADDRESS_REFUSED) problems.fileURL = problem;
    else if (problem || !/\.wav($|\?)/i.test(req.fileURL))
      problems.fileURL = 'must be an http(s) URL of a .wav file';
  }
  let message: VoicePlan['message'];
  if (req.message) {
    const { text, language, gender } = req.message;
    if (!text) problems['message.text'] = 'may not be empty';
    else if (text.length > MAX_TTS_TEXT) problems['message.text'] = `at most ${MAX_TTS_TEXT} characters`;
    if (!isTtsLanguage(language)) problems['message.language'] = 'unsupported language';
    if (gender !== 'male' && gender !== 'female') problems['message.gender'] = 'must be male or female';
    if (Object.keys(problems).length === 0)
      message = { text, language: language as TtsLanguage, gender: gender as TtsGender };
  }
  const hangupDelay = req.hangupDelay ?? DEFAULT_HANGUP_DELAY_S;
  if (!Number.isInteger(hangupDelay) || hangupDelay < 1 || hangupDelay > 120)
    problems.hangupDelay = 'must be between 1 and 120 seconds';
  const awaitSeconds = req.collectDtmfAwaitSeconds ?? DEFAULT_DTMF_AWAIT_S;
  if (!Number.isInteger(awaitSeconds) || awaitSeconds < 1 || awaitSeconds > 60)
    problems.collectDtmfAwaitSeconds = 'must be between 1 and 60 seconds';
  for (const key of ['callback', 'campaignCallback'] as const) {
    const cb = req[key];
    const problem = cb && outboundUrlProblem(outbound, cb.url);
    if (problem) problems[`${key}.url`] = problem;
  }
  if (Object.keys(problems).length > 0) throw validationError(problems);
  requireValidSender(req.from);
  const listed = (req.to?.length ?? 0) + (req.contacts?.length ?? 0) + (req.groups?.length ?? 0);
  if (listed === 0)
    throw new ServiceError(
      'no-recipients',
      'You have not specified any recipients (to, contacts or groups).',
    );
  return {
    ...(message && { message }),
    ...(req.fileURL && { fileURL: req.fileURL }),
    hangupDelay,
    collectDtmfDigits: req.collectDtmfDigits ?? false,
    collectDtmfAwaitSeconds: awaitSeconds,
  };
}

function mediaRefused(err: unknown, plan: VoicePlan): ServiceError {
  const message = err instanceof MediaError ? err.message : 'the prompt could not be made';
  return new ServiceError('validation', `The voice message cannot be played: ${message}`, {
    [plan.fileURL ? 'fileURL' : 'message']: message,
  });
}

export async function createVoiceCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  req: VoiceCampaignRequest,
  opts: {
    id?: string;
    replacing?: CampaignRow;
    /** Priced per voice message (Octopush `vocal_sms`) instead of per answered second. */
    perMessage?: boolean;
  } = {},
) {
  const plan = checkVoiceRequest(req, ctx.outbound.policy, ctx.clock());
  const settings = parseAccountSettings(account.settings);
  const resolved = await resolveRecipients(ctx, account, req, {
    service: 'Voice',
    needValues: needsValues(req),
    canReceive: () => true,
  });
  if (req.ignoreDnd) {
    // The DND list is not applied: resolve again without it.
    Object.assign(
      resolved,
      await resolveRecipients(ctx, account, req, {
        service: 'Lookup',
        needValues: needsValues(req),
        canReceive: () => true,
      }),
    );
  }
  if (resolved.invalid.length > 0) {
    throw new ServiceError(
      'invalid-recipients',
      'The recipient numbers are not valid.',
      {},
      { invalidNumbers: resolved.invalid.map((n) => ({ number: n, problem: 'invalid-number' })) },
    );
  }
  if (resolved.recipients.length === 0) {
    throw failure(
      'campaign-without-recipients',
      'Your campaign has no recipients. Your groups might be empty or all contacts might be blacklisted.',
    );
  }
  let prompt: Buffer;
  try {
    prompt = await promptOf(ctx.prompts, plan, ctx.outbound, ctx.logger);
  } catch (err) {
    throw mediaRefused(err, plan);
  }
  const promptSeconds = prompt.length / 8000;
  const maxAnsweredSeconds = Math.ceil(
    promptSeconds + (plan.collectDtmfDigits ? plan.collectDtmfAwaitSeconds : 0) + 2,
  );
  const now = ctx.clock();
  const scheduled = req.scheduledDate !== undefined && req.scheduledDate > now;
  const sendAt = scheduled ? req.scheduledDate! : now;
  const windows = req.respectQuietHours ? quietWindowsOf(settings) : null;
  const callback = req.callback ?? settings.callback;
  const campaignCallback = req.campaignCallback ?? settings.campaignCallback;
  const id = opts.id ?? newId(now);
  const calls: VoiceCallRow[] = [];
  let reserved = 0;
  for (const [seq, r] of resolved.recipients.entries()) {
    const price = await ctx.prices.priceOf(opts.perMessage ? 'vocal_sms' : 'voice', r.country);
    if (price === null) {
      throw new ServiceError('unsupported-destination', `No voice route to ${r.country}`, {
        to: 'Destination not supported',
      });
    }
    // A call is billed per started answered second, never above its reservation. A voice message
    // reserves its price and bills it whole from the first answered second (a minute's rate of 60
    // times the message); an unanswered call costs nothing either way.
    const perMinute = opts.perMessage ? price * 60 : price;
    const reserve = opts.perMessage ? price : Math.ceil((perMinute * maxAnsweredSeconds) / 60);
    reserved += reserve;
    const at = windows ? quietHoursRelease(sendAt, ctx.timezones.lookup(r.e164.slice(1)), windows) : sendAt;
    calls.push({
      id: newId(now),
      account_id: account.id,
      campaign_id: id,
      seq,
      sender: req.from,
      recipient: r.e164,
      country: r.country,
      status: 'Queued',
      history: JSON.stringify([{ status: 'Queued', date: new Date(now).toISOString() }]),
      queue_state: at > now ? 'scheduled' : 'ready',
      next_attempt_at: at,
      claimed_by: null,
      reserved_micros: reserve,
      price_micros: 0,
      price_per_minute_micros: perMinute,
      duration_ms: 0,
      digits: null,
      sip_status: null,
      callback_url: callback?.url ?? null,
      callback_strategy: callback?.strategy ?? null,
      send_at: at,
      answered_at: null,
      ended_at: null,
      created_at: now,
      updated_at: now,
    });
  }
  const asked: VoiceCampaignSettings = {
    to: req.to ?? [],
    contacts: req.contacts ?? [],
    groups: req.groups ?? [],
    respectQuietHours: req.respectQuietHours ?? false,
    ignoreDnd: req.ignoreDnd ?? false,
    // Seed 003: "Defaults to null"; the engine waits DEFAULT_HANGUP_DELAY_S then.
    hangupDelay: req.hangupDelay ?? null,
    plan,
  };
  const analysis = recipientAnalysis(resolved, plan.message?.text);
  const row = newCampaignRow({
    id,
    accountId: account.id,
    type: 'Voice',
    name: req.name ?? null,
    state: scheduled ? 'Scheduled' : 'Queued',
    sender: req.from,
    body: plan.message?.text ?? plan.fileURL ?? '',
    request: JSON.stringify(asked),
    analysis: JSON.stringify(analysis),
    scheduledAt: req.scheduledDate ?? null,
    sendAt,
    costMicros: reserved,
    total: calls.length,
    callback,
    campaignCallback,
    createdAt: now,
    now,
  });
  if (row.name !== null) await requireFreeName(ctx.store.db, account.id, row.name, id);
  await ctx.store.db.transaction().execute(async (trx) => {
    if (opts.replacing) await withdrawCampaign(trx, VOICE_UNITS, account.id, opts.replacing.id, now);
    const charged = await debit(trx, {
      accountId: account.id,
      amountMicros: reserved,
      kind: 'charge',
      reference: id,
      description: `voice campaign of ${calls.length} call(s): reserved for up to ${maxAnsweredSeconds} s each`,
      now,
    });
    if (charged === null)
      throw new ServiceError('insufficient-balance', "You don't have enough balance to send the campaign.");
    await insertCampaign(trx, row);
    await insertVoiceCalls(trx, calls);
    const cb = acceptedCallback(
      ctx.callbacks,
      row,
      voiceStatusCounts([{ status: 'Queued', n: calls.length }]),
    );
    if (cb) await enqueueCallbacks(trx, [cb], now);
  });
  ctx.hooks.messagesQueued('voice');
  return voiceCampaignRecord(ctx, row);
}

/** A voice campaign as its faces show it: the stored campaign, its calls' counts and its cost so far. */
export interface VoiceCampaignRecord {
  kind: 'voice';
  row: CampaignRow;
  statuses: Record<string, number>;
  /** What finished calls cost, plus what is still reserved for the others. */
  costMicros: number;
  /** What it was asked. */
  settings: VoiceCampaignSettings;
  /** The analysis it was accepted with. */
  analysis: VoiceAnalysis;
}

export async function voiceCampaignRecord(
  ctx: ServiceContext,
  row: CampaignRow,
): Promise<VoiceCampaignRecord> {
  const spent = await finishedCallsSpend(ctx.store.db, row.account_id, row.id);
  return {
    kind: 'voice',
    row,
    statuses: await voiceCallCounts(ctx.store.db, row.id),
    costMicros: row.cost_micros - spent.reservedMicros + spent.chargedMicros,
    settings: JSON.parse(row.request) as VoiceCampaignSettings,
    analysis: JSON.parse(row.analysis) as VoiceAnalysis,
  };
}

export function getVoiceCampaign(ctx: ServiceContext, account: AccountRow, id: string): Promise<CampaignRow> {
  return findCampaign(ctx.store.db, account.id, id, 'Voice');
}

/** PUT /voice/campaign/{id}: planned again from the new request, only while it is Scheduled. */
export async function updateVoiceCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
  req: VoiceCampaignRequest,
): Promise<VoiceCampaignRecord> {
  const row = await getVoiceCampaign(ctx, account, id);
  if (row.state !== 'Scheduled') throw notScheduled(row.id);
  return createVoiceCampaign(ctx, account, req, { id: row.id, replacing: row });
}

/** DELETE /voice/campaign/{id}: withdraws a scheduled voice campaign and refunds it. */
export async function deleteVoiceCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<void> {
  await ctx.store.db
    .transaction()
    .execute((trx) => withdrawCampaign(trx, VOICE_UNITS, account.id, id, ctx.clock()));
}

/** A voice call as tracking reports it. */
export interface VoiceCallRecord {
  id: string;
  campaignId: string;
  recipient: string;
  sender: string;
  country: string;
  status: string;
  /** Each status it went through, with its ISO 8601 date. */
  history: Array<{ status: string; date: string }>;
  durationMs: number;
  priceMicros: number;
  digits: string | null;
  updatedAt: number;
}

function voiceCallRecord(c: VoiceCallRow): VoiceCallRecord {
  return {
    id: c.id,
    campaignId: c.campaign_id,
    recipient: c.recipient,
    sender: c.sender,
    country: c.country,
    status: c.status,
    history: JSON.parse(c.history) as VoiceCallRecord['history'],
    durationMs: c.duration_ms,
    priceMicros: c.price_micros,
    digits: c.digits,
    updatedAt: c.updated_at,
  };
}

/** A page of a voice campaign's calls, in the order they were planned. */
export async function voiceCallsPage(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
  page: { page: number; size: number },
): Promise<{ campaign: CampaignRow; calls: VoiceCallRecord[] }> {
  const campaign = await getVoiceCampaign(ctx, account, id);
  const calls = await campaignCalls(ctx.store.db, account.id, campaign.id, page);
  return { campaign, calls: calls.map(voiceCallRecord) };
}

export async function getVoiceCall(
  ctx: ServiceContext,
  account: AccountRow,
  id: string,
): Promise<VoiceCallRecord> {
  const call = await findVoiceCall(ctx.store.db, account.id, id);
  if (!call) throw new ServiceError('message-not-found', 'Tracking not found.');
  return voiceCallRecord(call);
}

/** A voice campaign's units: its calls, all removed when it is withdrawn. */
export const VOICE_UNITS: CampaignUnits = {
  type: 'Voice',
  anyReleased: anyCallReleased,
  async removeScheduled(db, accountId, campaignId) {
    await deleteCampaignCalls(db, accountId, campaignId);
    return 0;
  },
  withdrawn: 'scheduled voice campaign withdrawn',
};

/** What a voice campaign's analysis says (stored with the campaign as JSON, in this shape). */
export interface VoiceAnalysis {
  contacts: ResolvedRecipients['contacts'];
  /** Each `[~label]` the text uses, with how many recipients have no value for it. */
  dialPlanAnalysis: { placeholder: Record<string, { recipientsWithoutValue: number }> };
  numberOfRecipients: number;
  recipientCountries: Record<string, string>;
  recipientsPerCountry: Record<string, number>;
  recipientsPerGroup: Record<string, number>;
  totalInGroups: number;
}

function recipientAnalysis(resolved: ResolvedRecipients, text: string | undefined): VoiceAnalysis {
  return {
    contacts: resolved.contacts,
    dialPlanAnalysis: dialPlanAnalysis(resolved, text),
    numberOfRecipients: resolved.recipients.length,
    recipientCountries: resolved.recipientCountries,
    recipientsPerCountry: resolved.recipientsPerCountry,
    recipientsPerGroup: resolved.recipientsPerGroup,
    totalInGroups: resolved.totalInGroups,
  };
}

/**
 * `voiceAnalysis.dialPlanAnalysis.placeholder` (seed 003, fields NOT FOUND): each `[~label]` the
 * message text uses, with how many recipients have no value for it.
 */
function dialPlanAnalysis(resolved: ResolvedRecipients, text: string | undefined) {
  const placeholder: Record<string, { recipientsWithoutValue: number }> = {};
  for (const label of text ? labelsUsed(text) : [])
    placeholder[label] = {
      recipientsWithoutValue: resolved.recipients.filter((r) => !r.values?.[label]).length,
    };
  return { placeholder };
}

/** Label values are read only when the text has placeholders to report. */
const needsValues = (req: VoiceCampaignRequest) => Boolean(req.message && isPersonalised(req.message.text));

/** POST /voice/analysis: who would be called, and the numbers that cannot be; nothing stored. */
export async function analyseVoiceCampaign(
  ctx: ServiceContext,
  account: AccountRow,
  req: VoiceCampaignRequest,
) {
  const listed = (req.to?.length ?? 0) + (req.contacts?.length ?? 0) + (req.groups?.length ?? 0);
  if (listed === 0)
    throw new ServiceError(
      'no-recipients',
      'You have not specified any recipients (to, contacts or groups).',
    );
  const resolved = await resolveRecipients(ctx, account, req, {
    service: req.ignoreDnd ? null : 'Voice',
    needValues: needsValues(req),
    canReceive: () => true,
  });
  return {
    analysis: recipientAnalysis(resolved, req.message?.text),
    invalidNumbers: resolved.invalid.map((n): RefusedNumber => ({ number: n, problem: 'invalid-number' })),
  };
}
