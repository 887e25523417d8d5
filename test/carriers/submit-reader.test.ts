import fc from 'fast-check';
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { submitSmFields, tlvName } from '../../src/carriers/smpp/submit-pdu.js';
import { concatOfUdh, decodeSubmitSm, smppTimeToIso } from '../../src/simulators/smsc/submit-reader.js';

/** The package's bytes for a submit_sm: what any client built on it writes. */
function bytes(fields: Record<string, unknown>, seq: number): Buffer {
  const pdu = new smpp.PDU('submit_sm', { ...fields });
  pdu.sequence_number = seq;
  return (pdu as unknown as { toBuffer(): Buffer }).toBuffer();
}

describe("the simulator's submit_sm reader", () => {
  it('reads what the package wrote: addresses, flags, coding, the bytes of the message', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{1,11}$/),
        fc.stringMatching(/^[0-9]{5,15}$/),
        fc.uint8Array({ maxLength: 140 }),
        fc.constantFrom(0, 0x08, 0x10),
        fc.constantFrom(0, 1),
        fc.integer({ min: 1, max: 0x7fffffff }),
        (source, destination, message, dataCoding, registered, seq) => {
          const b = bytes(
            {
              source_addr: source,
              destination_addr: destination,
              data_coding: dataCoding,
              registered_delivery: registered,
              short_message: Buffer.from(message),
            },
            seq,
          );
          const pdu = decodeSubmitSm(b);
          expect(pdu).toMatchObject({
            sequence_number: seq,
            source_addr: source,
            destination_addr: destination,
            esm_class: 0,
            data_coding: dataCoding,
            registered_delivery: registered,
            validity_period: '',
            vendor: {},
          });
          expect([...pdu.message]).toEqual([...message]);
          expect(pdu.sar).toBeUndefined();
        },
      ),
    );
  });

  it("reads Herald's own parts: UDH or SAR concatenation, validity, vendor TLVs", () => {
    // A day ahead, on a whole second (an expiry already past is sent as the shortest validity instead).
    const expiresAt = Math.floor(Date.now() / 1000) * 1000 + 24 * 3_600_000;
    const part = {
      sender: 'Herald',
      recipient: '+306948530920',
      text: 'second part',
      encoding: 'GSM7' as const,
      flash: false,
      seq: 2,
      total: 3,
      ref: 0x1234,
      expiresAt,
      restrictions: { principalEntityId: '1101234567890' },
    };
    const tlvs = { principalEntityId: 0x1400 };
    tlvName(0x1400);
    const udh = decodeSubmitSm(bytes(submitSmFields(part, 'udh', tlvs), 7));
    expect(udh).toMatchObject({
      destination_addr: '306948530920',
      esm_class: 0x40,
      registered_delivery: 1,
      validity_period: new Date(expiresAt).toISOString(),
      vendor: { tlv_0x1400: '1101234567890' },
    });
    const udhLength = udh.message[0]! + 1;
    expect(concatOfUdh(udh.message.subarray(0, udhLength))).toEqual({
      ref: 0x34,
      total: 3,
      seq: 2,
      kind: 'udh8',
    });
    expect(udh.message.subarray(udhLength).toString('latin1')).toBe('second part');

    const sar = decodeSubmitSm(bytes(submitSmFields(part, 'sar', tlvs), 8));
    expect(sar.sar).toEqual({ ref: 0x1234, total: 3, seq: 2 });
    expect(sar.esm_class).toBe(0);
    expect(sar.message.toString('latin1')).toBe('second part');
  });

  it('reads a 16-bit reference UDH and refuses a PDU cut short', () => {
    expect(concatOfUdh(Buffer.from([0x06, 0x08, 0x04, 0x12, 0x34, 0x05, 0x01]))).toEqual({
      ref: 0x1234,
      total: 5,
      seq: 1,
      kind: 'udh16',
    });
    const b = bytes({ source_addr: 'x', destination_addr: '3069', short_message: Buffer.from('hello') }, 1);
    const cut = Buffer.from(b.subarray(0, b.length - 3));
    cut.writeUInt32BE(cut.length, 0);
    expect(() => decodeSubmitSm(cut)).toThrow(/short_message/);
  });

  it('turns SMPP absolute and relative times into ISO 8601', () => {
    expect(smppTimeToIso('261123183000000+')).toBe('2026-11-23T18:30:00.000Z');
    // Local time two hours (8 quarters) ahead of UTC.
    expect(smppTimeToIso('261123203000508+')).toBe('2026-11-23T18:30:00.500Z');
    expect(smppTimeToIso('261123163000004-')).toBe('2026-11-23T17:30:00.000Z');
    const now = new Date('2026-11-23T10:00:00.000Z');
    expect(smppTimeToIso('000001020000000R', now)).toBe('2026-11-24T12:00:00.000Z');
    expect(smppTimeToIso('')).toBe('');
    expect(smppTimeToIso('not a time')).toBe('not a time');
  });
});
