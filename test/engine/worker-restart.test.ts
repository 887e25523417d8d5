/**
 * The engine in its worker thread (the default for `herald start`): messages are delivered, and when
 * the worker dies the engine is started again and delivery goes on; the worker reports its heap to
 * the admin API. Runs the built code (dist/), as the worker is loaded from there.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/process.js';
import { startWorkerHerald } from '../helpers/worker-herald.js';

describe('engine worker thread', () => {
  it('delivers, survives the death of its worker, and delivers again', async () => {
    const w = await startWorkerHerald((d) => ({
      adminToken: 'admin-token-for-memory',
      simulator: { ...d.simulator, enabled: true, receiptDelayMs: 20 },
    }));
    const { herald, url } = w;
    const tok = { access_token: w.token };
    try {
      expect(herald.engine).toBeUndefined(); // not on this thread
      const send = async () => {
        const r = await fetch(`${url}/sms`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ from: 'Herald', to: '+306948530920', body: 'worker test' }),
        });
        return ((await r.json()) as { trackingId: string }).trackingId;
      };
      const delivered = (id: string) => async () => {
        const r = await fetch(`${url}/sms/tracking/single/${id}`, {
          headers: { authorization: `Bearer ${tok.access_token}` },
        });
        return ((await r.json()) as Array<{ status: { status: string } }>)[0]?.status.status === 'Delivered';
      };
      await waitFor(delivered(await send()), 10_000, 'first delivery');
      // Its counters reach this thread in snapshots.
      await waitFor(() => (herald.engineHandle!.stats().dispatcher.accepted ?? 0) >= 1, 2000, 'engine stats');

      // Each thread reports its own heap to the operator (the soak benchmark reads it).
      const memory = (await (
        await fetch(`${url}/admin/memory`, { headers: { authorization: 'Bearer admin-token-for-memory' } })
      ).json()) as { rssBytes: number; threads: Array<{ thread: string; heapUsedBytes: number }> };
      expect(memory.threads.map((t) => t.thread)).toEqual(['api', 'engine']);
      expect(memory.threads.every((t) => t.heapUsedBytes > 1_000_000)).toBe(true);
      expect(memory.rssBytes).toBeGreaterThan(memory.threads[0]!.heapUsedBytes);

      // Kill the worker as an uncaught error would.
      const worker = (herald.engineHandle as unknown as { worker: { terminate(): Promise<number> } }).worker;
      await worker.terminate();
      await waitFor(delivered(await send()), 15_000, 'delivery after the worker restarted');
    } finally {
      await w.close();
    }
  });
});
