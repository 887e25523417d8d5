/**
 * The engine's options and their defaults, in a module of their own: the configuration reads them
 * without loading the engine (which reaches services, which read the configuration: a cycle).
 */
import { OUTBOUND_DEFAULTS, type OutboundPolicyOptions } from '../../security/outbound-policy.js';
import { CALLBACK_BACKOFF_MS } from '../rules/callbacks.js';

export interface RetentionOptions {
  /** Days rows are kept (0: for ever); an account's `retentionDays` setting overrides it. */
  days: number;
  /** Rows per batch (one transaction). */
  batchSize: number;
  /** Rows purged at most per round. */
  maxPerRound: number;
  /** Time between rounds. */
  everyMs: number;
}

export const RETENTION_DEFAULTS: RetentionOptions = {
  days: 90,
  batchSize: 500,
  maxPerRound: 20_000,
  everyMs: 10_000,
};

export interface EngineOptions {
  nodeId?: string;
  leaseMs: number;
  maxClaim: number;
  idleMs: number;
  /** After a claim that emptied the queue, the next waits this long (see Dispatcher). */
  claimGatherMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  flushEveryMs: number;
  writerMaxBatch: number;
  parkRetryMs: number;
  receiptTtlMs: number;
  maintenanceEveryMs: number;
  /** A node silent for this long is dead: its in-flight parts are released (PostgreSQL). */
  nodeDeadAfterMs: number;
  linkCheckEveryMs: number;
  callbackConcurrency: number;
  callbackTimeoutMs: number;
  callbackBackoffMs: number[];
  /**
   * How many windows of a link may be submitted and not yet recorded (see LinkPool): after a crash at
   * most this many windows of a link reach the operator twice. 1 holds duplicates to one window but
   * ties throughput at narrow windows to the state writer's commit time (PostgreSQL, window 100:
   * 4,400 → 2,050 msg/s); the default 4 costs nothing measurable.
   */
  unrecordedWindows: number;
  /** The outbound-request policy for callbacks and prompt downloads (the configuration's `outbound`). */
  outbound: OutboundPolicyOptions;
  /** Retention of old rows (the configuration's `retention`). */
  retention: RetentionOptions;
}

export const ENGINE_DEFAULTS: EngineOptions = {
  leaseMs: 30_000,
  maxClaim: 500,
  idleMs: 25,
  claimGatherMs: 15,
  retryBaseMs: 1_000,
  retryMaxMs: 300_000,
  flushEveryMs: 5,
  writerMaxBatch: 2_000,
  parkRetryMs: 1_000,
  receiptTtlMs: 60_000,
  maintenanceEveryMs: 1_000,
  nodeDeadAfterMs: 5_000,
  linkCheckEveryMs: 2_000,
  callbackConcurrency: 64,
  callbackTimeoutMs: 5_000,
  callbackBackoffMs: CALLBACK_BACKOFF_MS,
  unrecordedWindows: 4,
  outbound: OUTBOUND_DEFAULTS,
  retention: RETENTION_DEFAULTS,
};
