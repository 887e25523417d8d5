/**
 * A link bound as a transmitter + receiver pair (operators without transceiver binds): submits go
 * over the transmitter, receipts and mobile-originated messages come over the receiver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';

describe('transmitter + receiver bind pair', () => {
  let smsc: SmscSimulator;
  let h: TestHerald;
  let token: string;
  beforeAll(async () => {
    smsc = new SmscSimulator({ systemId: 'herald', password: 'pw', receiptDelayMs: 20 });
    const port = await smsc.start();
    h = await startTestHerald('sqlite', {
      balance: 5,
      config: {
        engineEnabled: true,
        engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100 },
        links: [{ id: 'op', host: '127.0.0.1', port, systemId: 'herald', password: 'pw', bindMode: 'pair' }],
      },
    });
    token = await h.token();
    await waitFor(() => smsc.boundSessions === 2, 5000, 'two binds');
  });
  afterAll(async () => {
    await h.close();
    await smsc.stop();
  });

  it('submits over the transmitter and takes receipts and replies over the receiver', async () => {
    const links = h.herald.engine!.linkViews();
    expect(links.map((l) => [l.id, l.state]).sort()).toEqual([
      ['op', 'bound'],
      ['op:rx', 'bound'],
    ]);
    const res = await h.call('POST', '/sms', {
      token,
      json: { from: '306900000000', to: '+306948530920', body: 'pair' },
    });
    const id = res.body.trackingId as string;
    await waitFor(
      async () =>
        (await h.call('GET', `/sms/tracking/single/${id}`, { token })).body[0]?.status.status === 'Delivered',
      5000,
      'delivered through the pair',
    );
    const after = h.herald.engine!.linkViews();
    expect(after.find((l) => l.id === 'op')!.counters).toMatchObject({ accepted: 1, receipts: 0 });
    expect(after.find((l) => l.id === 'op:rx')!.counters).toMatchObject({ submitted: 0, receipts: 1 });
    await smsc.sendMo({ from: '306948530920', to: '306900000000', text: 'got it' });
    await waitFor(
      async () => (await h.store.db.selectFrom('inbound_messages').select('id').execute()).length === 1,
      5000,
      'reply',
    );
    const mo = await h.store.db
      .selectFrom('inbound_messages')
      .select(['link_id', 'in_reply_to'])
      .executeTakeFirstOrThrow();
    expect(mo).toEqual({ link_id: 'op', in_reply_to: id });
  });
});
