// The operator simulator runs for days inside `herald start`: it keeps counters and a bounded window
// of recent submits (not every message), counts duplicates among recent parts, hands out ids that do
// not repeat across restarts, and writes a receipt's text as an SMSC does (ASCII, never a UCS-2
// character cut to its low byte). Driven by the `smpp` package's client, an ESME Herald did not write.
import smpp from 'smpp';
import { afterEach, describe, expect, it } from 'vitest';
import { Handsets } from '../../src/simulators/smsc/handset.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { receiptText } from '../../src/domain/delivery-receipt.js';
import { RecentKeys, RecentWindow } from '../../src/simulators/recent.js';

const started: SmscSimulator[] = [];
const sessions: smpp.Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  for (const sim of started.splice(0)) await sim.stop();
});

async function simulator(
  options: ConstructorParameters<typeof SmscSimulator>[0] = {},
): Promise<SmscSimulator> {
  const sim = new SmscSimulator({ receiptDelayMs: 0, ...options });
  await sim.start();
  started.push(sim);
  return sim;
}

async function bind(port: number): Promise<smpp.Session> {
  const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
  sessions.push(session);
  await new Promise<void>((resolve, reject) => {
    session.on('error', reject);
    session.send(new smpp.PDU('bind_transceiver', { system_id: 'esme', password: 'pw' }), (pdu: smpp.PDU) =>
      pdu.command_status === 0 ? resolve() : reject(new Error(`bind ${pdu.command_status}`)),
    );
  });
  return session;
}

function submit(session: smpp.Session, fields: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    session.send(
      new smpp.PDU('submit_sm', { source_addr: 'Herald', registered_delivery: 1, ...fields }),
      (pdu: smpp.PDU) =>
        pdu.command_status === 0
          ? resolve(String(pdu.message_id))
          : reject(new Error(`${pdu.command_status}`)),
    ),
  );
}

describe('recent windows', () => {
  it('keep at most their limit (plus a quarter before a trim) and count everything', () => {
    const w = new RecentWindow<number>(100);
    for (let i = 0; i < 10_000; i++) {
      w.push(i);
      expect(w.items.length).toBeLessThanOrEqual(125);
    }
    expect(w.count).toBe(10_000);
    expect(w.items[w.items.length - 1]).toBe(9_999);
    expect(w.items[0]).toBeGreaterThan(9_800);
  });

  it('recognise a key among the last limit/2 at least and the last limit at most', () => {
    const k = new RecentKeys(4);
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
    for (const [i, key] of keys.entries()) {
      expect(k.seen(key)).toBe(false);
      expect(k.size).toBeLessThanOrEqual(4);
      expect(k.has(keys[i - 1] ?? key)).toBe(true); // the last two are always there
      if (i >= 4) expect(k.has(keys[i - 4]!)).toBe(false); // four keys ago: gone
    }
    expect(k.seen('k999')).toBe(true);
  });

  it('handsets give up the oldest waiting sets beyond their limit, still counted incomplete', () => {
    const h = new Handsets(2);
    for (let ref = 1; ref <= 5; ref++)
      h.receive({
        source: 'S',
        destination: '1',
        dataCoding: 0,
        text: 'x',
        concat: { ref, seq: 1, total: 2 },
      });
    expect([h.abandoned, h.incomplete]).toEqual([3, 5]);
  });
});

describe('receipt text', () => {
  it('is ASCII: accents dropped, look-alikes used, other characters as ?', () => {
    expect(receiptText('Καλημέρα κόσμε')).toMatch(/^[\x20-\x7e]{14}$/);
    expect(receiptText('Café crème “ok” – 5€')).toBe('Cafe creme "ok" - 5?');
    expect(receiptText('日本語のテキスト')).toBe('????????');
    expect(receiptText('a'.repeat(30))).toBe('a'.repeat(20));
  });
});

describe('operator simulator over SMPP', () => {
  it('sends a Unicode message’s receipt with an ASCII text', async () => {
    const sim = await simulator();
    const session = await bind(sim.port);
    const receipt = new Promise<string>((resolve) =>
      session.on('deliver_sm', (pdu: smpp.PDU) => {
        session.send(pdu.response());
        resolve(String((pdu.short_message as { message: string }).message));
      }),
    );
    await submit(session, {
      destination_addr: '306900000001',
      data_coding: 8,
      short_message: Buffer.from('Привет, мир! Café', 'utf16le').swap16(),
    });
    const text = await receipt;
    expect(text).toMatch(/^[\x20-\x7e]+$/);
    expect(text).toMatch(/ stat:DELIVRD err:000 text:\?{6}, \?{3}! Cafe$/);
  });

  it('counts every part, keeps the recent ones, and counts repeats as duplicates', async () => {
    const sim = await simulator({ keepRecent: 20, duplicateWindow: 50 });
    const session = await bind(sim.port);
    for (let i = 0; i < 60; i++)
      await submit(session, {
        destination_addr: `3069000${String(i).padStart(5, '0')}`,
        short_message: `m${i}`,
      });
    // The last ten again: repeats within the window.
    for (let i = 50; i < 60; i++)
      await submit(session, {
        destination_addr: `3069000${String(i).padStart(5, '0')}`,
        short_message: `m${i}`,
      });
    // The first one again: beyond the window of 50 keys, no longer recognised.
    await submit(session, { destination_addr: '306900000000', short_message: 'm0' });
    expect(sim.receivedCount).toBe(71);
    expect(sim.received.length).toBeLessThanOrEqual(25);
    expect(sim.received[sim.received.length - 1]!.text).toBe('m0');
    expect(sim.duplicates()).toBe(10);
  });

  it('starts its ids from the clock, so a restart does not repeat them', async () => {
    const first = await simulator();
    const a = await submit(await bind(first.port), { destination_addr: '306900000001', short_message: 'a' });
    await first.stop();
    started.length = 0;
    await new Promise((r) => setTimeout(r, 1100));
    const second = await simulator();
    const b = await submit(await bind(second.port), { destination_addr: '306900000001', short_message: 'a' });
    expect(Number(b)).toBeGreaterThan(Number(a));
    expect(Number(a)).toBeGreaterThan(Math.floor((Date.now() - Date.UTC(2020, 0, 1)) / 1000 - 60) * 1000);
  });
});
