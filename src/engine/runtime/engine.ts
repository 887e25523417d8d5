/**
 * The delivery engine of one node: SMPP links, dispatcher, state writer, receipts and mobile-originated
 * messages, ttl expiry, parked-receipt retries, the callback sender, and (on PostgreSQL) the node's
 * heartbeat and the release of parts claimed by nodes that died.
 */
import type { EngineHooks } from './engine-hooks.js';
import { randomUUID } from 'node:crypto';
import type {
  CarrierInbound,
  InvalidLink,
  LinkConfig,
  SmsCarrier,
  VoiceCarrier,
} from '../../carriers/carrier.js';
import type { ReceiptStat } from '../../domain/delivery-receipt.js';
import type { Logger } from '../../logger.js';
import { timezoneIndex } from '../../reference-data/timezones.js';
import type { QueuedKind } from '../../domain/channel.js';
import type { Store } from '../../store/database.js';
import { PlannerStatistics } from '../../store/pg-statistics.js';
import { CallbackSender } from '../callbacks/callback-sender.js';
import { monitorCampaigns, SMS_CAMPAIGNS } from './campaign-monitor.js';
import { optedOutDueParts, releaseScheduledParts } from '../../store/scheduled-parts.js';
import { forgetNodes, heartbeat, silentNodes } from '../../store/nodes.js';
import { dueParkedReceipts } from '../../store/parked-receipts.js';
import { Dispatcher } from '../sms/dispatcher.js';
import { LinkPool } from '../sms/link-pool.js';
import { PostgresLinkOwnership, SOLE_OWNER } from '../../store/link-ownership.js';
import { partClaimer, releaseLeasesOf } from '../../store/part-claims.js';
import { StateWriter } from '../sms/state-writer.js';
import { TtlSweep } from '../sms/ttl-sweep.js';
import { VoiceDispatcher, type VoiceTrunk } from '../voice/voice-dispatcher.js';
import type { EngineHandle, EngineStats, LinkView } from './engine-handle.js';
import type { ThreadMemory } from './thread-memory.js';
import { OutboundHttp } from '../../security/outbound-http.js';
import { RetentionPurge } from './retention-purge.js';
import type { EngineOptions } from './engine-options.js';
import { storedLinkRows } from '../../store/repositories/smpp-links.js';
import { storedTrunkRows } from '../../store/repositories/voice-trunks.js';

/** The links stored through the admin API, parsed: those that can run, and those that cannot. */
export async function storedLinks(
  store: Store,
  carrier: SmsCarrier,
): Promise<{ valid: LinkConfig[]; invalid: InvalidLink[] }> {
  return carrier.parseStored(await storedLinkRows(store.db));
}

/**
 * The configuration file's entries plus the valid ones stored by operators: a stored entry replaces
 * the file's of the same id, even one that cannot run (it is then left out, not the file's used).
 */
function withStoredOverrides<T extends { id: string }>(
  fromFile: readonly T[],
  stored: { valid: T[]; invalid: InvalidLink[] },
): T[] {
  const storedIds = new Set([...stored.valid, ...stored.invalid].map((s) => s.id));
  return [...fromFile.filter((f) => !storedIds.has(f.id)), ...stored.valid];
}

/** File trunks plus the valid trunks stored by operators. */
export async function configuredTrunks(
  store: Store,
  carrier: VoiceCarrier,
  fileTrunks: VoiceTrunk[],
): Promise<VoiceTrunk[]> {
  return withStoredOverrides(fileTrunks, carrier.parseStored(await storedTrunkRows(store.db)));
}

/** File links plus the valid links stored through the admin API. */
export async function configuredLinks(
  store: Store,
  carrier: SmsCarrier,
  fileLinks: LinkConfig[],
  onInvalid?: (invalid: InvalidLink[]) => void,
): Promise<LinkConfig[]> {
  const stored = await storedLinks(store, carrier);
  onInvalid?.(stored.invalid);
  return withStoredOverrides(fileLinks, stored);
}

export class DeliveryEngine implements EngineHandle {
  readonly nodeId: string;
  readonly links: LinkPool;
  readonly writer: StateWriter;
  readonly dispatcher: Dispatcher;
  readonly callbacks: CallbackSender;
  private maintenance: NodeJS.Timeout | undefined;
  /** PostgreSQL: keeps the queue tables' planner statistics fresh (see pg-statistics). */
  private statistics: PlannerStatistics | undefined;
  private maintaining = false;
  private readonly ttlSweep: TtlSweep;
  /** Links from the configuration file; links added through the admin API live in the database. */
  private fileLinks: LinkConfig[] = [];
  /** The same for voice trunks, and the address their media is sent from. */
  private fileTrunks: VoiceTrunk[] = [];
  private trunksSignature = '';
  private mediaHost = '127.0.0.1';
  private linksSignature = '';
  private invalidLinksSignature = '[]';
  private readonly timezones = timezoneIndex();
  private voice: VoiceDispatcher | undefined;
  private readonly outbound: OutboundHttp;
  readonly retention: RetentionPurge;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly logger: Logger,
    private readonly options: EngineOptions,
    /** The callbacks' formats and the inbound use case (src/engine/runtime/engine-hooks.ts). */
    private readonly hooks: EngineHooks,
  ) {
    this.nodeId = options.nodeId ?? randomUUID();
    this.outbound = new OutboundHttp(options.outbound);
    this.retention = new RetentionPurge(store, clock, logger, options.retention);
    const ownership =
      store.dialect === 'postgres' && store.pgUrl
        ? new PostgresLinkOwnership(store.pgUrl, store.pgSchema)
        : SOLE_OWNER;
    this.links = new LinkPool(
      hooks.smsCarrier,
      ownership,
      logger,
      options.linkCheckEveryMs,
      options.unrecordedWindows,
    );
    this.ttlSweep = new TtlSweep(store);
    this.writer = new StateWriter(store, clock, logger, {
      flushEveryMs: options.flushEveryMs,
      maxBatch: options.writerMaxBatch,
      parkRetryMs: options.parkRetryMs,
      receiptTtlMs: options.receiptTtlMs,
      renderers: hooks.callbacks,
    });
    this.dispatcher = new Dispatcher(
      partClaimer(store, this.nodeId, options.leaseMs),
      this.links,
      this.writer,
      clock,
      logger,
      {
        maxClaim: options.maxClaim,
        idleMs: options.idleMs,
        claimGatherMs: options.claimGatherMs,
        retryBaseMs: options.retryBaseMs,
        retryMaxMs: options.retryMaxMs,
      },
    );
    // Callbacks written by the state writer go straight to the sender, and the sender's "delivered"
    // marks ride on the writer's next flush.
    this.callbacks = new CallbackSender(
      store,
      clock,
      logger,
      {
        concurrency: options.callbackConcurrency,
        timeoutMs: options.callbackTimeoutMs,
        pollMs: 50,
        leaseMs: options.callbackTimeoutMs * 3,
        backoffMs: options.callbackBackoffMs,
        renderers: hooks.callbacks,
      },
      this.outbound.policy,
      ({ ids, batches }) => this.writer.submit({ type: 'callbacks-delivered', ids, batches }),
    );
    this.links.onCapacity = () => this.dispatcher.poke();
    this.writer.handoff = this.callbacks;
    this.links.onDeliver = (linkId, d) => this.onDeliver(linkId, d);
  }

  async start(links: LinkConfig[], trunks: VoiceTrunk[] = [], mediaHost = '127.0.0.1'): Promise<void> {
    this.fileTrunks = trunks;
    this.mediaHost = mediaHost;
    await this.refreshTrunks();
    // This node's row says when it (re)started; claims left by an earlier process under the same node
    // id (a restart by a supervisor, a worker started again) belong to a process that is gone: its
    // parts are due again now, not when those leases run out.
    await this.heartbeat(this.clock(), true);
    if (this.store.dialect === 'postgres') {
      const released = await releaseLeasesOf(this.store, [this.nodeId]);
      if (released > 0)
        this.logger.warn({ released, node: this.nodeId }, 'released the claims of this node’s previous run');
    }
    this.fileLinks = links;
    const all = await this.configuredLinks();
    this.linksSignature = JSON.stringify(all);
    await this.links.start(all.filter((l) => !l.disabled));
    this.dispatcher.start();
    this.callbacks.start();
    this.retention.start();
    this.maintenance = setInterval(() => void this.maintain(), this.options.maintenanceEveryMs);
    this.maintenance.unref();
    if (this.store.pgPool) {
      this.statistics = new PlannerStatistics(this.store.pgPool, this.logger);
      this.statistics.start();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.maintenance);
    await this.retention.stop();
    await this.statistics?.stop();
    await this.voice?.stop();
    await this.dispatcher.stop();
    await this.links.stop();
    await this.writer.drain();
    await this.callbacks.stop();
    await this.outbound.close();
    // Parts still held without an outcome are due for the other nodes at once, not when the lease ends.
    if (this.store.dialect === 'postgres')
      await releaseLeasesOf(this.store, [this.nodeId]).catch(() => undefined);
    await forgetNodes(this.store.db, [this.nodeId]).catch(() => undefined);
  }

  async configuredLinks(): Promise<LinkConfig[]> {
    return configuredLinks(this.store, this.hooks.smsCarrier, this.fileLinks, (invalid) => {
      const signature = JSON.stringify(invalid);
      if (signature === this.invalidLinksSignature) return;
      this.invalidLinksSignature = signature;
      for (const bad of invalid)
        this.logger.error({ link: bad.id, problems: bad.problems }, 'stored SMPP link cannot run; left out');
    });
  }

  /** Runs on the caller's thread, which reports its own heap. */
  async threadMemory(): Promise<ThreadMemory[]> {
    return [];
  }

  linkViews(): LinkView[] {
    return this.links.all().map((l) => ({
      id: l.id,
      state: l.state,
      isBound: l.isBound,
      window: l.window,
      inFlight: Math.max(0, l.window - l.freeWindow),
      counters: { ...l.counters },
    }));
  }

  /** Applies link changes made through the admin API (here or on another node). */
  async refreshLinks(): Promise<void> {
    const all = await this.configuredLinks();
    const signature = JSON.stringify(all);
    if (signature === this.linksSignature) return;
    this.linksSignature = signature;
    await this.links.update(all.filter((l) => !l.disabled));
  }

  async configuredTrunks(): Promise<VoiceTrunk[]> {
    return configuredTrunks(this.store, this.hooks.voiceCarrier, this.fileTrunks);
  }

  /**
   * Applies trunk changes made by operators (here or on another node): the voice dispatcher starts
   * with the first usable trunk, and then follows every change.
   */
  async refreshTrunks(): Promise<void> {
    const usable = (await this.configuredTrunks()).filter((t) => !t.disabled);
    const signature = JSON.stringify(usable);
    if (signature === this.trunksSignature) return;
    this.trunksSignature = signature;
    if (this.voice) return this.voice.updateTrunks(usable);
    if (usable.length === 0) return;
    this.voice = new VoiceDispatcher(
      this.store,
      this.clock,
      this.logger,
      this.nodeId,
      usable,
      this.mediaHost,
      this.outbound,
      this.hooks.callbacks,
      this.hooks.voiceCarrier,
    );
    await this.voice.start();
  }

  /** New messages are queued: dispatch now rather than at the next poll. */
  messagesQueued(kind: QueuedKind = 'sms'): void {
    if (kind === 'voice') this.voice?.poke();
    else this.dispatcher.poke();
  }

  private async onDeliver(linkId: string, d: CarrierInbound): Promise<void> {
    const now = this.clock();
    if (d.kind === 'receipt') {
      await this.writer.submit({
        type: 'receipt',
        linkId,
        smscId: d.receipt.id,
        stat: d.receipt.stat as ReceiptStat,
        err: d.receipt.err,
        receivedAt: now,
      });
      return;
    }
    await this.storeInbound(linkId, d, now);
  }

  /** A mobile-originated message: stored, matched, STOP honoured (see services/inbound). */
  private async storeInbound(
    linkId: string,
    mo: Extract<CarrierInbound, { kind: 'mo' }>,
    now: number,
  ): Promise<void> {
    await this.hooks.receiveInbound(
      this.store,
      this.timezones,
      { linkId, from: mo.from, to: mo.to, text: mo.text },
      now,
    );
    this.callbacks.poke();
    // An auto-reply or an opt-out confirmation may have been queued with it.
    this.dispatcher.poke();
  }

  private async heartbeat(now: number, starting = false): Promise<void> {
    await heartbeat(this.store.db, this.nodeId, now, starting);
  }

  private async maintain(): Promise<void> {
    if (this.maintaining) return;
    this.maintaining = true;
    try {
      const now = this.clock();
      await this.heartbeat(now);
      await this.refreshLinks();
      await this.refreshTrunks();
      if (this.store.dialect === 'postgres') {
        const dead = await silentNodes(this.store.db, now - this.options.nodeDeadAfterMs);
        if (dead.length > 0) {
          const released = await releaseLeasesOf(this.store, dead);
          if (released > 0) this.logger.warn({ released, nodes: dead }, 'released parts of dead nodes');
          await forgetNodes(this.store.db, dead);
        }
      }
      // Scheduled campaigns, quiet hours and reminders whose time has come; first the parts whose
      // recipient opted out meanwhile, which end Unsent.
      const optedOut = await optedOutDueParts(this.store.db, now);
      if (optedOut.length > 0) await this.writer.submit({ type: 'unsent', partIds: optedOut });
      if ((await releaseScheduledParts(this.store.db, now)) > 0) this.dispatcher.poke();
      if ((await monitorCampaigns(this.store, this.hooks.callbacks, now, SMS_CAMPAIGNS)) > 0)
        this.callbacks.poke();
      // ttl: messages still open past their expiry.
      const expired = await this.ttlSweep.round(now, 500, (messageIds) =>
        this.writer.submit({ type: 'expired', messageIds }),
      );
      // Receipts that came before their submit response was stored.
      const parked = await dueParkedReceipts(this.store.db, now, 500);
      await Promise.all(
        parked.map((p) =>
          this.writer.submit({
            type: 'receipt',
            linkId: p.link_id,
            smscId: p.smsc_id,
            stat: p.stat as ReceiptStat,
            err: p.err,
            receivedAt: p.received_at,
            parkedId: Number(p.id),
            parkedAttempts: Number(p.attempts),
          }),
        ),
      );
      if (expired > 0 || parked.length > 0) this.callbacks.poke();
    } catch (err) {
      this.logger.error({ err }, 'engine maintenance failed');
    } finally {
      this.maintaining = false;
    }
  }

  /** Counts for /metrics and benchmarks. */
  stats(): EngineStats {
    return {
      nodeId: this.nodeId,
      dispatcher: { ...this.dispatcher.counters },
      writer: { ...this.writer.counters },
      callbacks: { ...this.callbacks.counters },
      ...(this.voice && { voice: { ...this.voice.counters }, trunks: this.voice.trunkViews() }),
      links: this.links.all().map((l) => ({ id: l.id, state: l.state, ...l.counters })),
    };
  }
}
