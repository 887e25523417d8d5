/**
 * Herald's SMPP link against Debian's Perl Net::SMPP (libnet-smpp-perl) as the SMSC
 * (test/interop/perl-smsc.pl): binds, GSM with extension characters, UCS-2 and long messages by UDH,
 * byte for byte as GSM 03.38 and UCS-2 write them (the expected bytes are written out here from the
 * specification, not produced by Herald's encoder), receipts in decimal and hex acknowledged, and a
 * connection the SMSC drops bound again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { CarrierInbound, CarrierLink } from '../../src/carriers/carrier.js';
import { partsOf } from '../helpers/outbound-parts.js';
import { linkConfig } from '../../src/carriers/smpp/link-config.js';
import { smppCarrier } from '../../src/carriers/smpp/smpp-carrier.js';
import { createLogger } from '../../src/logger.js';
import { waitFor } from '../helpers/process.js';

type SmscEvent = Record<string, string | number | undefined> & { event: string };

const running: Array<{ smsc: ChildProcess; links: CarrierLink[] }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    for (const l of r.links) await l.stop();
    r.smsc.kill();
  }
});

async function perlSmsc(env: Record<string, string> = {}) {
  const smsc = spawn('perl', [path.join(import.meta.dirname, 'perl-smsc.pl')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: SmscEvent[] = [];
  readline.createInterface({ input: smsc.stdout! }).on('line', (line) => events.push(JSON.parse(line)));
  await waitFor(() => events.length > 0, 5_000, 'Net::SMPP listening');
  const port = Number(events[0]!.port);
  const inbound: CarrierInbound[] = [];
  const links = smppCarrier.open(
    linkConfig({
      id: 'perl',
      host: '127.0.0.1',
      port,
      systemId: 'herald',
      password: 'secret',
      reconnectMinMs: 50,
    }),
    createLogger('silent'),
    { up: () => undefined, inbound: async (d) => void inbound.push(d) },
  );
  running.push({ smsc, links });
  for (const l of links) l.start();
  await waitFor(() => links[0]!.isBound, 5_000, 'bound to Net::SMPP');
  return { events, inbound, link: links[0]! };
}

/** Parts from this test's sender, reference 7. */
const partsHere = (text: string) => partsOf(text, { sender: '306900000009', ref: 7 });

const submits = (events: SmscEvent[]) => events.filter((e) => e.event === 'submit');

describe('Herald’s link against Net::SMPP (Perl)', () => {
  it('binds and sends GSM and UCS-2 as the specification writes them; receipts come back acknowledged', async () => {
    const { events, inbound, link } = await perlSmsc();
    expect(events.filter((e) => e.event === 'bind')).toEqual([
      { event: 'bind', cmd: 'bind_transceiver', system_id: 'herald', password: 'secret' },
    ]);
    const sent = [];
    for (const part of [...partsHere('Hi {€}@'), ...partsHere('Привет')]) sent.push(await link.send(part));
    expect(sent.map((s) => s.kind)).toEqual(['accepted', 'accepted']);
    // The SMSC's log comes through a pipe, which may be read after the link's socket answered.
    await waitFor(() => submits(events).length === 2, 5_000, 'two submits logged');
    const [gsm, ucs2] = submits(events);
    // GSM 03.38, unpacked: H i space, ESC ( for {, ESC e for €, ESC ) for }, 0x00 for @.
    expect(gsm).toMatchObject({ data_coding: 0, short_message: '486920' + '1b28' + '1b65' + '1b29' + '00' });
    expect(gsm).toMatchObject({
      destination: '306900000001',
      source: '306900000009',
      registered_delivery: 1,
    });
    expect(ucs2).toMatchObject({ data_coding: 8, short_message: '041f04400438043204350442' });
    await waitFor(() => inbound.length === 2, 5_000, 'two receipts');
    expect(inbound).toEqual(
      submits(events).map((s) => ({ kind: 'receipt', receipt: { id: s.id, stat: 'DELIVRD', err: '000' } })),
    );
    await waitFor(() => events.filter((e) => e.event === 'deliver_sm_resp').length === 2, 5_000, 'acks');
    expect(events.filter((e) => e.event === 'deliver_sm_resp').map((e) => e.status)).toEqual([0, 0]);
  });

  it('sends a long message with a UDH per part, and reads hex ids', async () => {
    const { events, inbound, link } = await perlSmsc({ SMSC_IDS: 'hex' });
    const text = 'abcdefghij'.repeat(20); // 200 GSM characters: 2 parts (153 + 47)
    for (const part of partsHere(text)) expect((await link.send(part)).kind).toBe('accepted');
    await waitFor(() => submits(events).length === 2, 5_000, 'two submits logged');
    const parts = submits(events);
    expect(parts.map((p) => [p.esm_class, String(p.short_message).slice(0, 12)])).toEqual([
      [0x40, '0500030702' + '01'],
      [0x40, '0500030702' + '02'],
    ]);
    const body = parts
      .map((p) => Buffer.from(String(p.short_message).slice(12), 'hex').toString('latin1'))
      .join('');
    expect(body).toBe(text); // these letters are the same bytes in GSM 03.38 and ASCII
    await waitFor(() => inbound.length === 2, 5_000, 'two receipts');
    expect(inbound.map((d) => (d.kind === 'receipt' ? d.receipt.id : ''))).toEqual(parts.map((p) => p.id));
    expect(parts.every((p) => /^b[0-9a-f]{7}$/.test(String(p.id)))).toBe(true);
  });

  it('binds again when the SMSC drops the connection, and sends on the new bind', async () => {
    const { events, link } = await perlSmsc({ SMSC_DROP_AFTER: '1' });
    expect((await link.send(partsHere('before the drop')[0]!)).kind).toBe('accepted');
    await waitFor(() => events.some((e) => e.event === 'drop'), 5_000, 'drop');
    await waitFor(
      () => events.filter((e) => e.event === 'bind').length === 2 && link.isBound,
      5_000,
      'rebind',
    );
    expect((await link.send(partsHere('after the drop')[0]!)).kind).toBe('accepted');
    await waitFor(() => submits(events).length === 2, 5_000, 'two submits logged');
    expect(
      submits(events).map((s) => Buffer.from(String(s.short_message), 'hex').toString('latin1')),
    ).toEqual(['before the drop', 'after the drop']);
  });
});
