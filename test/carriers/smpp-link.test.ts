import { afterEach, describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/carriers/smpp/link-config.js';
import { type InboundDeliver, SmppLink } from '../../src/carriers/smpp/link.js';
import { submitSmFields } from '../../src/carriers/smpp/submit-pdu.js';
import { splitBody } from '../../src/domain/gsm.js';
import { createLogger } from '../../src/logger.js';
import { SmscSimulator, type SmscSimulatorOptions } from '../../src/simulators/smsc/simulator.js';
import { waitFor } from '../helpers/process.js';

const log = createLogger('silent');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(
  sim: SmscSimulatorOptions = {},
  link: Parameters<typeof linkConfig>[0] extends infer T ? Partial<T> : never = {},
) {
  const smsc = new SmscSimulator({ systemId: 'herald', password: 'secret', ...sim });
  const port = await smsc.start();
  const l = new SmppLink(
    linkConfig({ id: 'sim', host: '127.0.0.1', port, systemId: 'herald', password: 'secret', ...link }),
    log,
  );
  const inbound: InboundDeliver[] = [];
  l.onDeliver = async (d) => {
    inbound.push(d);
  };
  l.start();
  cleanups.push(async () => {
    await l.stop();
    await smsc.stop();
  });
  await waitFor(() => l.isBound, 5000, 'bind');
  return { smsc, link: l, inbound };
}

const part = (text: string, extra: Partial<Parameters<typeof submitSmFields>[0]> = {}) =>
  submitSmFields(
    {
      sender: 'Herald',
      recipient: '+306948530920',
      text,
      encoding: 'GSM7',
      flash: false,
      seq: 1,
      total: 1,
      ref: 7,
      expiresAt: Date.now() + 3600_000,
      ...extra,
    },
    'udh',
  );

describe('SMPP link against the operator simulator', () => {
  it('binds with credentials, submits GSM and UCS-2 text intact and gets receipts with TLVs', async () => {
    const { smsc, link, inbound } = await setup({ idFormat: 'hex' });
    const a = await link.submit(part('Hi @ 5€ [ok] {x} ~^|\\'));
    const b = await link.submit(part('Γειά σου 😀', { encoding: 'UCS2' }));
    expect(a.kind).toBe('accepted');
    expect(b.kind).toBe('accepted');
    expect(smsc.received.map((r) => [r.text, r.dataCoding])).toEqual([
      ['Hi @ 5€ [ok] {x} ~^|\\', 0],
      ['Γειά σου 😀', 8],
    ]);
    expect(smsc.received[0]!.registeredDelivery).toBe(1);
    await waitFor(() => inbound.length === 2, 5000, 'receipts');
    const ids = inbound.map((d) => (d.kind === 'receipt' ? d.receipt.id : ''));
    expect(ids).toEqual([(a as { messageId: string }).messageId, (b as { messageId: string }).messageId]);
    expect(inbound[0]).toMatchObject({ kind: 'receipt', receipt: { stat: 'DELIVRD' } });
  });

  it('refuses a bind with wrong credentials and keeps trying', async () => {
    const smsc = new SmscSimulator({ systemId: 'herald', password: 'secret' });
    const port = await smsc.start();
    const l = new SmppLink(
      linkConfig({
        id: 'bad',
        host: '127.0.0.1',
        port,
        systemId: 'herald',
        password: 'wrong',
        reconnectMinMs: 50,
      }),
      log,
    );
    l.start();
    cleanups.push(async () => {
      await l.stop();
      await smsc.stop();
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(l.isBound).toBe(false);
    expect(smsc.boundSessions).toBe(0);
    expect((await l.submit(part('x'))).kind).toBe('unavailable');
  });

  it('concatenates long texts with a UDH the simulator reassembles', async () => {
    const { smsc, link } = await setup();
    const text = 'x'.repeat(200);
    const segments = splitBody(text);
    for (const [i, s] of segments.entries()) {
      expect((await link.submit(part(s, { seq: i + 1, total: segments.length, ref: 42 }))).kind).toBe(
        'accepted',
      );
    }
    expect(smsc.received.map((r) => r.concat)).toEqual([
      { ref: 42, seq: 1, total: 2, kind: 'udh8' },
      { ref: 42, seq: 2, total: 2, kind: 'udh8' },
    ]);
    // The phone shows one message, whole.
    expect(smsc.handsets.messages.map((m) => [m.text, m.parts])).toEqual([[text, 2]]);
    expect([smsc.handsets.incomplete, smsc.handsets.inconsistent]).toEqual([0, 0]);
  });

  it('uses SAR TLVs when configured, and message class 0 for flash', async () => {
    const { smsc, link } = await setup({}, {});
    const fields = submitSmFields(
      {
        sender: '447123123456',
        recipient: '+306948530920',
        text: 'flash!',
        encoding: 'GSM7',
        flash: true,
        seq: 1,
        total: 2,
        ref: 300,
        expiresAt: Date.now() + 60_000,
      },
      'sar',
    );
    expect((await link.submit(fields)).kind).toBe('accepted');
    expect(smsc.received[0]).toMatchObject({
      dataCoding: 0x10,
      text: 'flash!',
      concat: { ref: 300, seq: 1, total: 2, kind: 'sar' },
    });
    // Part 1 of 2 only: the phone waits for the rest.
    expect([smsc.handsets.messages.length, smsc.handsets.incomplete]).toEqual([0, 1]);
  });

  it('slows down on throttling and still delivers every part', async () => {
    const { smsc, link } = await setup({ throttleEvery: 3 }, { throttlePauseMs: 20 });
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => link.submit(part(`m${i}`))));
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    expect(link.counters.throttled).toBeGreaterThan(0);
    expect(new Set(smsc.received.map((r) => r.text)).size).toBe(12);
  });

  it('keeps at most `window` submits outstanding', async () => {
    const { smsc, link } = await setup({ responseDelayMs: 30 }, { window: 3 });
    let maxSeen = 0;
    smsc.on('submit', () => {
      const pending = smsc.received.length - link.counters.accepted;
      maxSeen = Math.max(maxSeen, pending);
    });
    await Promise.all(Array.from({ length: 9 }, (_, i) => link.submit(part(`w${i}`))));
    expect(maxSeen).toBeLessThanOrEqual(3);
    expect(smsc.received).toHaveLength(9);
  });

  it('honours a parts-per-second limit', async () => {
    const { link } = await setup({}, { tps: 20 });
    const start = Date.now();
    await Promise.all(Array.from({ length: 30 }, (_, i) => link.submit(part(`t${i}`))));
    // 20 tokens at once, then 10 more at 20/s: about half a second.
    expect(Date.now() - start).toBeGreaterThanOrEqual(400);
  });

  it('fails permanent rejections and reports unavailability when the connection drops, then rebinds', async () => {
    const { smsc, link } = await setup(
      { rules: [{ match: '3069400', stat: 'NONE', submitStatus: 0x0b }] },
      { reconnectMinMs: 50 },
    );
    const rejected = await link.submit(part('x', { recipient: '+306940012345' }));
    expect(rejected).toEqual({ kind: 'rejected', status: 0x0b, permanent: true });
    smsc.dropConnections();
    await waitFor(() => !link.isBound, 2000, 'down');
    await waitFor(() => link.isBound, 5000, 'rebind');
    expect(link.counters.binds).toBe(2);
    expect((await link.submit(part('after'))).kind).toBe('accepted');
  });

  it('times out a submit that is never answered and detects a dead link', async () => {
    const { link } = await setup(
      { responseDelayMs: 5000 },
      { submitTimeoutMs: 100, enquireLinkMs: 100, deadAfterMs: 300 },
    );
    expect(await link.submit(part('slow'))).toEqual({ kind: 'unavailable', timedOut: true });
  });

  it('hands mobile-originated messages to the engine', async () => {
    const { smsc, inbound } = await setup();
    await smsc.sendMo({ from: '+306948530920', to: 'Herald', text: 'STOP' });
    expect(inbound).toContainEqual({ kind: 'mo', from: '306948530920', to: 'Herald', text: 'STOP' });
  });
});
