/**
 * One pacing loop for every RTP stream of the process: each stream sends the packets whose time
 * (`start + k × 20 ms`) has come, then the loop sleeps until the next one is due. One timer per stream
 * falls behind real time (Node reschedules from the callback), this one catches up.
 */
export interface PacedStream {
  /** Sends packet number k (0-based); returns false when the stream has nothing more to send. */
  send(k: number): boolean;
  done?(): void;
}

interface Entry {
  stream: PacedStream;
  /** performance.now() of packet 0: a monotonic, sub-millisecond clock without BigInt cost. */
  start: number;
  next: number;
}

export class MediaClock {
  private readonly entries = new Set<Entry>();
  private timer: NodeJS.Timeout | undefined;
  readonly lateness: number[] = [];
  recordLateness = false;

  constructor(private readonly packetMs = 20) {}

  add(stream: PacedStream): () => void {
    const entry: Entry = { stream, start: performance.now(), next: 0 };
    this.entries.add(entry);
    this.tick();
    return () => {
      this.entries.delete(entry);
    };
  }

  get size(): number {
    return this.entries.size;
  }

  private tick = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
    let soonest = Number.POSITIVE_INFINITY;
    for (const e of this.entries) {
      for (;;) {
        const due = e.start + e.next * this.packetMs;
        if (due > now) {
          if (due < soonest) soonest = due;
          break;
        }
        if (this.recordLateness) this.lateness.push(now - due);
        const more = e.stream.send(e.next);
        e.next++;
        if (!more) {
          this.entries.delete(e);
          e.stream.done?.();
          break;
        }
      }
    }
    if (soonest !== Number.POSITIVE_INFINITY) {
      this.timer = setTimeout(this.tick, Math.max(0, Math.floor(soonest - performance.now())));
    }
  };

  stop(): void {
    clearTimeout(this.timer);
    this.entries.clear();
  }
}
