/**
 * What the rest of Herald (API, admin, metrics) needs from a delivery engine, whether it runs on the
 * main thread (`DeliveryEngine`) or in a worker thread (`EngineThreadHandle`).
 */
import type { LinkConfig, TrunkConfig } from '../../carriers/carrier.js';
import type { QueuedKind } from '../../domain/channel.js';
import type { CallbackSender } from '../callbacks/callback-sender.js';
import type { Dispatcher } from '../sms/dispatcher.js';
import type { StateWriter } from '../sms/state-writer.js';
import type { ThreadMemory } from './thread-memory.js';

export interface LinkView {
  id: string;
  state: string;
  isBound: boolean;
  /** Parts it takes at most at once, and parts sent and not yet answered. */
  window: number;
  inFlight: number;
  counters: Readonly<Record<string, number>>;
}

export interface EngineStats {
  nodeId: string;
  dispatcher: Dispatcher['counters'];
  writer: StateWriter['counters'];
  callbacks: CallbackSender['counters'];
  /** Each link's id and state with its counters beside them. */
  links: Array<{ id: string; state: string; [counter: string]: string | number }>;
  voice?: Record<string, number>;
  /** The voice trunks: each one's limit of calls at once and the calls it carries now. */
  trunks?: Array<{ id: string; maxCalls: number; activeCalls: number }>;
}

export interface EngineHandle {
  readonly nodeId: string;
  /** The links this node runs, with their state (a snapshot, a fraction of a second old in a worker). */
  linkViews(): LinkView[];
  /** File links plus links stored through the admin API. */
  configuredLinks(): Promise<LinkConfig[]>;
  /** Applies link changes made through the admin API. */
  refreshLinks(): Promise<void>;
  /** File trunks plus trunks stored by operators. */
  configuredTrunks(): Promise<TrunkConfig[]>;
  /** Applies trunk changes made by operators. */
  refreshTrunks(): Promise<void>;
  stats(): EngineStats;
  /** The heap of the engine's own thread, when it has one (none when it shares the API's). */
  threadMemory(afterGc: boolean): Promise<ThreadMemory[]>;
  /** New messages are queued: dispatch now rather than at the next poll. */
  messagesQueued(kind?: QueuedKind): void;
  stop(): Promise<void>;
}
