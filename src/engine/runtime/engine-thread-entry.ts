/**
 * Entry of the engine's worker thread (the main thread holds it through engine-thread-handle.ts): its
 * own database connection, the delivery engine, and a
 * message channel to the main thread (pokes, link refreshes, stop; snapshots of stats and links back).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineHooks } from './engine-hooks.js';
import type { QueuedKind } from '../../domain/channel.js';
import type { LinkConfig } from '../../carriers/carrier.js';
import { createLogger } from '../../logger.js';
import { openStore, type StoreOptions } from '../../store/database.js';
import { DeliveryEngine } from './engine.js';
import { type EngineOptions } from './engine-options.js';
import type { VoiceTrunk } from '../voice/voice-dispatcher.js';
import { threadMemory, type ThreadMemory } from './thread-memory.js';

export interface EngineWorkerData {
  storeOptions: StoreOptions;
  engineOptions: EngineOptions;
  links: LinkConfig[];
  trunks: VoiceTrunk[];
  mediaHost: string;
  logLevel: string;
  /** The module that exports `engineHooks` (callback formats, the inbound use case), as a URL. */
  hooksModule: string;
}

export type ToWorker =
  | { type: 'poke'; kind: QueuedKind }
  | { type: 'refresh'; id: number }
  | { type: 'memory'; id: number; afterGc: boolean }
  | { type: 'stop' };
export type FromWorker =
  | { type: 'started' }
  | {
      type: 'snapshot';
      stats: ReturnType<DeliveryEngine['stats']>;
      links: ReturnType<DeliveryEngine['linkViews']>;
    }
  | { type: 'refreshed'; id: number; error?: string }
  | { type: 'memory'; id: number; memory: ThreadMemory }
  | { type: 'stopped' }
  | { type: 'failed'; error: string };

async function main(): Promise<void> {
  const port = parentPort!;
  const data = workerData as EngineWorkerData;
  const logger = createLogger(data.logLevel);
  const { engineHooks } = (await import(data.hooksModule)) as { engineHooks: EngineHooks };
  const store = await openStore(data.storeOptions);
  const engine = new DeliveryEngine(store, Date.now, logger, data.engineOptions, engineHooks);
  const send = (m: FromWorker) => port.postMessage(m);
  const snapshot = () => send({ type: 'snapshot', stats: engine.stats(), links: engine.linkViews() });
  await engine.start(data.links, data.trunks, data.mediaHost);
  snapshot();
  send({ type: 'started' });
  const timer = setInterval(snapshot, 200);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'poke') engine.messagesQueued(m.kind);
    else if (m.type === 'memory')
      send({ type: 'memory', id: m.id, memory: threadMemory('engine', m.afterGc) });
    else if (m.type === 'refresh') {
      Promise.all([engine.refreshLinks(), engine.refreshTrunks()]).then(
        () => {
          snapshot();
          send({ type: 'refreshed', id: m.id });
        },
        (err: unknown) => send({ type: 'refreshed', id: m.id, error: String(err) }),
      );
    } else if (m.type === 'stop') {
      clearInterval(timer);
      void engine
        .stop()
        .then(() => store.close())
        .finally(() => {
          send({ type: 'stopped' });
          port.close();
        });
    }
  });
}

main().catch((err: unknown) => {
  parentPort?.postMessage({
    type: 'failed',
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
});
