/** The operator drops the connection mid-run: the link reconnects and every message is delivered. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';

describe('link drop', () => {
  let smsc: SmscSimulator;
  let h: TestHerald;
  beforeAll(async () => {
    smsc = new SmscSimulator({
      receiptDelayMs: 10,
      responseDelayMs: 1,
      dropAfterSubmits: 60,
      throttleEvery: 25,
    });
    const port = await smsc.start();
    h = await startTestHerald('sqlite', {
      balance: 100,
      config: {
        engineEnabled: true,
        engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100, retryBaseMs: 50 },
        links: [{ id: 'op', host: '127.0.0.1', port, window: 10, reconnectMinMs: 50, throttlePauseMs: 10 }],
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await smsc.stop();
  });

  it('reconnects after the drop, survives throttling, and delivers all messages', async () => {
    const token = await h.token();
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) {
      const res = await h.call('POST', '/sms', {
        token,
        json: { from: 'Herald', to: `+30694100${String(1000 + i)}`, body: `drop ${i}` },
      });
      ids.push(res.body.trackingId);
    }
    await waitFor(
      async () => {
        const r = await h.store.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'Delivered')
          .executeTakeFirst();
        return Number(r?.n) === 150;
      },
      30_000,
      'all delivered',
    );
    const link = h.herald.engine!.links.all()[0]!;
    expect(link.counters.binds).toBeGreaterThanOrEqual(2);
    expect(link.counters.throttled).toBeGreaterThan(0);
    const destinations = new Set(smsc.received.map((r) => r.destination));
    expect(destinations.size).toBe(150);
    expect(smsc.duplicates()).toBeLessThanOrEqual(10);
  });
});
