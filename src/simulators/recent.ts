/**
 * Bounded memory for the simulators, which run for days inside `herald start`: a window of the most
 * recent items (what tests and the CLI look at) and a set of recent keys (to tell a repeat from a new
 * item), both dropping the oldest beyond their limit, so that memory stays flat whatever the traffic.
 */

/** Keeps at most `limit` recent items in `items`, oldest first (trimmed in steps, amortised). */
export class RecentWindow<T> {
  readonly items: T[] = [];
  /** Every item ever pushed, kept or not. */
  count = 0;

  constructor(private readonly limit: number) {}

  push(item: T): void {
    this.count++;
    this.items.push(item);
    // Trimmed by a quarter of the limit at a time: one splice per limit/4 pushes.
    if (this.items.length > this.limit + Math.max(1, this.limit >> 2))
      this.items.splice(0, this.items.length - this.limit);
  }
}

/**
 * Recent keys in two generations of at most limit/2 each: `seen` answers whether a key was seen among
 * the last limit/2 to limit keys, and remembers it. When the newer generation is full the older one
 * goes whole: O(1) per key (evicting one key at a time from a Set scans the holes that deletions
 * leave at its front, which cost a third of the simulator's CPU at 200,000 keys).
 */
export class RecentKeys {
  private older = new Set<string>();
  private newer = new Set<string>();
  private readonly half: number;

  constructor(limit: number) {
    this.half = Math.max(1, Math.ceil(limit / 2));
  }

  seen(key: string): boolean {
    if (this.has(key)) return true;
    if (this.newer.size >= this.half) {
      this.older = this.newer;
      this.newer = new Set();
    }
    this.newer.add(key);
    return false;
  }

  /** Whether the key is among the recent ones (without remembering it). */
  has(key: string): boolean {
    return this.newer.has(key) || this.older.has(key);
  }

  get size(): number {
    return this.older.size + this.newer.size;
  }
}
