// Group commit (src/store/group-commit.ts), shared by the message ingest and the state writer: items
// submitted together are written in one batch (at most maxBatch), each submitter gets its own
// outcome, a failed batch is retried item by item or rejected whole, and drain waits for everything.
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/store/group-commit.js';

function recorder(opts: {
  maxBatch?: number;
  delayMs?: number;
  failOn?: number;
  mode?: 'one-by-one' | 'reject-all';
}) {
  const batches: number[][] = [];
  let afterBatch = 0;
  const commits = new GroupCommit<number, string>({
    maxBatch: opts.maxBatch ?? 100,
    delayMs: opts.delayMs ?? 0,
    onBatchFailure: opts.mode ?? 'one-by-one',
    write: async (items) => {
      batches.push(items);
      if (opts.failOn !== undefined && items.includes(opts.failOn)) throw new Error(`bad ${opts.failOn}`);
      return items.map((i) => `ok ${i}`);
    },
    afterBatch: () => afterBatch++,
  });
  return { commits, batches, afterBatches: () => afterBatch };
}

describe('group commit', () => {
  it('writes items submitted together in one batch, each submitter getting its own outcome', async () => {
    const { commits, batches } = recorder({});
    const outcomes = await Promise.all([1, 2, 3].map((i) => commits.submit(i)));
    expect(outcomes).toEqual(['ok 1', 'ok 2', 'ok 3']);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('cuts batches at maxBatch and runs them one after the other', async () => {
    const { commits, batches, afterBatches } = recorder({ maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((i) => commits.submit(i)));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(afterBatches()).toBe(3);
  });

  it('waits delayMs for more items unless a batch is full', async () => {
    const { commits, batches } = recorder({ delayMs: 30, maxBatch: 3 });
    const first = commits.submit(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([]);
    const rest = [commits.submit(2), commits.submit(3)]; // full: at once
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('retries a failed batch item by item: only the bad item fails', async () => {
    const { commits, batches } = recorder({ failOn: 2 });
    const results = await Promise.allSettled([1, 2, 3].map((i) => commits.submit(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'ok 1',
      'bad 2',
      'ok 3',
    ]);
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('or rejects the whole batch', async () => {
    const { commits } = recorder({ failOn: 2, mode: 'reject-all' });
    const results = await Promise.allSettled([1, 2, 3].map((i) => commits.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('drain resolves once everything submitted so far is written', async () => {
    const { commits, batches } = recorder({ delayMs: 1_000, maxBatch: 10 });
    void commits.submit(1);
    void commits.submit(2);
    expect(commits.waiting).toBe(2);
    await commits.drain(); // does not wait for the delay
    expect(batches).toEqual([[1, 2]]);
    expect(commits.waiting).toBe(0);
  });
});

describe('group commit, one item at a time', () => {
  it('writes an item submitted right after the previous one resolved (the loop was finishing)', async () => {
    const commits = new GroupCommit<number, number>({
      maxBatch: 10,
      delayMs: 0,
      onBatchFailure: 'one-by-one',
      write: async (items) => items,
    });
    for (let i = 0; i < 50; i++) expect(await commits.submit(i)).toBe(i);
  });
});

describe('group commit timing', () => {
  const commits = (delayMs: number, maxBatch: number, batches: number[][]) =>
    new GroupCommit<number, number>({
      maxBatch,
      delayMs,
      onBatchFailure: 'reject-all',
      write: async (items) => {
        batches.push(items);
        return items;
      },
    });

  it('writes a lone item once the delay has passed, one batch for what came within it', async () => {
    const batches: number[][] = [];
    const c = commits(20, 100, batches);
    const first = c.submit(1);
    await new Promise((r) => setTimeout(r, 5));
    const second = c.submit(2); // within the delay: same batch, the timer is not started again
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(batches).toEqual([[1, 2]]);
  });

  it('starts a full batch at once, without waiting for the delay', async () => {
    const batches: number[][] = [];
    const c = commits(60_000, 2, batches);
    const started = Date.now();
    expect(await Promise.all([c.submit(1), c.submit(2)])).toEqual([1, 2]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(batches).toEqual([[1, 2]]);
    void c.submit(3); // alone, under a minute's delay: written by drain, not by the timer
    await c.drain();
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('writes what arrives while a batch is being written in the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const c = new GroupCommit<number, number>({
      maxBatch: 10,
      delayMs: 0,
      onBatchFailure: 'reject-all',
      write: async (items) => {
        batches.push(items);
        if (items[0] === 1) await new Promise<void>((r) => (release = r));
        return items;
      },
    });
    const first = c.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [c.submit(2), c.submit(3)];
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });
});
