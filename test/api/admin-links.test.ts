import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';

describe('admin API: SMPP links', () => {
  const smsc = new SmscSimulator({ systemId: 'acme', password: 'pw', receiptDelayMs: 5 });
  let h: TestHerald;
  const admin = { authorization: 'Bearer admin-secret-token' };
  beforeAll(async () => {
    await smsc.start();
    h = await startTestHerald('sqlite', {
      config: {
        engineEnabled: true,
        adminToken: 'admin-secret-token',
        simulator: { enabled: false },
        engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100 },
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await smsc.stop();
  });

  it('refuses calls without the admin token', async () => {
    expect((await h.call('GET', '/admin/links')).status).toBe(401);
    expect((await h.call('GET', '/admin/links', { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
  });

  it('adds a link that the engine binds and uses, lists it without its password, and removes it', async () => {
    const bad = await h.call('PUT', '/admin/links/acme', {
      headers: admin,
      json: { host: '127.0.0.1', port: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.properties.port).toBeDefined();

    const put = await h.call('PUT', '/admin/links/acme', {
      headers: admin,
      json: {
        host: '127.0.0.1',
        port: smsc.port,
        systemId: 'acme',
        password: 'pw',
        window: 5,
        countries: ['gr'],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: 'acme', window: 5, countries: ['GR'] });
    expect(put.body.password).toBeUndefined();
    await waitFor(() => smsc.boundSessions === 1, 5000, 'bind');

    const list = await h.call('GET', '/admin/links', { headers: admin });
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: 'acme', source: 'api', runningHere: true, state: 'bound' });
    expect(JSON.stringify(list.body)).not.toContain('"pw"');

    const token = await h.token();
    const sent = await h.call('POST', '/sms', {
      token,
      json: { from: 'Herald', to: '+306948530940', body: 'via admin link' },
    });
    await waitFor(
      async () =>
        (await h.call('GET', `/sms/tracking/single/${sent.body.trackingId}`, { token })).body[0].status
          .status === 'Delivered',
      5000,
      'delivered',
    );

    expect((await h.call('DELETE', '/admin/links/acme', { headers: admin })).status).toBe(204);
    await waitFor(() => smsc.boundSessions === 0, 5000, 'unbind');
    expect((await h.call('DELETE', '/admin/links/acme', { headers: admin })).status).toBe(404);
    const stats = await h.call('GET', '/admin/engine', { headers: admin });
    expect(stats.body.dispatcher.accepted).toBeGreaterThanOrEqual(1);
    const metrics = await h.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/herald_parts_accepted_total \d+/);
    expect(Number(/herald_parts_accepted_total (\d+)/.exec(metrics.text)![1])).toBeGreaterThanOrEqual(1);
    expect(metrics.text).toMatch(/herald_http_requests_total\{status="2xx"\} \d+/);
  });
});
