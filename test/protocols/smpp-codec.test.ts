// Herald's SMPP codec (src/protocols/smpp/codec.ts) against the `smpp` package as the oracle: what
// one encodes the other decodes to the same fields, both ways, for binds, submit_sm, deliver_sm,
// data_sm and their responses; the packets without a body are the package's bytes; any byte string
// decodes or is refused with a status, never anything else.
import fc from 'fast-check';
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { packageBytes } from '../helpers/smpp-oracle.js';
import {
  decodePdu,
  encodePdu,
  MAX_PDU_LENGTH,
  type Pdu,
  SmppDecodeError,
} from '../../src/protocols/smpp/codec.js';
import { STATUS, TLV } from '../../src/protocols/smpp/ids.js';

const cstring = (max: number) => fc.stringMatching(new RegExp(`^[ -~]{0,${max - 1}}$`));
const u8 = fc.integer({ min: 0, max: 255 });
const sequence = fc.integer({ min: 1, max: 0x7fffffff });

const shortMessageFields = fc.record({
  service_type: cstring(6),
  source_addr_ton: u8,
  source_addr_npi: u8,
  source_addr: cstring(21),
  dest_addr_ton: u8,
  dest_addr_npi: u8,
  destination_addr: cstring(21),
  // No UDH indicator: the package would parse the message as a UDH and text.
  esm_class: fc.constantFrom(0, 0x04, 0x08),
  protocol_id: u8,
  priority_flag: fc.integer({ min: 0, max: 3 }),
  registered_delivery: fc.integer({ min: 0, max: 31 }),
  replace_if_present_flag: fc.constantFrom(0, 1),
  // Binary (8-bit data): the package hands the octets back as they are.
  data_coding: fc.constantFrom(0x04),
  sm_default_msg_id: u8,
});
const tlvs = fc.record({
  sar_msg_ref_num: fc.integer({ min: 0, max: 0xffff }),
  sar_total_segments: fc.integer({ min: 1, max: 255 }),
  sar_segment_seqnum: fc.integer({ min: 1, max: 255 }),
  receipted_message_id: cstring(65).filter((s) => s.length > 0),
  message_state: fc.integer({ min: 1, max: 8 }),
});

function tlvsOf(t: {
  sar_msg_ref_num: number;
  sar_total_segments: number;
  sar_segment_seqnum: number;
  receipted_message_id: string;
  message_state: number;
}) {
  const u16 = Buffer.alloc(2);
  u16.writeUInt16BE(t.sar_msg_ref_num);
  return [
    { tag: TLV.sar_msg_ref_num, value: u16 },
    { tag: TLV.sar_total_segments, value: Buffer.from([t.sar_total_segments]) },
    { tag: TLV.sar_segment_seqnum, value: Buffer.from([t.sar_segment_seqnum]) },
    { tag: TLV.receipted_message_id, value: Buffer.from(`${t.receipted_message_id}\0`, 'latin1') },
    { tag: TLV.message_state, value: Buffer.from([t.message_state]) },
  ];
}

describe("Herald's SMPP codec against the smpp package", () => {
  for (const command of ['submit_sm', 'deliver_sm'] as const) {
    it(`${command}: Herald encodes, the package decodes the same fields, TLVs and octets`, () => {
      fc.assert(
        fc.property(
          shortMessageFields,
          fc.uint8Array({ maxLength: 254, size: 'max' }),
          tlvs,
          sequence,
          (f, sm, t, seq) => {
            const bytes = encodePdu({
              command,
              status: 0,
              sequence: seq,
              fields: { ...f, schedule_delivery_time: '', validity_period: '' },
              shortMessage: Buffer.from(sm),
              tlvs: tlvsOf(t),
            });
            const read = new smpp.PDU(bytes);
            expect(read.command).toBe(command);
            expect(read.sequence_number).toBe(seq);
            expect(read).toMatchObject({ ...f, ...t });
            expect([...((read.short_message as { message: Buffer }).message ?? [])]).toEqual([...sm]);
          },
        ),
        { numRuns: 200 },
      );
    });

    it(`${command}: the package encodes, Herald decodes the same fields, TLVs and octets`, () => {
      fc.assert(
        fc.property(
          shortMessageFields,
          fc.uint8Array({ maxLength: 254, size: 'max' }),
          tlvs,
          sequence,
          (f, sm, t, seq) => {
            const pdu = decodePdu(packageBytes(command, { ...f, short_message: Buffer.from(sm), ...t }, seq));
            expect(pdu).toMatchObject({ command, status: 0, sequence: seq, fields: f });
            expect([...pdu.shortMessage!]).toEqual([...sm]);
            expect(pdu.tlvs.map((x) => [x.tag, [...x.value]]).sort()).toEqual(
              tlvsOf(t)
                .map((x) => [x.tag, [...x.value]])
                .sort(),
            );
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('binds of each kind, both ways', () => {
    const bind = fc.record({
      system_id: cstring(16),
      password: cstring(9),
      system_type: cstring(13),
      interface_version: fc.constant(0x34),
      addr_ton: u8,
      addr_npi: u8,
      address_range: cstring(41),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('bind_transmitter', 'bind_receiver', 'bind_transceiver' as const),
        bind,
        sequence,
        (command, f, seq) => {
          const ours = encodePdu({ command, status: 0, sequence: seq, fields: f, tlvs: [] });
          expect(ours).toEqual(packageBytes(command, f, seq));
          expect(decodePdu(ours)).toEqual({ command, status: 0, sequence: seq, fields: f, tlvs: [] });
        },
      ),
    );
  });

  it('responses and bodiless PDUs are the package’s bytes', () => {
    const cases: Array<[Pdu, string, Record<string, unknown>]> = [
      [
        { command: 'submit_sm_resp', status: 0, sequence: 5, fields: { message_id: 'a1b2c3' }, tlvs: [] },
        'submit_sm_resp',
        { message_id: 'a1b2c3' },
      ],
      [
        { command: 'deliver_sm_resp', status: 0, sequence: 6, fields: { message_id: '' }, tlvs: [] },
        'deliver_sm_resp',
        { message_id: '' },
      ],
      [
        {
          command: 'bind_transceiver_resp',
          status: 0,
          sequence: 1,
          fields: { system_id: 'Herald' },
          tlvs: [],
        },
        'bind_transceiver_resp',
        { system_id: 'Herald' },
      ],
      [{ command: 'enquire_link', status: 0, sequence: 9, fields: {}, tlvs: [] }, 'enquire_link', {}],
      [
        { command: 'enquire_link_resp', status: 0, sequence: 9, fields: {}, tlvs: [] },
        'enquire_link_resp',
        {},
      ],
      [{ command: 'unbind', status: 0, sequence: 10, fields: {}, tlvs: [] }, 'unbind', {}],
      [{ command: 'unbind_resp', status: 0, sequence: 10, fields: {}, tlvs: [] }, 'unbind_resp', {}],
      [
        { command: 'generic_nack', status: STATUS.ESME_RINVCMDID, sequence: 11, fields: {}, tlvs: [] },
        'generic_nack',
        {},
      ],
    ];
    for (const [pdu, command, fields] of cases) {
      const ours = encodePdu(pdu);
      expect(ours, command).toEqual(packageBytes(command, fields, pdu.sequence, pdu.status));
      expect(decodePdu(ours), command).toEqual(pdu);
    }
  });

  it('data_sm both ways', () => {
    const fields = {
      service_type: '',
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: '306900000001',
      dest_addr_ton: 0,
      dest_addr_npi: 0,
      destination_addr: '12345',
      esm_class: 0,
      registered_delivery: 1,
      data_coding: 0x04,
    };
    const payload = Buffer.from('payload bytes');
    const ours = encodePdu({
      command: 'data_sm',
      status: 0,
      sequence: 3,
      fields,
      tlvs: [{ tag: TLV.message_payload, value: payload }],
    });
    const read = new smpp.PDU(ours);
    expect(read).toMatchObject({ command: 'data_sm', ...fields });
    expect(decodePdu(packageBytes('data_sm', { ...fields, message_payload: payload }, 3))).toMatchObject({
      command: 'data_sm',
      fields,
      tlvs: [{ tag: TLV.message_payload, value: payload }],
    });
  });

  it('submit_multi and its answer both ways, with addresses, lists and refused destinations', () => {
    const sme = fc.record({ ton: u8, npi: u8, address: cstring(21) });
    const dest = fc.oneof(sme, fc.record({ list: cstring(21) }));
    const toPackage = (d: { ton: number; npi: number; address: string } | { list: string }) =>
      'list' in d
        ? { dl_name: d.list }
        : { dest_addr_ton: d.ton, dest_addr_npi: d.npi, destination_addr: d.address };
    fc.assert(
      fc.property(
        shortMessageFields,
        fc.array(dest, { minLength: 1, maxLength: 20 }),
        fc.uint8Array({ maxLength: 254 }),
        sequence,
        (f, dests, sm, seq) => {
          const { dest_addr_ton: _t, dest_addr_npi: _n, destination_addr: _a, ...rest } = f;
          const fields = { ...rest, schedule_delivery_time: '', validity_period: '' };
          const ours = encodePdu({
            command: 'submit_multi',
            status: 0,
            sequence: seq,
            fields,
            destinations: dests,
            shortMessage: Buffer.from(sm),
            tlvs: [],
          });
          const read = new smpp.PDU(ours) as unknown as Record<string, unknown>;
          expect(read.dest_address).toEqual(dests.map(toPackage));
          expect([...((read.short_message as { message: Buffer }).message ?? [])]).toEqual([...sm]);
          const theirs = packageBytes(
            'submit_multi',
            { ...fields, dest_address: dests.map(toPackage), short_message: Buffer.from(sm) },
            seq,
          );
          expect(theirs).toEqual(ours);
          expect(decodePdu(theirs)).toMatchObject({ command: 'submit_multi', fields, destinations: dests });
        },
      ),
    );
    fc.assert(
      fc.property(
        cstring(65),
        fc.array(
          fc.record({ ton: u8, npi: u8, address: cstring(21), status: fc.integer({ min: 0, max: 0xff }) }),
          {
            maxLength: 10,
          },
        ),
        sequence,
        (id, refused, seq) => {
          const pdu: Pdu = {
            command: 'submit_multi_resp',
            status: 0,
            sequence: seq,
            fields: { message_id: id },
            unsuccess: refused,
            tlvs: [],
          };
          const ours = encodePdu(pdu);
          const unsuccess_sme = refused.map((r) => ({
            dest_addr_ton: r.ton,
            dest_addr_npi: r.npi,
            destination_addr: r.address,
            error_status_code: r.status,
          }));
          expect(ours).toEqual(packageBytes('submit_multi_resp', { message_id: id, unsuccess_sme }, seq));
          expect(decodePdu(ours)).toEqual(pdu);
        },
      ),
    );
  });

  it('refuses what it cannot read with a status, never anything else (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.integer({ min: 0, max: 16 }),
        (bytes, cmd) => {
          const buf = Buffer.from(bytes.length >= 16 ? bytes : new Uint8Array(16));
          buf.writeUInt32BE(buf.length, 0);
          const ids = [0x80000000, 1, 2, 4, 5, 6, 9, 0x15, 0x103, 0x80000004, 0x80000005, 0x80000009];
          buf.writeUInt32BE(ids[cmd % ids.length]! + (cmd >= ids.length ? 0x4000 : 0), 4);
          try {
            const pdu = decodePdu(buf);
            // What decodes encodes back to the same octets (TLVs and fields kept as read).
            if (pdu.status === 0) expect(encodePdu(pdu).length).toBeLessThanOrEqual(buf.length);
          } catch (err) {
            expect(err).toBeInstanceOf(SmppDecodeError);
            expect((err as SmppDecodeError).status).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a length that lies and an unknown command, with the statuses to answer', () => {
    const ok = encodePdu({ command: 'enquire_link', status: 0, sequence: 1, fields: {}, tlvs: [] });
    const lying = Buffer.from(ok);
    lying.writeUInt32BE(40, 0);
    expect(() => decodePdu(lying)).toThrow(expect.objectContaining({ status: STATUS.ESME_RINVCMDLEN }));
    const unknown = Buffer.from(ok);
    unknown.writeUInt32BE(0x00000077, 4);
    expect(() => decodePdu(unknown)).toThrow(
      expect.objectContaining({ status: STATUS.ESME_RINVCMDID, sequence: 1 }),
    );
  });
});

describe("Herald's SMPP codec at its edges", () => {
  it('writes an error response without a body unless it carries something, an ok one always with one', () => {
    const bare = encodePdu({ command: 'submit_sm_resp', status: 0x45, sequence: 4, fields: {}, tlvs: [] });
    expect(bare.length).toBe(16);
    expect(decodePdu(bare)).toEqual({
      command: 'submit_sm_resp',
      status: 0x45,
      sequence: 4,
      fields: {},
      tlvs: [],
    });
    const withId = encodePdu({
      command: 'submit_sm_resp',
      status: 0x45,
      sequence: 4,
      fields: { message_id: 'x' },
      tlvs: [],
    });
    expect(withId.length).toBe(18);
    const ok = encodePdu({ command: 'submit_sm_resp', status: 0, sequence: 4, fields: {}, tlvs: [] });
    expect(ok.length).toBe(17);
    expect(decodePdu(ok).fields).toEqual({ message_id: '' });
    // A bodiless answer to a request that has no fields is still 16 octets.
    expect(
      encodePdu({ command: 'enquire_link_resp', status: 8, sequence: 1, fields: {}, tlvs: [] }).length,
    ).toBe(16);
    // An ok response must have its body: without one it is cut short.
    const cut = Buffer.from(ok.subarray(0, 16));
    cut.writeUInt32BE(16, 0);
    expect(() => decodePdu(cut)).toThrow(expect.objectContaining({ status: STATUS.ESME_RINVMSGLEN }));
  });

  it('refuses C-octet strings longer than their field, on both sides, and accepts the longest allowed', () => {
    const bind = (system_id: string) => ({
      command: 'bind_transceiver' as const,
      status: 0,
      sequence: 2,
      fields: {
        system_id,
        password: 'pw',
        system_type: '',
        interface_version: 0x34,
        addr_ton: 0,
        addr_npi: 0,
        address_range: '',
      },
      tlvs: [],
    });
    expect(decodePdu(encodePdu(bind('a'.repeat(15)))).fields.system_id).toBe('a'.repeat(15));
    expect(() => encodePdu(bind('a'.repeat(16)))).toThrow(RangeError);
    const long = packageBytes('bind_transceiver', { system_id: 'a'.repeat(16), password: 'pw' }, 2);
    expect(() => decodePdu(long)).toThrow(
      expect.objectContaining({ status: STATUS.ESME_RINVPARLEN, sequence: 2 }),
    );
    expect(() =>
      encodePdu({
        command: 'submit_sm',
        status: 0,
        sequence: 1,
        fields: {},
        shortMessage: Buffer.alloc(255),
        tlvs: [],
      }),
    ).toThrow(RangeError);
    expect(
      encodePdu({
        command: 'submit_sm',
        status: 0,
        sequence: 1,
        fields: {},
        shortMessage: Buffer.alloc(254),
        tlvs: [],
      }).length,
    ).toBeGreaterThan(254);
  });

  it('refuses a PDU longer than the largest it accepts', () => {
    const big = Buffer.alloc(MAX_PDU_LENGTH + 1);
    big.writeUInt32BE(big.length, 0);
    big.writeUInt32BE(0x15, 4);
    expect(() => decodePdu(big)).toThrow(expect.objectContaining({ status: STATUS.ESME_RINVCMDLEN }));
    expect(() => decodePdu(Buffer.alloc(15))).toThrow(SmppDecodeError);
  });

  it('cut anywhere, a PDU is either what is left up to a TLV boundary or refused as cut short (property)', () => {
    fc.assert(
      fc.property(shortMessageFields, fc.uint8Array({ maxLength: 40 }), tlvs, fc.nat(), (f, sm, t, cutAt) => {
        const whole = encodePdu({
          command: 'deliver_sm',
          status: 0,
          sequence: 77,
          fields: { ...f, schedule_delivery_time: '', validity_period: '' },
          shortMessage: Buffer.from(sm),
          tlvs: tlvsOf(t),
        });
        const at = 16 + (cutAt % (whole.length - 16));
        const cut = Buffer.from(whole.subarray(0, at));
        cut.writeUInt32BE(at, 0);
        let read: Pdu | undefined;
        try {
          read = decodePdu(cut);
        } catch (err) {
          expect(err).toBeInstanceOf(SmppDecodeError);
          expect(err).toMatchObject({ status: STATUS.ESME_RINVMSGLEN, sequence: 77 });
          return;
        }
        // Only a cut right after the short message or a TLV reads, and then as exactly those octets.
        expect(encodePdu(read)).toEqual(cut);
      }),
      { numRuns: 500 },
    );
  });
});
