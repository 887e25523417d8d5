/**
 * SIP trunks changed at run time with the engine in its worker thread (the default for `herald
 * start`): a trunk added from the console's operator routes reaches the worker, which places a
 * waiting call through it to a real SIP callee; disabled, the worker stops using it and the list says
 * so. Runs the built code (dist/), as the worker is loaded from there.
 */
import { describe, expect, it } from 'vitest';
import { CalleeSimulator } from '../../src/simulators/callee/simulator.js';
import { waitFor } from '../helpers/process.js';
import { startWorkerHerald } from '../helpers/worker-herald.js';

describe('trunks with the engine in a worker thread', () => {
  it('adds a trunk the worker uses at once, and disables it', { timeout: 60_000 }, async () => {
    const callee = new CalleeSimulator({ defaultRule: { behaviour: 'answer', answerAfterMs: 50 } });
    await callee.start();
    const w = await startWorkerHerald((d) => ({
      adminToken: 'worker-trunks-admin',
      simulator: { ...d.simulator, enabled: false },
    }));
    const { herald, url } = w;
    const tok = { access_token: w.token };
    try {
      const signIn = await fetch(`${url}/console/api/operator/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'worker-trunks-admin' }),
      });
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const { csrfToken } = (await signIn.json()) as { csrfToken: string };
      const operator = async (method: string, p: string, body?: unknown) => {
        const res = await fetch(`${url}/console/api/operator${p}`, {
          method,
          headers: {
            cookie,
            'x-csrf-token': csrfToken,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.json().catch(() => null)) as any };
      };

      const campaign = await fetch(`${url}/voice/campaign`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tok.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          from: '302100000000',
          to: ['+306900000201'],
          message: { text: 'Hello', language: 'en-US', gender: 'female' },
          hangupDelay: 2,
          respectQuietHours: false,
        }),
      });
      expect(campaign.status).toBe(200);
      const added = await operator('POST', '/trunks/office', {
        host: '127.0.0.1',
        port: callee.port,
        maxCalls: 3,
      });
      expect(added.status).toBe(201);
      await waitFor(() => callee.calls.length === 1, 15_000, 'the call placed by the worker');
      const trunk = async () =>
        ((await operator('GET', '/trunks')).body.items as Array<{ id: string; state: string }>).find(
          (t) => t.id === 'office',
        );
      await waitFor(async () => (await trunk())?.state === 'active', 5000, 'listed active');
      expect((await operator('POST', '/trunks/office/disable')).status).toBe(200);
      await waitFor(async () => (await trunk())?.state === 'disabled', 5000, 'listed disabled');
      await waitFor(
        () => (herald.engineHandle!.stats().trunks ?? []).length === 0,
        5000,
        'the worker no longer runs it',
      );
    } finally {
      await w.close();
      await callee.stop();
    }
  });
});
