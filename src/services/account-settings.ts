/**
 * Application-level settings of an account (Routee keeps them per application): default callback and
 * campaign callback, default transcode, quiet-hour windows, token lifetime. Changed through the admin
 * API and the CLI; a `null` value removes a setting (back to the server default).
 */
import {
  type AccountSettings,
  type CallbackSetting,
  type FaceParameterSpec,
  type FaceParameters,
  isCallbackStrategy,
  parseAccountSettings,
} from '../domain/account-settings.js';
import { parseQuietWindow } from '../domain/quiet-hours.js';
import { findAccountById, updateAccountSettings } from '../store/repositories/accounts.js';
import type { ServiceContext } from './context.js';
import { ServiceError, validationError } from './errors.js';
import type { OutboundPolicy } from '../security/outbound-policy.js';
import { NOT_HTTP, outboundUrlProblem } from './outbound-urls.js';
import { MAX_CONCATENATED_PARTS } from './part-limit.js';

function readCallback(
  v: unknown,
  key: string,
  problems: Record<string, string>,
  outbound: OutboundPolicy,
): CallbackSetting | undefined {
  const o = v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  const url = o?.url;
  const strategy = o?.strategy ?? 'OnChange';
  if (!o || typeof url !== 'string') {
    problems[`${key}.url`] = NOT_HTTP;
    return undefined;
  }
  const problem = outboundUrlProblem(outbound, url);
  if (problem) {
    problems[`${key}.url`] = problem;
    return undefined;
  }
  if (!isCallbackStrategy(strategy)) {
    problems[`${key}.strategy`] = 'must be OnChange or OnCompletion';
    return undefined;
  }
  return { url, strategy };
}

const MAX_STOP_KEYWORDS = 50;
const MAX_STOP_KEYWORD_LENGTH = 30;
/** A year: a token that outlives that is a credential, not a session. */
export const MAX_TOKEN_LIFETIME_S = 365 * 24 * 3600;
const MAX_URL_LENGTH = 2048;
const MAX_CONFIRMATION_LENGTH = 1000;

/** A face's parameters against its spec: known names, booleans, strings, receivers' URLs allowed. */
function checkFaceParameters(
  face: string,
  spec: FaceParameterSpec,
  params: FaceParameters,
  problems: Record<string, string>,
  outbound: OutboundPolicy,
): void {
  for (const [name, v] of Object.entries(params)) {
    if (!spec.keys.includes(name)) problems[`${face}.${name}`] = 'unknown setting';
    else if (v === null || v === undefined) continue;
    else if (spec.booleans.includes(name)) {
      if (typeof v !== 'boolean') problems[`${face}.${name}`] = 'must be a boolean';
    } else if (typeof v !== 'string' || v.length > MAX_URL_LENGTH)
      problems[`${face}.${name}`] = `must be a string of at most ${MAX_URL_LENGTH} characters`;
    else if (spec.urls.includes(name)) {
      const problem = outboundUrlProblem(outbound, v);
      if (problem) problems[`${face}.${name}`] = problem;
    }
  }
}

/** Applies a patch of settings; unknown keys are refused. Returns the settings after. */
export async function changeAccountSettings(
  ctx: ServiceContext,
  accountId: string,
  patch: Record<string, unknown>,
): Promise<AccountSettings> {
  const row = await findAccountById(ctx.store.db, accountId);
  if (!row) throw new ServiceError('account-not-found', 'Account not found');
  const settings = parseAccountSettings(row.settings);
  const problems: Record<string, string> = {};
  for (const [key, value] of Object.entries(patch)) {
    const remove = value === null;
    switch (key) {
      case 'callback':
      case 'campaignCallback': {
        if (remove) delete settings[key];
        else {
          const cb = readCallback(value, key, problems, ctx.outbound.policy);
          if (cb) settings[key] = cb;
        }
        break;
      }
      case 'transcode':
        if (remove) delete settings.transcode;
        else if (typeof value === 'boolean') settings.transcode = value;
        else problems.transcode = 'must be a boolean';
        break;
      case 'quietHours': {
        if (remove) delete settings.quietHours;
        else if (
          !Array.isArray(value) ||
          value.length > 24 ||
          !value.every((w) => typeof w === 'string' && parseQuietWindow(w))
        )
          problems.quietHours = 'must be a list of "HH:MM-HH:MM" windows';
        else settings.quietHours = value as string[];
        break;
      }
      case 'stopKeywords':
        if (remove) delete settings.stopKeywords;
        else if (
          Array.isArray(value) &&
          value.length <= MAX_STOP_KEYWORDS &&
          value.every(
            (k) => typeof k === 'string' && k.trim() !== '' && k.trim().length <= MAX_STOP_KEYWORD_LENGTH,
          )
        )
          settings.stopKeywords = (value as string[]).map((k) => k.trim());
        else
          problems.stopKeywords = `must be a list of at most ${MAX_STOP_KEYWORDS} words of at most ${MAX_STOP_KEYWORD_LENGTH} characters`;
        break;
      case 'tokenLifetimeSeconds':
        if (remove) delete settings.tokenLifetimeSeconds;
        else if (
          typeof value === 'number' &&
          Number.isInteger(value) &&
          value > 0 &&
          value <= MAX_TOKEN_LIFETIME_S
        )
          settings.tokenLifetimeSeconds = value;
        else problems.tokenLifetimeSeconds = `must be an integer from 1 to ${MAX_TOKEN_LIFETIME_S}`;
        break;
      case 'retentionDays':
        if (remove) delete settings.retentionDays;
        else if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 3650)
          settings.retentionDays = value;
        else problems.retentionDays = 'must be an integer from 1 to 3650';
        break;
      case 'maxParts':
        if (remove) delete settings.maxParts;
        else if (
          typeof value === 'number' &&
          Number.isInteger(value) &&
          value >= 1 &&
          value <= MAX_CONCATENATED_PARTS
        )
          settings.maxParts = value;
        else problems.maxParts = `must be an integer from 1 to ${MAX_CONCATENATED_PARTS}`;
        break;
      case 'optOutConfirmation': {
        if (remove) delete settings.optOutConfirmation;
        else {
          const entries =
            value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : null;
          if (
            entries &&
            entries.length <= 100 &&
            entries.every(
              ([lang, text]) =>
                /^([a-z]{2}|default)$/.test(lang) &&
                typeof text === 'string' &&
                text.trim() !== '' &&
                text.length <= MAX_CONFIRMATION_LENGTH,
            )
          )
            settings.optOutConfirmation = Object.fromEntries(entries) as Record<string, string>;
          else
            problems.optOutConfirmation = `must map languages (ISO 639-1 codes, or "default") to texts of 1 to ${MAX_CONFIRMATION_LENGTH} characters`;
        }
        break;
      }
      case 'smppReceiptIdFormat':
        if (remove) delete settings.smppReceiptIdFormat;
        else if (value === 'uuid' || value === 'hex' || value === 'decimal')
          settings.smppReceiptIdFormat = value;
        else problems.smppReceiptIdFormat = 'must be uuid, hex or decimal';
        break;
      default: {
        const spec = ctx.faceParameters[key];
        if (!spec) problems[key] = 'unknown setting';
        else if (remove) delete (settings as Record<string, unknown>)[key];
        else if (value && typeof value === 'object' && !Array.isArray(value)) {
          const params = value as FaceParameters;
          checkFaceParameters(key, spec, params, problems, ctx.outbound.policy);
          (settings as Record<string, unknown>)[key] = params;
        } else problems[key] = 'must be an object';
      }
    }
  }
  if (Object.keys(problems).length > 0) throw validationError(problems);
  await updateAccountSettings(ctx.store.db, accountId, settings);
  return settings;
}

export async function readAccountSettings(ctx: ServiceContext, accountId: string): Promise<AccountSettings> {
  const row = await findAccountById(ctx.store.db, accountId);
  if (!row) throw new ServiceError('account-not-found', 'Account not found');
  return parseAccountSettings(row.settings);
}
