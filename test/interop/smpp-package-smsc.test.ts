/**
 * Herald's SMPP link against an SMSC it did not write: a small test SMSC on the `smpp` package's
 * server, which decodes every PDU with the package's own codec (its GSM 03.38 and UCS-2 decoders, its
 * UDH and TLV readers) and encodes every answer with it. Herald's link is driven through the carrier
 * contract (src/carriers/carrier.ts), as the engine drives it: binds (transceiver, transmitter and
 * receiver pair), GSM, UCS-2, flash and long messages by UDH and by SAR, receipts with hex, decimal
 * and UUID ids and with a short text only, throttling, and a link dropped by the SMSC.
 */
import smpp from 'smpp';
import { afterEach, describe, expect, it } from 'vitest';
import type { CarrierInbound, CarrierLink } from '../../src/carriers/carrier.js';
import { partsOf } from '../helpers/outbound-parts.js';
import { linkConfig, type SmppLinkConfig } from '../../src/carriers/smpp/link-config.js';
import { smppCarrier } from '../../src/carriers/smpp/smpp-carrier.js';
import { createLogger } from '../../src/logger.js';
import { waitFor } from '../helpers/process.js';

interface Received {
  command: string;
  destination: string;
  dataCoding: number;
  esmClass: number;
  text: string;
  udh: Buffer[];
  sar?: { ref: number; total: number; seq: number };
}

/** The test SMSC: binds, answers submits with ids of the chosen kind, sends receipts on request. */
class PackageSmsc {
  readonly received: Received[] = [];
  readonly binds: string[] = [];
  readonly sessions = new Set<smpp.Session>();
  private server: smpp.Server | undefined;
  private next = 1;
  port = 0;
  /** Answer the next N submits with ESME_RTHROTTLED. */
  throttleNext = 0;
  ids: 'decimal' | 'hex' | 'uuid' = 'decimal';

  async start(): Promise<number> {
    this.server = smpp.createServer({}, (session) => {
      session.on('error', () => undefined);
      for (const op of ['bind_transceiver', 'bind_transmitter', 'bind_receiver'])
        session.on(op, (pdu: smpp.PDU) => {
          this.binds.push(`${op}:${String(pdu.system_id)}`);
          this.sessions.add(session);
          session.send(pdu.response({ system_id: 'pkg-smsc' }));
        });
      session.on('close', () => this.sessions.delete(session));
      session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: smpp.PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('submit_sm', (pdu: smpp.PDU) => {
        if (this.throttleNext > 0) {
          this.throttleNext--;
          session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
          return;
        }
        const sm = pdu.short_message as { message: string; udh?: Buffer[] };
        this.received.push({
          command: 'submit_sm',
          destination: String(pdu.destination_addr),
          dataCoding: Number(pdu.data_coding),
          esmClass: Number(pdu.esm_class),
          text: sm.message,
          udh: sm.udh ?? [],
          ...(pdu.sar_msg_ref_num !== undefined && {
            sar: {
              ref: Number(pdu.sar_msg_ref_num),
              total: Number(pdu.sar_total_segments),
              seq: Number(pdu.sar_segment_seqnum),
            },
          }),
        });
        const n = this.next++;
        const id =
          this.ids === 'hex'
            ? (0xa0000000 + n).toString(16)
            : this.ids === 'uuid'
              ? `0f8fad5b-d9cb-469f-a165-${String(n).padStart(12, '7')}`
              : String(3_000_000_000 + n);
        session.send(pdu.response({ message_id: id }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** A receipt as deliver_sm from a bound receiver session, encoded by the package. */
  receipt(fields: { text: string; tlvId?: string; state?: number }): Promise<number> {
    const session = [...this.sessions].at(-1)!;
    return new Promise((resolve) =>
      session.send(
        new smpp.PDU('deliver_sm', {
          source_addr: '306900000001',
          destination_addr: 'Herald',
          esm_class: 0x04,
          short_message: fields.text,
          ...(fields.tlvId !== undefined && { receipted_message_id: fields.tlvId }),
          ...(fields.state !== undefined && { message_state: fields.state }),
        }),
        (resp: smpp.PDU) => resolve(resp.command_status),
      ),
    );
  }

  dropAll(): void {
    for (const s of this.sessions) s.destroy();
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

const logger = createLogger('silent');
const running: Array<{ links: CarrierLink[]; smsc: PackageSmsc }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    for (const l of r.links) await l.stop();
    await r.smsc.stop();
  }
});

async function connect(config: Partial<SmppLinkConfig> = {}) {
  const smsc = new PackageSmsc();
  const port = await smsc.start();
  const inbound: CarrierInbound[] = [];
  const links = smppCarrier.open(
    linkConfig({ id: 'pkg', host: '127.0.0.1', port, systemId: 'herald', password: 'pw', ...config }),
    logger,
    {
      up: () => undefined,
      inbound: async (d) => {
        inbound.push(d);
      },
    },
  );
  running.push({ links, smsc });
  for (const l of links) l.start();
  await waitFor(() => links.every((l) => l.isBound), 5_000, 'bound to the package SMSC');
  return { smsc, links, sender: links[0]!, inbound };
}

describe('Herald’s link against the smpp package’s SMSC', () => {
  it('binds as a transceiver, or as a transmitter and receiver pair', async () => {
    const one = await connect();
    expect(one.smsc.binds).toEqual(['bind_transceiver:herald']);
    const pair = await connect({ bindMode: 'pair' });
    expect(pair.smsc.binds.sort()).toEqual(['bind_receiver:herald', 'bind_transmitter:herald']);
    expect(pair.links.map((l) => [l.id, l.window > 0])).toEqual([
      ['pkg', true],
      ['pkg:rx', false],
    ]);
  });

  it('sends GSM (with extension characters), UCS-2 and flash messages the package decodes as written', async () => {
    const { smsc, sender } = await connect();
    const gsm = 'Hello {world} ~ €5 ^ [ok] | \\ Ø ß';
    const ucs2 = 'Привет, мир! 你好 🙂';
    for (const part of [...partsOf(gsm), ...partsOf(ucs2), ...partsOf('Flash!', { flash: true })])
      expect((await sender.send(part)).kind).toBe('accepted');
    expect(smsc.received.map((r) => [r.text, r.dataCoding])).toEqual([
      [gsm, 0x00],
      [ucs2, 0x08],
      ['Flash!', 0x10],
    ]);
    expect(smsc.received[0]!.destination).toBe('306900000001');
  });

  it('sends a long message in parts with UDH the package reads, or with SAR TLVs', async () => {
    const text = 'Long message. '.repeat(30); // 420 GSM characters: 3 parts of 153
    const udh = await connect();
    for (const part of partsOf(text)) expect((await udh.sender.send(part)).kind).toBe('accepted');
    expect(udh.smsc.received.map((r) => r.text).join('')).toBe(text);
    expect(udh.smsc.received.map((r) => [r.esmClass & 0x40, [...r.udh[0]!]])).toEqual([
      [0x40, [0x00, 0x03, 42, 3, 1]],
      [0x40, [0x00, 0x03, 42, 3, 2]],
      [0x40, [0x00, 0x03, 42, 3, 3]],
    ]);
    const sar = await connect({ concatenation: 'sar' });
    const unicode = 'Длинное сообщение. '.repeat(8); // 152 UCS-2 characters: 3 parts of 67
    for (const part of partsOf(unicode)) expect((await sar.sender.send(part)).kind).toBe('accepted');
    expect(sar.smsc.received.map((r) => r.text).join('')).toBe(unicode);
    expect(sar.smsc.received.map((r) => [r.esmClass & 0x40, r.sar])).toEqual([
      [0, { ref: 42, total: 3, seq: 1 }],
      [0, { ref: 42, total: 3, seq: 2 }],
      [0, { ref: 42, total: 3, seq: 3 }],
    ]);
  });

  it('reads receipts with decimal, hex and UUID ids, by text, by TLV, and with a short text only', async () => {
    const { smsc, sender, inbound } = await connect();
    for (const ids of ['decimal', 'hex', 'uuid'] as const) {
      smsc.ids = ids;
      const sent = await sender.send(partsOf('receipt me')[0]!);
      expect(sent.kind).toBe('accepted');
      const id = (sent as { carrierMessageId: string }).carrierMessageId;
      const status = await smsc.receipt({
        text: `id:${id} sub:001 dlvrd:001 submit date:2612041200 done date:2612041201 stat:DELIVRD err:000 text:receipt me`,
      });
      expect(status).toBe(0);
      expect(inbound.at(-1)).toEqual({ kind: 'receipt', receipt: { id, stat: 'DELIVRD', err: '000' } });
    }
    // The id and state in TLVs only, with a text that says nothing of them.
    await smsc.receipt({ text: 'delivered', tlvId: '3000000099', state: 5 });
    expect(inbound.at(-1)).toEqual({
      kind: 'receipt',
      receipt: { id: '3000000099', stat: 'UNDELIV', err: '000' },
    });
    // A short text with only an id and a stat.
    await smsc.receipt({ text: 'id:77 stat:EXPIRED' });
    expect(inbound.at(-1)).toEqual({ kind: 'receipt', receipt: { id: '77', stat: 'EXPIRED', err: '000' } });
  });

  it('waits out throttling and sends the part once the SMSC takes it', async () => {
    const { smsc, sender } = await connect({ throttlePauseMs: 20 });
    smsc.throttleNext = 2;
    expect((await sender.send(partsOf('after throttling')[0]!)).kind).toBe('accepted');
    expect(smsc.received.map((r) => r.text)).toEqual(['after throttling']);
  });

  it('binds again after the SMSC drops the link, and sends on the new bind', async () => {
    const { smsc, sender } = await connect({ reconnectMinMs: 20 });
    smsc.dropAll();
    await waitFor(() => smsc.binds.length === 2 && sender.isBound, 5_000, 'link bound again');
    expect(smsc.binds).toEqual(['bind_transceiver:herald', 'bind_transceiver:herald']);
    expect((await sender.send(partsOf('after the drop')[0]!)).kind).toBe('accepted');
    expect(smsc.received.map((r) => r.text)).toEqual(['after the drop']);
  });
});
