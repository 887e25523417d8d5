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
  /** Octopush's default campaign parameters (callback URLs and the like), as its API names them. */
  octopush?: OctopushParameters;
  /** Words that opt a number out when a handset sends one of them (STOP by default). */
  stopKeywords?: string[];
  /** Lifetime of the access tokens of this application; the server default when absent. */
  tokenLifetimeSeconds?: number;
  /** The most parts a message of this account may be split into (1–255; the server's default when absent). */
  maxParts?: number;
  /** Days this account's messages, calls and their companions are kept (1–3650; the server's default when absent). */
  retentionDays?: number;
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

/** The keys of Octopush's default campaign parameters (its campaign-parameters resource). */
export const OCTOPUSH_PARAMETER_KEYS = [
  'callback_url_for_deliveries',
  'callback_url_for_inbounds',
  'callback_url_for_blacklisted_numbers',
  'callback_url_for_visits',
  'email_for_inbounds',
  'api_version',
  'use_metadata_node_for_inbound',
] as const;

export interface OctopushParameters {
  callback_url_for_deliveries?: string | null;
  callback_url_for_inbounds?: string | null;
  callback_url_for_blacklisted_numbers?: string | null;
  callback_url_for_visits?: string | null;
  email_for_inbounds?: string | null;
  api_version?: string | null;
  use_metadata_node_for_inbound?: boolean | null;
}
