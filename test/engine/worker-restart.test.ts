/**
 * The engine in its worker thread (the default for `herald start`): messages are delivered, and when
 * the worker dies the engine is started again and delivery goes on; the worker reports its heap to
 * the admin API. Runs the built code (dist/), as the worker is loaded from there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/process.js';

describe('engine worker thread', () => {
  it('delivers, survives the death of its worker, and delivers again', async () => {
    // The built modules, typed as their sources.
    const dist = (m: string) => import(path.join(process.cwd(), 'dist', m));
    const { createHerald } = (await dist('herald.js')) as typeof import('../../src/herald.js');
    const { DEFAULT_CONFIG } = (await dist('config.js')) as typeof import('../../src/config.js');
    const { createLogger } = (await dist('logger.js')) as typeof import('../../src/logger.js');
    const { createAccount } = (await dist(
      'services/create-account.js',
    )) as typeof import('../../src/services/create-account.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-worker-'));
    const herald = await createHerald({
      config: {
        ...structuredClone(DEFAULT_CONFIG),
        port: 0,
        dataDir: dir,
        demo: { ...DEFAULT_CONFIG.demo, enabled: false },
        engineThread: 'worker',
        adminToken: 'admin-token-for-memory',
        simulator: { ...DEFAULT_CONFIG.simulator, enabled: true, receiptDelayMs: 20 },
        voice: { ...DEFAULT_CONFIG.voice, callee: { ...DEFAULT_CONFIG.voice.callee, enabled: false } },
      },
      logger: createLogger('silent'),
    });
    try {
      expect(herald.engine).toBeUndefined(); // not on this thread
      const url = await herald.listen();
      const account = await createAccount(herald.ctx, { name: 'w', balance: 5 });
      const basic = Buffer.from(
        `${account.credentials.clientId}:${account.credentials.clientSecret}`,
      ).toString('base64');
      const tok = (await (
        await fetch(`${url}/oauth/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials',
        })
      ).json()) as { access_token: string };
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
      await herald.close();
    }
  });
});
