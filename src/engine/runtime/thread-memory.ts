/**
 * How much heap a thread holds, for the operator and the soak benchmark: the API thread and the
 * engine's worker thread each report their own V8 heap (the process's RSS covers them all). With
 * `afterGc` and a process started with --expose-gc, a full collection runs first, so the figure is
 * what the thread really keeps alive.
 */
import v8 from 'node:v8';

export interface ThreadMemory {
  thread: string;
  heapUsedBytes: number;
  heapTotalBytes: number;
  /** True when a full collection ran just before (only with --expose-gc). */
  afterGc: boolean;
}

export function threadMemory(thread: string, afterGc: boolean): ThreadMemory {
  const collect = (globalThis as { gc?: () => void }).gc;
  const collected = afterGc && typeof collect === 'function';
  if (collected) collect();
  const h = v8.getHeapStatistics();
  return { thread, heapUsedBytes: h.used_heap_size, heapTotalBytes: h.total_heap_size, afterGc: collected };
}
