/** Configuration of one SMPP link (a bind to an operator's SMSC). */
import { isIP } from 'node:net';
import type { InvalidLink } from '../carrier.js';
import { parseStoredConfigs } from '../stored-configs.js';
export interface SmppLinkConfig {
  id: string;
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  /** Outstanding submit_sm without a response, at most. */
  window: number;
  /** Parts per second, at most (0: unlimited). */
  tps: number;
  enquireLinkMs: number;
  /** No answer to anything for this long: the link is dead and is dropped. */
  deadAfterMs: number;
  submitTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** How long a throttled link pauses before it sends again (doubles while throttling goes on). */
  throttlePauseMs: number;
  /**
   * One transceiver bind (default), or a pair: a transmitter bind for submits and a receiver bind for
   * receipts and mobile-originated messages (operators that do not offer transceiver binds).
   */
  bindMode: 'transceiver' | 'pair';
  /** Set on the two halves of a pair by the link pool. */
  role?: 'transceiver' | 'transmitter' | 'receiver';
  /** Concatenation by UDH (default) or by SAR TLVs. */
  concatenation: 'udh' | 'sar';
  /** Routing: destination prefixes (E.164 digits) and countries (ISO alpha-2) this link serves; empty = any. */
  prefixes: string[];
  countries: string[];
  /** Lower is tried first; links of equal priority share the traffic. */
  priority: number;
  /**
   * Regulatory restrictions of a message (Routee `restrictions`, e.g. India's DLT ids) sent as
   * optional TLVs: restriction name → TLV tag, e.g. {"principalEntityId": 5120, "contentTemplateId": 5121}
   * (0x1400, 0x1401). Not sent when empty.
   */
  restrictionTlvs: Record<string, number>;
  /** Kept but not bound (an operator turned it off from the console or the admin API). */
  disabled: boolean;
}

export const LINK_DEFAULTS: Omit<SmppLinkConfig, 'id' | 'host' | 'port' | 'systemId' | 'password'> = {
  window: 50,
  tps: 0,
  enquireLinkMs: 15_000,
  deadAfterMs: 45_000,
  submitTimeoutMs: 10_000,
  reconnectMinMs: 250,
  reconnectMaxMs: 30_000,
  throttlePauseMs: 200,
  bindMode: 'transceiver',
  concatenation: 'udh',
  prefixes: [],
  countries: [],
  priority: 100,
  restrictionTlvs: {},
  disabled: false,
};

export function linkConfig(
  partial: Partial<SmppLinkConfig> & Pick<SmppLinkConfig, 'id' | 'host' | 'port'>,
): SmppLinkConfig {
  return { systemId: 'herald', password: 'herald', ...LINK_DEFAULTS, ...partial };
}

/** Bounds of the numeric settings: [min, max], integers. Timers stay below Node's 2^31-1 ms limit. */
export const LINK_BOUNDS = {
  port: [1, 65535],
  window: [1, 10_000],
  tps: [0, 100_000],
  enquireLinkMs: [1_000, 3_600_000],
  deadAfterMs: [1_000, 3_600_000],
  submitTimeoutMs: [100, 600_000],
  reconnectMinMs: [10, 3_600_000],
  reconnectMaxMs: [10, 3_600_000],
  throttlePauseMs: [1, 600_000],
  priority: [0, 1_000_000],
} as const satisfies Record<string, readonly [number, number]>;

export type LinkNumberField = keyof typeof LINK_BOUNDS;

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** A host name, or an IPv4 or IPv6 address. */
export function isLinkHost(host: string): boolean {
  return HOST_NAME.test(host) || isIP(host) !== 0;
}

/**
 * What is wrong with a link's settings, field by field (empty when nothing): what the admin API
 * refuses with a 400, and what makes the engine leave a stored link out instead of failing to start.
 * String lengths are SMPP 3.4's (system_id 15, password 8, system_type 12 characters).
 */
export function linkConfigProblems(
  c: Partial<Record<keyof SmppLinkConfig, unknown>>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (typeof c.id !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(c.id))
    problems.id = 'letters, digits, . _ - (1 to 64)';
  if (typeof c.host !== 'string' || !isLinkHost(c.host))
    problems.host = 'must be a host name or an IP address';
  for (const [key, max] of [
    ['systemId', 15],
    ['password', 8],
    ['systemType', 12],
  ] as const) {
    const v = c[key];
    if (v === undefined && key === 'systemType') continue;
    if (typeof v !== 'string' || v.length > max || /[\0-\x1f\x7f]/.test(v))
      problems[key] = `must be a string of at most ${max} printable characters`;
  }
  for (const [key, [min, max]] of Object.entries(LINK_BOUNDS)) {
    const v = c[key as LinkNumberField];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      problems[key] = `must be an integer from ${min} to ${max}`;
  }
  if (
    typeof c.reconnectMinMs === 'number' &&
    typeof c.reconnectMaxMs === 'number' &&
    c.reconnectMaxMs < c.reconnectMinMs
  )
    problems.reconnectMaxMs = 'must be at least reconnectMinMs';
  if (typeof c.disabled !== 'boolean') problems.disabled = 'must be a boolean';
  if (c.bindMode !== 'transceiver' && c.bindMode !== 'pair') problems.bindMode = 'transceiver or pair';
  if (c.concatenation !== 'udh' && c.concatenation !== 'sar') problems.concatenation = 'udh or sar';
  const list = (v: unknown, ok: (s: string) => boolean) =>
    Array.isArray(v) && v.length <= 1000 && v.every((x) => typeof x === 'string' && ok(x));
  if (!list(c.prefixes, (p) => /^\+?\d{1,15}$/.test(p)))
    problems.prefixes = 'must be a list of destination prefixes (1 to 15 digits)';
  if (!list(c.countries, (x) => /^[A-Z]{2}$/.test(x)))
    problems.countries = 'must be a list of ISO 3166 alpha-2 country codes';
  const tlvs = c.restrictionTlvs;
  if (
    tlvs === null ||
    typeof tlvs !== 'object' ||
    Array.isArray(tlvs) ||
    !Object.entries(tlvs).every(
      ([name, tag]) =>
        name.length > 0 &&
        name.length <= 64 &&
        Number.isInteger(tag) &&
        (tag as number) > 0 &&
        (tag as number) <= 0xffff,
    )
  )
    problems.restrictionTlvs = 'must map restriction names to TLV tags (1–65535)';
  return problems;
}

/** The links stored by operators, parsed (carriers/stored-configs.ts). */
export function parseStoredLinks(rows: ReadonlyArray<{ id: string; config: string }>): {
  valid: SmppLinkConfig[];
  invalid: InvalidLink[];
} {
  return parseStoredConfigs(
    rows,
    (stored) => linkConfig(stored as unknown as SmppLinkConfig),
    linkConfigProblems,
  );
}
