/**
 * Group commit: items submitted close together are written together, one transaction per batch
 * instead of one per item — what a commit costs most of. Used by the API's message ingest (store/
 * message-ingest.ts) and the engine's state writer (engine/sms/state-writer.ts).
 *
 * A batch starts at once when `maxBatch` items wait, else after `delayMs` (0: on the next turn of the
 * event loop, after the I/O callbacks that may bring more); batches run one at a time, with a turn of
 * the event loop between them, until nothing waits. Each submitter learns its own item's outcome.
 * When a batch fails, `onBatchFailure` decides: `one-by-one` writes its items again alone (one bad
 * item must not fail the others), `reject-all` rejects them all.
 */

export interface GroupCommitOptions<I, O> {
  maxBatch: number;
  delayMs: number;
  /** Writes a batch; answers one outcome per item, in order. */
  write(items: I[]): Promise<O[]>;
  onBatchFailure: 'one-by-one' | 'reject-all';
  /** Called after each batch, written or not (counters, logs). */
  afterBatch?(err: unknown): void;
}

interface Waiting<I, O> {
  item: I;
  resolve(outcome: O): void;
  reject(err: unknown): void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class GroupCommit<I, O> {
  private queue: Array<Waiting<I, O>> = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running: Promise<void> | null = null;

  constructor(private readonly options: GroupCommitOptions<I, O>) {}

  /** Items waiting for a batch. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Queues an item; resolves with its outcome once its batch committed. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.kick(this.queue.length >= this.options.maxBatch ? 0 : this.options.delayMs);
    });
  }

  /** Resolves once everything submitted so far is written (or failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.running) {
      if (this.running) await this.running;
      else await this.start();
    }
  }

  private kick(delayMs: number): void {
    if (this.running || this.immediate) return; // the running loop, or the next turn, takes it
    if (delayMs > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.start();
      }, delayMs);
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      void this.start();
    });
  }

  private start(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running ??= this.loop().finally(() => {
      this.running = null;
      // An item submitted after the loop's last look at the queue, before this: its kick found the
      // loop still running.
      if (this.queue.length > 0) this.kick(0);
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      let failure: unknown = null;
      try {
        const outcomes = await this.options.write(batch.map((w) => w.item));
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
      } catch (err) {
        failure = err;
        if (this.options.onBatchFailure === 'reject-all') {
          for (const w of batch) w.reject(err);
        } else {
          for (const w of batch) {
            try {
              w.resolve((await this.options.write([w.item]))[0]!);
            } catch (one) {
              w.reject(one);
            }
          }
        }
      }
      this.options.afterBatch?.(failure);
      if (this.queue.length > 0) await turn();
    }
  }
}
