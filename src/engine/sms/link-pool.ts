/**
 * The SMPP links this node runs, and routing: the links that serve a destination (by prefix or
 * country), best priority first, failing over to the next priority when the better ones are down or
 * full. A link runs on the node that owns it (src/store/link-ownership.ts: on PostgreSQL one node at
 * a time, taken over by another when its owner dies).
 */
import type {
  CarrierInbound,
  CarrierLink,
  LinkConfig,
  LinkRouting,
  SmsCarrier,
} from '../../carriers/carrier.js';
import type { Logger } from '../../logger.js';
import type { LinkOwnership } from '../../store/link-ownership.js';

export class LinkPool {
  private readonly links = new Map<string, CarrierLink>();
  /** Each running link's configured link: its id (ownership), routing and configuration as started. */
  private readonly configured = new Map<string, { id: string; routing: LinkRouting; signature: string }>();
  /**
   * Parts submitted on each link whose outcome is not committed yet: after a crash these are the
   * parts that may reach the operator twice. A link takes no more submits while it has
   * `unrecordedWindows` windows of them, so that a state writer running behind (long flushes, a
   * database that stalls) cannot let them pile up without bound.
   */
  private readonly unrecorded = new Map<string, number>();
  private configs: LinkConfig[] = [];
  private timer: NodeJS.Timeout | undefined;
  private rr = 0;
  /** Wakes the dispatcher when capacity appears (a link binds or a submit completes). */
  onCapacity: () => void = () => undefined;
  onDeliver: (linkId: string, d: CarrierInbound) => Promise<void> = async () => undefined;

  constructor(
    private readonly carrier: SmsCarrier,
    private readonly ownership: LinkOwnership,
    private readonly logger: Logger,
    private readonly checkEveryMs = 2000,
    /** How many windows of unrecorded parts a link may have (see `unrecorded`). */
    private readonly unrecordedWindows = 1,
  ) {}

  async start(configs: LinkConfig[]): Promise<void> {
    this.configs = configs;
    await this.reconcile();
    this.timer = setInterval(
      () => void this.reconcile().catch((err) => this.logger.warn({ err }, 'link ownership check failed')),
      this.checkEveryMs,
    );
    this.timer.unref();
  }

  /** Replaces the configuration (admin API): links removed are stopped, new ones started. */
  async update(configs: LinkConfig[]): Promise<void> {
    this.configs = configs;
    const stopped = new Set<string>();
    for (const [id, link] of this.links) {
      const running = this.configured.get(id)!;
      const c = configs.find((x) => x.id === running.id);
      if (!c || JSON.stringify(c) !== running.signature) {
        this.links.delete(id);
        this.configured.delete(id);
        await link.stop();
        stopped.add(running.id);
      }
    }
    for (const id of stopped) await this.ownership.release(id);
    await this.reconcile();
  }

  private async reconcile(): Promise<void> {
    const running = new Set([...this.configured.values()].map((c) => c.id));
    for (const config of this.configs) {
      if (running.has(config.id)) continue;
      if (!(await this.ownership.acquire(config.id))) continue;
      // One link may be several connections (an SMPP transmitter and receiver) under one ownership.
      const connections = this.carrier.open(config, this.logger, {
        up: () => this.onCapacity(),
        inbound: (d) => this.onDeliver(config.id, d),
      });
      const entry = {
        id: config.id,
        routing: this.carrier.routing(config),
        signature: JSON.stringify(config),
      };
      for (const link of connections) {
        this.links.set(link.id, link);
        this.configured.set(link.id, entry);
        link.start();
      }
      this.logger.info({ link: config.id, connections: connections.length }, 'this node runs the link');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.links.values()].map((l) => l.stop()));
    this.links.clear();
    this.configured.clear();
    await this.ownership.close();
  }

  all(): CarrierLink[] {
    return [...this.links.values()];
  }

  freeWindow(): number {
    let n = 0;
    for (const l of this.links.values()) n += this.roomOf(l);
    return n;
  }

  /** Submits a link can take now: its own free window, less what it sent that is not yet recorded. */
  private roomOf(link: CarrierLink): number {
    const cap = link.window * this.unrecordedWindows;
    return Math.min(link.freeWindow, cap - (this.unrecorded.get(link.id) ?? 0));
  }

  /** A part goes out on the link: it holds a place in the window until its outcome is committed. */
  hold(linkId: string): void {
    this.unrecorded.set(linkId, (this.unrecorded.get(linkId) ?? 0) + 1);
  }

  /** A held part's outcome is committed: its place is free again. */
  recorded(linkId: string): void {
    const n = (this.unrecorded.get(linkId) ?? 1) - 1;
    if (n > 0) this.unrecorded.set(linkId, n);
    else this.unrecorded.delete(linkId);
    this.onCapacity();
  }

  /** The windows of the links that take submits now (bound, not receive-only). */
  totalWindow(): number {
    let n = 0;
    for (const l of this.links.values()) if (l.isBound) n += l.window;
    return n;
  }

  /** The link for a destination: best priority with room, spreading over equals; undefined if none. */
  pick(recipientE164: string, country: string): CarrierLink | undefined {
    let best: CarrierLink[] = [];
    let bestPriority = Number.POSITIVE_INFINITY;
    for (const [id, link] of this.links) {
      const c = this.configured.get(id)!.routing;
      if (!serves(c, recipientE164, country) || this.roomOf(link) <= 0) continue;
      if (c.priority < bestPriority) {
        bestPriority = c.priority;
        best = [link];
      } else if (c.priority === bestPriority) best.push(link);
    }
    if (best.length === 0) return undefined;
    return best[this.rr++ % best.length];
  }

  /** Whether any configured link could ever serve this destination (for "no route" decisions). */
  hasRouteFor(recipientE164: string, country: string): boolean {
    return this.configs.some((c) => serves(this.carrier.routing(c), recipientE164, country));
  }
}

/** A link serves a destination when it lists its prefix or country, or lists neither (any destination). */
function serves(c: LinkRouting, recipientE164: string, country: string): boolean {
  if (c.prefixes.length === 0 && c.countries.length === 0) return true;
  const digits = recipientE164.replace(/^\+/, '');
  return c.prefixes.some((p) => digits.startsWith(p.replace(/^\+/, ''))) || c.countries.includes(country);
}
