/**
 * The main thread's handle on the delivery engine running in a worker thread (whose entry is
 * engine-thread-entry.ts): the HTTP API keeps the main thread's core and the engine
 * (SMPP, receipts, state writes, callbacks) gets its own, as Kannel splits smsbox and bearerbox. The
 * worker opens its own connection to the same database (a SQLite file in WAL mode, or PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { LinkConfig, SmsCarrier, TrunkConfig, VoiceCarrier } from '../../carriers/carrier.js';
import type { QueuedKind } from '../../domain/channel.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/database.js';
import { configuredLinks, configuredTrunks } from './engine.js';
import type { EngineHandle, EngineStats, LinkView } from './engine-handle.js';
import type { EngineWorkerData, FromWorker, ToWorker } from './engine-thread-entry.js';
import type { ThreadMemory } from './thread-memory.js';

export class EngineThreadHandle implements EngineHandle {
  private worker: Worker | undefined;
  private latest: { stats: EngineStats; links: LinkView[] } | undefined;
  private nextRequest = 1;
  private readonly waiting = new Map<number, { resolve(): void; reject(err: Error): void }>();
  private readonly memoryAsked = new Map<number, (m: ThreadMemory[]) => void>();
  private stopped: (() => void) | undefined;
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly data: EngineWorkerData,
    private readonly logger: Logger,
    /** Parses the stored links on this thread (the worker has its own). */
    private readonly carrier: SmsCarrier,
    /** The same for stored trunks. */
    private readonly voiceCarrier: VoiceCarrier,
  ) {
    // The same node id across restarts of the worker: what it claimed stays its own to resume.
    this.data = {
      ...data,
      engineOptions: { ...data.engineOptions, nodeId: data.engineOptions.nodeId ?? randomUUID() },
    };
  }

  get nodeId(): string {
    return this.data.engineOptions.nodeId ?? this.latest?.stats.nodeId ?? 'worker';
  }

  async start(): Promise<void> {
    const worker = new Worker(new URL('./engine-thread-entry.js', import.meta.url), {
      workerData: this.data,
    });
    this.worker = worker;
    const workerThreadId = worker.threadId; // -1 once it has stopped
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'snapshot') this.latest = { stats: m.stats, links: m.links };
        else if (m.type === 'started') resolve();
        else if (m.type === 'failed') reject(new Error(`engine worker failed: ${m.error}`));
        else if (m.type === 'refreshed') {
          const w = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          if (m.error) w?.reject(new Error(m.error));
          else w?.resolve();
        } else if (m.type === 'memory') {
          this.memoryAsked.get(m.id)?.([m.memory]);
          this.memoryAsked.delete(m.id);
        } else if (m.type === 'stopped') this.stopped?.();
      });
      let started = false;
      worker.once('message', () => {
        started = true;
      });
      worker.on('error', (err) => {
        this.logger.error({ err }, 'engine worker crashed');
        if (!started) reject(err);
      });
      worker.on('exit', (code) => {
        // A worker that died inside a transaction must not leave the write lock taken.
        this.store.writeLock?.releaseHeldBy(workerThreadId);
        if (this.stopping) {
          this.stopped?.();
          return;
        }
        // The engine died under us (an uncaught error in the worker): start it again. Whatever it had
        // in flight is in the database and is picked up again, as after a crash of the process.
        this.logger.error({ code }, 'engine worker exited; restarting it');
        this.worker = undefined;
        setTimeout(() => {
          if (!this.stopping)
            void this.start().catch((err: unknown) => this.logger.error({ err }, 'engine restart failed'));
        }, 1000).unref();
      });
    });
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  /** One poke per kind and event-loop turn: a burst of accepted messages wakes the worker once. */
  private readonly poked = new Set<QueuedKind>();

  messagesQueued(kind: QueuedKind = 'sms'): void {
    if (this.poked.has(kind)) return;
    this.poked.add(kind);
    setImmediate(() => {
      this.poked.delete(kind);
      this.post({ type: 'poke', kind });
    });
  }

  linkViews(): LinkView[] {
    return this.latest?.links ?? [];
  }

  stats(): EngineStats {
    return (
      this.latest?.stats ?? {
        nodeId: this.nodeId,
        dispatcher: {} as EngineStats['dispatcher'],
        writer: {} as EngineStats['writer'],
        callbacks: {} as EngineStats['callbacks'],
        links: [],
      }
    );
  }

  configuredLinks(): Promise<LinkConfig[]> {
    return configuredLinks(this.store, this.carrier, this.data.links);
  }

  /** The worker's heap (after a full collection when asked and exposed); none if it does not answer in 5 s. */
  threadMemory(afterGc: boolean): Promise<ThreadMemory[]> {
    if (!this.worker) return Promise.resolve([]);
    const id = this.nextRequest++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.memoryAsked.delete(id);
        resolve([]);
      }, 5_000);
      this.memoryAsked.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.post({ type: 'memory', id, afterGc });
    });
  }

  configuredTrunks(): Promise<TrunkConfig[]> {
    return configuredTrunks(this.store, this.voiceCarrier, this.data.trunks);
  }

  /** The worker refreshes links and trunks together on one request. */
  refreshTrunks(): Promise<void> {
    return this.refreshLinks();
  }

  refreshLinks(): Promise<void> {
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ type: 'refresh', id });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 15_000);
      this.stopped = () => {
        clearTimeout(timer);
        resolve();
      };
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
    });
  }
}
