/**
 * GET /metrics in the Prometheus text format: HTTP and engine counters (links, dispatch, receipts,
 * callbacks). Counters only, never personal data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mirroredByFastLane } from './http/fast-lane.js';
import { Counter, Gauge, Registry } from 'prom-client';
import type { EngineHandle } from '../engine/runtime/engine-handle.js';

export function metricsRoutes(engine: EngineHandle | undefined) {
  const registry = new Registry();
  const requests = new Counter({
    name: 'herald_http_requests_total',
    help: 'HTTP requests answered, by status class',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  /** Counts an answer given outside Fastify (the fast lane). */
  const countResponse = (status: number) => requests.inc({ status: `${Math.floor(status / 100)}xx` });
  const plugin = async (app: FastifyInstance): Promise<void> => {
    // The fast lane counts its own answers (countResponse, above).
    app.addHook(
      'onResponse',
      mirroredByFastLane((_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
        countResponse(reply.statusCode);
        done();
      }),
    );
    for (const [name, help, read] of ENGINE_COUNTERS) {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          if (engine) this.set(read(engine.stats()));
        },
      });
    }
    new Gauge({
      name: 'herald_link_bound',
      help: 'SMPP links run by this node (1 bound, 0 not bound)',
      labelNames: ['link'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const l of engine?.stats().links ?? []) this.set({ link: l.id }, l.state === 'bound' ? 1 : 0);
      },
    });
    app.get('/metrics', async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  };
  // Not encapsulated: the request counter must see every route, not only /metrics.
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true, countResponse });
}

type EngineStats = ReturnType<EngineHandle['stats']>;

/** The engine's counters, exposed as gauges read at each scrape: name, help, reader. */
const ENGINE_COUNTERS: ReadonlyArray<[string, string, (s: EngineStats) => number]> = [
  ['herald_parts_claimed_total', 'SMS parts claimed for dispatch', (s) => s.dispatcher.claimed],
  ['herald_parts_accepted_total', 'SMS parts accepted by operators', (s) => s.dispatcher.accepted],
  ['herald_parts_retried_total', 'SMS part submissions retried', (s) => s.dispatcher.retried],
  ['herald_parts_failed_total', 'SMS parts refused by operators', (s) => s.dispatcher.failed],
  ['herald_receipts_matched_total', 'delivery receipts matched to a part', (s) => s.writer.receiptsMatched],
  [
    'herald_receipts_matched_in_memory_total',
    'delivery receipts matched to a part this node sent lately, without a lookup',
    (s) => s.writer.receiptsMatchedInMemory,
  ],
  [
    'herald_receipts_parked_total',
    'delivery receipts parked before their submit response',
    (s) => s.writer.receiptsParked,
  ],
  ['herald_callbacks_delivered_total', 'callbacks answered with 200', (s) => s.callbacks.delivered],
  [
    'herald_callbacks_handed_over_total',
    'callbacks handed by the state writer to the sender (delivered without an outbox claim)',
    (s) => s.callbacks.handedOver,
  ],
  [
    'herald_callbacks_claimed_total',
    'callbacks claimed from the outbox (retries, callbacks written outside the engine)',
    (s) => s.callbacks.claimed,
  ],
  [
    'herald_callbacks_failed_attempts_total',
    'callback deliveries that failed',
    (s) => s.callbacks.failedAttempts,
  ],
];
