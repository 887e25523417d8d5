/** Configuration of one SMPP link (a bind to an operator's SMSC). */
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
};

export function linkConfig(
  partial: Partial<SmppLinkConfig> & Pick<SmppLinkConfig, 'id' | 'host' | 'port'>,
): SmppLinkConfig {
  return { systemId: 'herald', password: 'herald', ...LINK_DEFAULTS, ...partial };
}
