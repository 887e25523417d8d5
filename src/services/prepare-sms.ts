/**
 * Everything that is decided about one SMS before it is stored: sender and number checks, body
 * analysis, transcoding, and price. Shared by send and analyse, so both always agree.
 */
import type { AccountSettings, CallbackSetting } from '../domain/account-settings.js';
import { analyseBody, type BodyAnalysis } from '../domain/gsm.js';
import { analysePhone, canReceiveSms, type PhoneNumberInfo } from '../domain/phone.js';
import { isValidSender } from '../domain/sender.js';
import { type TranscodeResult, transcodeIfHelpful } from '../domain/transcode.js';
import type { ServiceContext } from './context.js';
import { restrictionProblems } from '../domain/restrictions.js';
import { ServiceError, validationError } from './errors.js';
import type { OutboundPolicy } from '../security/outbound-policy.js';
import { outboundUrlProblem } from './outbound-urls.js';
import { maxPartsFor } from './part-limit.js';

export const MAX_TTL_MINUTES = 4320;
export const MAX_LABEL_LENGTH = 350;

export interface SmsRequest {
  from: string;
  to: string;
  body: string;
  flash?: boolean;
  label?: string;
  callback?: CallbackSetting;
  ttlMinutes?: number;
  transcode?: boolean;
  /** Regulatory restrictions (Routee `restrictions`), passed to links that map them to TLVs. */
  restrictions?: Record<string, unknown>;
}

export interface PreparedSms {
  recipient: PhoneNumberInfo;
  analysis: BodyAnalysis;
  /** Reported when transcoding would reduce the parts (whether or not it is applied). */
  transcode: TranscodeResult | null;
  /** The text that goes to the operator (the transcoded one when transcoding applies). */
  finalBody: string;
  finalParts: number;
  encoding: BodyAnalysis['encoding'];
  transcoded: boolean;
  pricePerPartMicros: number;
  totalPriceMicros: number;
  /** The most parts the account's messages may have; `finalParts` above it cannot be sent. */
  maxParts: number;
}

export function checkCommonFields(req: SmsRequest, outbound: OutboundPolicy): void {
  const problems: Record<string, string> = {};
  if (req.body.length === 0) problems.body = 'may not be empty';
  if (req.label !== undefined && req.label.length > MAX_LABEL_LENGTH)
    problems.label = `size must be between 0 and ${MAX_LABEL_LENGTH}`;
  if (req.ttlMinutes !== undefined && (req.ttlMinutes < 1 || req.ttlMinutes > MAX_TTL_MINUTES))
    problems.ttl = `must be between 1 and ${MAX_TTL_MINUTES}`;
  const callbackProblem = req.callback && outboundUrlProblem(outbound, req.callback.url);
  if (callbackProblem) problems['callback.url'] = callbackProblem;
  Object.assign(problems, restrictionProblems(req.restrictions));
  if (Object.keys(problems).length > 0) throw validationError(problems);
  requireValidSender(req.from);
}

/** Refuses (invalid-sender) a sender that cannot be used; each face answers with its own code. */
export function requireValidSender(from: string): void {
  if (!isValidSender(from)) {
    throw new ServiceError(
      'invalid-sender',
      'The sender id is invalid. Use a number without "+" (at most 16 digits) or at most 11 alphanumeric characters.',
      { from: 'Invalid sender id' },
    );
  }
}

export async function prepareSms(
  ctx: ServiceContext,
  settings: AccountSettings,
  req: SmsRequest,
): Promise<PreparedSms> {
  checkCommonFields(req, ctx.outbound.policy);
  const recipient = analysePhone(req.to, ctx.timezones);
  if (!recipient || !canReceiveSms(recipient)) throw validationError({ to: 'Invalid mobile number' });

  const analysis = analyseBody(req.body);
  const transcode = transcodeIfHelpful(req.body, analysis);
  const wantTranscode = req.transcode ?? settings.transcode ?? false;
  const transcoded = wantTranscode && transcode !== null;
  const finalBody = transcoded ? transcode.message : req.body;
  const finalParts = transcoded ? transcode.parts : analysis.parts;

  const pricePerPartMicros = await ctx.prices.priceOf('sms', recipient.country);
  if (pricePerPartMicros === null) {
    throw new ServiceError('unsupported-destination', `No route to ${recipient.country}`, {
      to: 'Destination not supported',
    });
  }
  return {
    recipient,
    analysis,
    transcode,
    finalBody,
    finalParts,
    encoding: transcoded ? 'GSM7' : analysis.encoding,
    transcoded,
    pricePerPartMicros,
    totalPriceMicros: pricePerPartMicros * finalParts,
    maxParts: maxPartsFor(ctx, settings),
  };
}

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** What a body's analysis says (stored with campaigns as JSON, in this shape; faces render it). */
export interface BodyAnalysisFacts {
  characters: number;
  parts: number;
  unicode: boolean;
  unsupportedGSMCharacters: string[];
  /** The body transcoded to GSM, when that takes fewer parts. */
  transcode?: { message: string; parts: number };
}

export function bodyAnalysisOf(p: Pick<PreparedSms, 'analysis' | 'transcode'>): BodyAnalysisFacts {
  const facts: BodyAnalysisFacts = {
    characters: p.analysis.characters,
    parts: p.analysis.parts,
    unicode: p.analysis.unicode,
    unsupportedGSMCharacters: p.analysis.unsupportedGSMCharacters,
  };
  if (p.transcode) facts.transcode = { message: p.transcode.message, parts: p.transcode.parts };
  return facts;
}
