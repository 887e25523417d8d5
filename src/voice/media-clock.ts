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
  startNs: bigint;
  next: number;
}

export class MediaClock {
  private readonly entries = new Set<Entry>();
  private timer: NodeJS.Timeout | undefined;
  readonly lateness: number[] = [];
  recordLateness = false;

  constructor(private readonly packetMs = 20) {}

  add(stream: PacedStream): () => void {
    const entry: Entry = { stream, startNs: process.hrtime.bigint(), next: 0 };
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
    const now = process.hrtime.bigint();
    const stepNs = BigInt(this.packetMs) * 1_000_000n;
    let soonest: bigint | null = null;
    for (const e of this.entries) {
      for (;;) {
        const due = e.startNs + BigInt(e.next) * stepNs;
        if (due > now) {
          if (soonest === null || due < soonest) soonest = due;
          break;
        }
        if (this.recordLateness) this.lateness.push(Number(now - due) / 1e6);
        const more = e.stream.send(e.next);
        e.next++;
        if (!more) {
          this.entries.delete(e);
          e.stream.done?.();
          break;
        }
      }
    }
    if (soonest !== null) {
      const waitMs = Math.max(0, Number(soonest - process.hrtime.bigint()) / 1e6);
      this.timer = setTimeout(this.tick, Math.floor(waitMs));
    }
  };

  stop(): void {
    clearTimeout(this.timer);
    this.entries.clear();
  }
}
