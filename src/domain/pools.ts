/**
 * Number pools (Routee's /pools/my): an account's numbers grouped, with the rules that pick the sender
 * of each message sent through the pool. Pure: the service reads the pool's numbers and the number
 * last used towards the recipient, and passes a turn to rotate by.
 */
import type { CallbackSetting } from './account-settings.js';

export type PoolStrategy = 'Numeric' | 'Alphanumeric';

export function isPoolStrategy(s: unknown): s is PoolStrategy {
  return s === 'Numeric' || s === 'Alphanumeric';
}

export interface PoolSettings {
  /** Send to a recipient from the number that last wrote to them (default true). */
  sticky: boolean;
  /** Prefer a number of the recipient's country (default true). */
  geomatch: boolean;
  /** Transcode bodies to GSM where it saves parts (default false). */
  transcode: boolean;
  /** The country whose numbers send when none of the recipient's country is in the pool. */
  defaultCountry?: string;
  /** The sender of messages sent with the Alphanumeric strategy. */
  alphanumericSenderId?: string;
  /** Where messages to the pool's numbers are posted. */
  inboundSMSCallbackUrl?: string;
  /** Status callbacks of messages sent through the pool. */
  callback?: CallbackSetting;
}

export const DEFAULT_POOL_SETTINGS: PoolSettings = { sticky: true, geomatch: true, transcode: false };

export function parsePoolSettings(json: string): PoolSettings {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object'
      ? { ...DEFAULT_POOL_SETTINGS, ...(v as PoolSettings) }
      : DEFAULT_POOL_SETTINGS;
  } catch {
    return DEFAULT_POOL_SETTINGS;
  }
}

/**
 * An account's number as Herald stores it, from a number as a client or an operator writes it:
 * digits only ('+' and a leading 00 dropped).
 */
export function numberKey(raw: string): string {
  return raw.trim().replace(/^\+/, '').replace(/^00/, '');
}

export interface PoolNumber {
  /** Digits only. */
  number: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface SenderChoice {
  strategy: PoolStrategy;
  settings: PoolSettings;
  /** The pool's numbers. */
  numbers: readonly PoolNumber[];
  recipientCountry: string;
  /** The pool number the recipient last received a message from, if any. */
  lastUsed: string | null;
  /** Any non-negative integer: which of several equally good numbers to take. */
  turn: number;
}

export type SenderOutcome = { from: string } | { problem: 'no-numbers' | 'no-sender-id' };

/**
 * The sender of one message: the alphanumeric sender id for that strategy; otherwise the sticky
 * number, else a number of the recipient's country (geomatch), else one of the default country,
 * else any — rotating among equals by `turn`.
 */
export function chooseSender(c: SenderChoice): SenderOutcome {
  if (c.strategy === 'Alphanumeric') {
    const id = c.settings.alphanumericSenderId;
    return id ? { from: id } : { problem: 'no-sender-id' };
  }
  if (c.numbers.length === 0) return { problem: 'no-numbers' };
  // A pool's numbers are distinct: no two compare equal.
  const all = [...c.numbers].sort((a, b) => (a.number < b.number ? -1 : 1));
  if (c.settings.sticky && c.lastUsed !== null && all.some((n) => n.number === c.lastUsed)) {
    return { from: c.lastUsed };
  }
  const pick = (list: readonly PoolNumber[]) => list[c.turn % list.length]!.number;
  if (c.settings.geomatch) {
    const local = all.filter((n) => n.country === c.recipientCountry);
    if (local.length > 0) return { from: pick(local) };
  }
  const fallback = c.settings.defaultCountry
    ? all.filter((n) => n.country === c.settings.defaultCountry)
    : [];
  return { from: pick(fallback.length > 0 ? fallback : all) };
}
