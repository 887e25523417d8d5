/**
 * A SIP trunk's configuration (file or stored by an operator): where it is, how to sign in, how many
 * calls it takes at once, and whether it is turned off. Checked field by field before anything is
 * stored, and again when the engine reads stored trunks (a bad one is left out, alone).
 */
import type { InvalidLink } from '../carrier.js';
import { isLinkHost } from '../smpp/link-config.js';
import { parseStoredConfigs } from '../stored-configs.js';

export interface SipTrunkConfig {
  id: string;
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Domain in the From and request URIs (the trunk's host when absent). */
  domain?: string;
  /** Calls at once, at most. */
  maxCalls: number;
  /** Kept, not used (an operator turned it off). */
  disabled: boolean;
}

export const TRUNK_DEFAULTS = { port: 5060, maxCalls: 10, disabled: false } as const;

export function trunkConfig(
  partial: Partial<SipTrunkConfig> & Pick<SipTrunkConfig, 'id' | 'host'>,
): SipTrunkConfig {
  return { ...TRUNK_DEFAULTS, ...partial };
}

/** What is wrong with a trunk's settings, field by field (empty when nothing). */
export function trunkConfigProblems(
  c: Partial<Record<keyof SipTrunkConfig, unknown>>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (typeof c.id !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(c.id))
    problems.id = 'letters, digits, . _ - (1 to 64)';
  if (typeof c.host !== 'string' || !isLinkHost(c.host))
    problems.host = 'must be a host name or an IP address';
  if (typeof c.port !== 'number' || !Number.isInteger(c.port) || c.port < 1 || c.port > 65535)
    problems.port = 'must be an integer from 1 to 65535';
  if (
    typeof c.maxCalls !== 'number' ||
    !Number.isInteger(c.maxCalls) ||
    c.maxCalls < 1 ||
    c.maxCalls > 10_000
  )
    problems.maxCalls = 'must be an integer from 1 to 10000';
  for (const key of ['username', 'password', 'domain'] as const) {
    const v = c[key];
    if (v !== undefined && (typeof v !== 'string' || v.length > 256 || /[\0-\x1f\x7f]/.test(v)))
      problems[key] = 'must be a string of at most 256 printable characters';
  }
  if (typeof c.domain === 'string' && c.domain !== '' && !isLinkHost(c.domain))
    problems.domain = 'must be a host name or an IP address';
  if (typeof c.disabled !== 'boolean') problems.disabled = 'must be a boolean';
  return problems;
}

/** The trunks stored by operators, parsed (carriers/stored-configs.ts). */
export function parseStoredTrunks(rows: ReadonlyArray<{ id: string; config: string }>): {
  valid: SipTrunkConfig[];
  invalid: InvalidLink[];
} {
  return parseStoredConfigs(
    rows,
    (stored) => trunkConfig(stored as unknown as SipTrunkConfig),
    trunkConfigProblems,
  );
}
