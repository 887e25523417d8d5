/** Several links: routed by destination country or prefix, best priority first, failing over when down. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';

describe('routing over several links', () => {
  const greek = new SmscSimulator({ receiptDelayMs: 5 });
  const french = new SmscSimulator({ receiptDelayMs: 5 });
  const fallback = new SmscSimulator({ receiptDelayMs: 5 });
  let h: TestHerald;
  let token: string;
  beforeAll(async () => {
    const [g, f, b] = [await greek.start(), await french.start(), await fallback.start()];
    h = await startTestHerald('sqlite', {
      config: {
        engineEnabled: true,
        engine: { ...ENGINE_DEFAULTS, retryBaseMs: 50 },
        links: [
          { id: 'gr', host: '127.0.0.1', port: g, countries: ['GR'], priority: 1, reconnectMinMs: 5000 },
          { id: 'fr', host: '127.0.0.1', port: f, prefixes: ['+336'], priority: 1 },
          { id: 'any', host: '127.0.0.1', port: b, priority: 10 },
        ],
      },
    });
    token = await h.token();
    await waitFor(() => h.herald.engine!.links.all().every((l) => l.isBound), 5000, 'three binds');
  });
  afterAll(async () => {
    await h.close();
    await Promise.all([greek.stop(), french.stop(), fallback.stop()]);
  });
  const send = (to: string) =>
    h.call('POST', '/sms', { token, json: { from: 'Herald', to, body: `to ${to}` } });
  const arrived = (sim: SmscSimulator, to: string) => sim.received.some((r) => r.destination === to.slice(1));

  it('sends by country and by prefix, and the rest over the default link', async () => {
    await send('+306948530930');
    await send('+33612345678');
    await send('+447911123456');
    await waitFor(
      () =>
        arrived(greek, '+306948530930') &&
        arrived(french, '+33612345678') &&
        arrived(fallback, '+447911123456'),
      5000,
      'routing',
    );
    expect(arrived(fallback, '+306948530930')).toBe(false);
  });

  it('fails over to the next priority when the preferred link is down', async () => {
    await greek.stop();
    await waitFor(() => !h.herald.engine!.links.all().find((l) => l.id === 'gr')!.isBound, 5000, 'gr down');
    const res = await send('+306948530931');
    expect(res.status).toBe(200);
    await waitFor(() => arrived(fallback, '+306948530931'), 5000, 'failover');
    expect(arrived(greek, '+306948530931')).toBe(false);
    expect(arrived(french, '+306948530931')).toBe(false);
    // Delivered through the fallback link, as tracking shows.
    await waitFor(
      async () =>
        (await h.call('GET', `/sms/tracking/single/${res.body.trackingId}`, { token })).body[0].status
          .status === 'Delivered',
      5000,
      'delivered',
    );
  });
});
