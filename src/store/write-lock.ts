/**
 * A write lock shared by the threads of one process that write the same SQLite file (the API on the
 * main thread, the engine in its worker). SQLite serialises writers itself, but a connection that
 * finds the file locked sleeps inside the driver, its whole thread stalled, in steps of 1 to 100 ms;
 * here a thread that must wait awaits (Atomics.waitAsync) and keeps serving its event loop, and is
 * woken the moment the other thread commits.
 *
 * The lock is advisory: SQLite's own locking still guards the data. A thread that waited too long
 * (a holder that died mid-transaction) goes ahead and leaves the rest to SQLite's busy timeout.
 */
import { threadId } from 'node:worker_threads';

const FREE = 0;
/** Atomics.waitAsync (Node 16+; typed in TypeScript's ES2024 lib, which this project does not use). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;
const GIVE_UP_AFTER_MS = 5_000;

export class WriteLock {
  private readonly cell: Int32Array;
  /** This thread's mark in the cell (thread ids start at 0 for the main thread). */
  private readonly me = threadId + 1;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cell = new Int32Array(buffer);
  }

  /** The last of this thread's callers of `run`: they take turns (the cell holds one thread, not one caller). */
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` holding the lock; callers of one thread queue in order. */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const before = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    await before;
    try {
      const held = await this.acquire();
      try {
        return await fn();
      } finally {
        if (held) this.release();
      }
    } finally {
      done();
    }
  }

  /** Resolves true once held, or false when it gave up waiting (the caller proceeds unlocked). */
  async acquire(): Promise<boolean> {
    const deadline = Date.now() + GIVE_UP_AFTER_MS;
    for (;;) {
      const owner = Atomics.compareExchange(this.cell, 0, FREE, this.me);
      if (owner === FREE) return true;
      if (owner === this.me) throw new Error('write lock is not reentrant');
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const wait = waitAsync(this.cell, 0, owner, Math.min(left, 100));
      if (wait.async) await wait.value;
    }
  }

  release(): void {
    if (Atomics.compareExchange(this.cell, 0, this.me, FREE) === this.me) Atomics.notify(this.cell, 0);
  }

  /** Frees the lock if a thread that is gone held it (`threadIdOfGone` as node:worker_threads gives it). */
  releaseHeldBy(threadIdOfGone: number): void {
    if (Atomics.compareExchange(this.cell, 0, threadIdOfGone + 1, FREE) === threadIdOfGone + 1)
      Atomics.notify(this.cell, 0);
  }
}
