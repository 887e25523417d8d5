/**
 * The contract between the delivery engine and the carriers that take its SMS and calls (as listmonk's
 * `Messenger` and Novu's `ISmsProvider`): the engine hands a part in domain terms and gets an outcome
 * back, and a link hands the engine what arrives (receipts, mobile-originated messages) in domain
 * terms too. Protocol details — SMPP's UDH or SAR, data_coding, command statuses, pairs of binds —
 * live behind it, in the carrier's folder (`carriers/smpp/`), as SIP, RTP and DTMF do for calls
 * (`carriers/sip/`). The engine imports this module only; the carriers are handed to it at start
 * (`EngineHooks.smsCarrier`, `EngineHooks.voiceCarrier`).
 */
import type { ParsedReceipt } from '../domain/delivery-receipt.js';
import type { Encoding } from '../domain/gsm.js';
import type { Logger } from '../logger.js';

/** A link's configuration as the engine sees it: an id; the rest is the carrier's. */
export interface LinkConfig {
  readonly id: string;
  /** Kept in the configuration but not run (an operator turned it off). */
  readonly disabled?: boolean;
}

/** Where a configured link may send: destination prefixes (E.164 digits) and countries; lower priority first. */
export interface LinkRouting {
  prefixes: readonly string[];
  countries: readonly string[];
  priority: number;
}

/** One part of a message, as the engine hands it to a link. */
export interface OutboundPart {
  sender: string;
  /** E.164 with '+'. */
  recipient: string;
  /** This part's text (one segment of the message). */
  text: string;
  encoding: Encoding;
  flash: boolean;
  /** Concatenation: this part's number (from 1), the message's number of parts, a reference they share. */
  seq: number;
  total: number;
  ref: number;
  /** When the operator should give up on it (ms since the epoch). */
  expiresAt: number;
  /** Regulatory restrictions by name (e.g. India's DLT ids), for links that carry them. */
  restrictions?: Record<string, string> | null;
}

export type SendOutcome =
  | { kind: 'accepted'; carrierMessageId: string }
  /** The operator kept throttling; try again later. */
  | { kind: 'throttled' }
  /** The operator refused the part: for good (Failed, refunded) or for now (retried). */
  | { kind: 'refused'; permanent: boolean; detailedStatus: string; error: string }
  /** The link is down or the answer never came (the part may or may not have reached the operator). */
  | { kind: 'unavailable'; timedOut: boolean };

/** What a link receives: a delivery receipt, or a mobile-originated message. */
export type CarrierInbound =
  { kind: 'receipt'; receipt: ParsedReceipt } | { kind: 'mo'; from: string; to: string; text: string };

export interface LinkEvents {
  /** The link can send (bound). */
  up(): void;
  /** Resolves once what arrived is stored: only then is it acknowledged to the operator. */
  inbound(d: CarrierInbound): Promise<void>;
}

/** One running connection to an operator (a bind). */
export interface CarrierLink {
  readonly id: string;
  readonly state: string;
  readonly isBound: boolean;
  /** Parts it takes at most at once (0 for a receive-only connection). */
  readonly window: number;
  /** Parts it can take now without queueing. */
  readonly freeWindow: number;
  readonly counters: Readonly<Record<string, number>>;
  send(part: OutboundPart): Promise<SendOutcome>;
  start(): void;
  stop(): Promise<void>;
}

/** A stable 8-bit concatenation reference for a message id (its parts share it). */
export function concatenationRef(messageId: string): number {
  let h = 0;
  for (let i = 0; i < messageId.length; i++) h = (h * 31 + messageId.charCodeAt(i)) >>> 0;
  return h & 0xff;
}

/** A link stored through the admin API that cannot run, and why. */
export interface InvalidLink {
  id: string;
  problems: Record<string, string>;
}

/** A kind of SMS carrier (SMPP today): what the engine needs to run links from their configurations. */
export interface SmsCarrier {
  routing(config: LinkConfig): LinkRouting;
  /** The connections of one configured link (one, or a transmitter and a receiver), not started. */
  open(config: LinkConfig, logger: Logger, events: LinkEvents): CarrierLink[];
  /** Links stored through the admin API (rows of id and JSON), parsed: those that can run, those that cannot. */
  parseStored(rows: ReadonlyArray<{ id: string; config: string }>): {
    valid: LinkConfig[];
    invalid: InvalidLink[];
  };
}

/** A call's progress as the engine reports it (Routee's voice statuses). */
export type CallProgress = 'Initiated' | 'Ringing' | 'InProgress';

/** One call, as the engine hands it to a voice line. */
export interface CallRequest {
  from: string;
  /** E.164 number called. */
  to: string;
  /** The prompt as 8 kHz μ-law samples. */
  prompt: Buffer;
  answerTimeoutMs: number;
  collectDtmf: boolean;
  dtmfAwaitMs: number;
  onProgress?(status: CallProgress): void;
}

export interface CallOutcome {
  status: 'Completed' | 'Busy' | 'NoAnswer' | 'Failed';
  answeredAt: number | null;
  /** Answered time in ms (billing). */
  durationMs: number;
  digits: string;
  /** The carrier's own final code, when it has one (SIP's). */
  carrierStatus: number | null;
}

/** A voice trunk's configuration as the engine sees it: an id and how many calls at once. */
export interface TrunkConfig {
  readonly id: string;
  readonly maxCalls: number;
  /** Kept in the configuration but not used (an operator turned it off). */
  readonly disabled?: boolean;
}

/** One open trunk. */
export interface VoiceLine {
  call(request: CallRequest): Promise<CallOutcome>;
  stop(): Promise<void>;
}

/** A kind of voice carrier (SIP with RTP today). */
export interface VoiceCarrier {
  /** Opens a trunk; media flows from `mediaHost`. */
  open(trunk: TrunkConfig, mediaHost: string): Promise<VoiceLine>;
  /** Trunks stored by operators (rows of id and JSON), parsed: those that can run, those that cannot. */
  parseStored(rows: ReadonlyArray<{ id: string; config: string }>): {
    valid: TrunkConfig[];
    invalid: InvalidLink[];
  };
}
