/**
 * What Herald tells a customer's receiver, as facts. The engine and the services decide *when* a
 * callback is due and gather its facts; the API face the customer uses renders them in its own format.
 * The renderers live with their faces (src/api/callback-renderers.ts) and are handed to the services
 * (ServiceContext) and to the engine at start, so that neither domain/ nor engine/ knows a payload.
 */
import type { AccountSettings } from './account-settings.js';

/** A body as a receiver reads it: JSON, posted as is. */
export type CallbackPayload = Record<string, unknown>;

/** A message part's status, on each change (OnChange) or its final one (OnCompletion). */
export interface PartStatusFacts {
  messageId: string;
  smsId: string;
  campaignId: string | null;
  campaignName?: string | null;
  partIndex: number;
  parts: number;
  label: string | null;
  to: string;
  from: string;
  country: string;
  body: string;
  applicationName: string;
  priceMicros: number;
  status: string;
  detailedStatus: string | null;
  updatedAt: number;
  createdAt: number;
  /** The pool the message was sent through, if any. */
  pool?: PoolFacts | null;
}

/** A number pool a message went through, and how its sender was picked ('Numeric' or 'Alphanumeric'). */
export interface PoolFacts {
  id: string;
  name: string;
  strategy: string;
}

/** A whole message's final status (strategy OnMessageCompletion): once per message. */
export interface MessageOutcomeFacts {
  /** The campaign it belongs to (the client's reference for the send), if any. */
  campaignId: string | null;
  recipient: string;
  status: string;
  detailedStatus: string | null;
  priceMicros: number;
  at: number;
  listName?: string | null;
}

/** A campaign's state, with its recipients' status counts (SMS or voice ones, as the campaign is). */
export interface CampaignStateFacts {
  trackingId: string;
  name: string | null;
  totalRecipients: number;
  state: string;
  counts: Readonly<Record<string, number>>;
  callback: { url: string; strategy: string };
}

/** A voice call's status. */
export interface VoiceCallFacts {
  callId: string;
  campaignId: string;
  campaignName: string | null;
  to: string;
  from: string;
  country: string;
  applicationName: string;
  priceMicros: number;
  status: string;
  at: number;
  /** The prompt, as planned: text to speak (with its language and voice) or a file's URL. */
  speech?: { text: string; language: string; gender: string } | null;
  fileUrl?: string | null;
  hangupDelay?: number;
  respectQuietHours: boolean;
  durationMs: number;
  createdAt: number;
  digits: string | null;
}

/** A handset's message to one of the account's numbers (not an opt-out). */
export interface InboundFacts {
  /** What it answers: the campaign of the matched outbound message, or that message outside one. */
  inReplyTo: string | null;
  from: string;
  to: string;
  text: string;
  at: number;
}

/** A handset's message to a number in one of the account's pools (every one, STOP included). */
export interface PoolInboundFacts {
  /** The inbound message's own id (its tracking id). */
  messageId: string;
  from: string;
  /** The pool's number it was written to (digits). */
  to: string;
  text: string;
  /** The parts it came in, as its length in its encoding makes it. */
  parts: number;
  at: number;
  priceMicros: number;
}

/** A handset opted out by message (STOP). */
export interface OptOutFacts {
  /** What it answers, as for an inbound message. */
  inReplyTo: string | null;
  from: string;
  text: string;
  at: number;
}

/** Where an account wants its account-wide events sent; each face reads its own settings. */
export interface AccountCallbackTargets {
  inbound?: string;
  optOut?: string;
}

/** The payload of each event, as the face that subscribes to it writes it. */
export interface CallbackRenderers {
  partStatus(f: PartStatusFacts): CallbackPayload;
  messageOutcome(f: MessageOutcomeFacts): CallbackPayload;
  campaignState(f: CampaignStateFacts): CallbackPayload;
  voiceCall(f: VoiceCallFacts): CallbackPayload;
  inbound(f: InboundFacts): CallbackPayload;
  optOut(f: OptOutFacts): CallbackPayload;
  /** Messages to a pool's numbers, posted to the pool's inbound callback. */
  poolInbound(f: PoolInboundFacts): CallbackPayload;
  /** The account's receivers of inbound messages and opt-outs, from its settings. */
  accountTargets(settings: AccountSettings): AccountCallbackTargets;
}
