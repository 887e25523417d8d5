/** Per-account (Routee "application") settings, stored as JSON. */
export type CallbackStrategy = 'OnChange' | 'OnCompletion';

export interface CallbackSetting {
  url: string;
  strategy: CallbackStrategy;
}

export interface AccountSettings {
  /** Default per-message callback when a request sets none. */
  callback?: CallbackSetting;
  /** Default campaign callback when a request sets none. */
  campaignCallback?: CallbackSetting;
  /** Default for `transcode` when a request does not set it. */
  transcode?: boolean;
  /** Quiet-hour windows in recipients' local time, "HH:MM-HH:MM"; Routee's defaults when absent. */
  quietHours?: string[];
  /** Words that opt a number out when a handset sends one of them (STOP by default). */
  stopKeywords?: string[];
  /** Lifetime of the access tokens of this application; the server default when absent. */
  tokenLifetimeSeconds?: number;
  /** The most parts a message of this account may be split into (1–255; the server's default when absent). */
  maxParts?: number;
  /** Days this account's messages, calls and their companions are kept (1–3650; the server's default when absent). */
  retentionDays?: number;
  /**
   * The answer to a handset that opted out by message, by language (ISO 639-1, or 'default'): sent
   * from the number it wrote to, in its country's language (domain/country-language.ts). None when absent.
   */
  optOutConfirmation?: Record<string, string>;
  /**
   * How the id in the receipts of Herald's SMPP server is written: as the client was answered
   * ('uuid', the default), as its 32 hexadecimal digits ('hex'), or as that number in decimal ('decimal').
   */
  smppReceiptIdFormat?: 'uuid' | 'hex' | 'decimal';
}

export function parseAccountSettings(json: string): AccountSettings {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as AccountSettings) : {};
  } catch {
    return {};
  }
}

export function isCallbackStrategy(s: unknown): s is CallbackStrategy {
  return s === 'OnChange' || s === 'OnCompletion';
}

/** Parameters an API face keeps for an account, named as that face names them. */
export type FaceParameters = Record<string, string | boolean | null | undefined>;

/**
 * What a face's parameters may hold: their names, which are booleans and which are receivers' URLs
 * (checked against the outbound policy); every other one is a string. The faces declare theirs
 * (src/api/face-parameters.ts); settings keep them under the face's name.
 */
export interface FaceParameterSpec {
  keys: readonly string[];
  booleans: readonly string[];
  urls: readonly string[];
}

/** A face's parameters in the account's settings (stored under the face's name). */
export function faceParameters(settings: AccountSettings, face: string): FaceParameters {
  const v = (settings as Record<string, unknown>)[face];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as FaceParameters) : {};
}
