// Herald's submit_sm fields of a part (src/carriers/smpp/submit-pdu.ts) as another implementation
// reads them: the `smpp` package encodes them and decodes the bytes again with its own codec (the
// operator simulator reads them the same way). UDH or SAR concatenation, validity, vendor TLVs.
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { packageBytes } from '../helpers/smpp-oracle.js';
import { submitSmFields, tlvName } from '../../src/carriers/smpp/submit-pdu.js';
import { concatOfUdhElements } from '../../src/simulators/smsc/udh.js';

/** The bytes a submit_sm is sent as, read back by the package. */
function roundTrip(fields: Record<string, unknown>): smpp.PDU {
  return new smpp.PDU(packageBytes('submit_sm', fields, 7));
}

describe("Herald's submit_sm fields, read by the smpp package", () => {
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

  it('UDH concatenation, validity and a vendor TLV', () => {
    // The oracle learns the vendor tag as an operator's configuration would name it.
    smpp.addTLV(tlvName(0x1400), { id: 0x1400, type: smpp.types.tlv.string });
    const udh = roundTrip(submitSmFields(part, 'udh', tlvs));
    expect(udh).toMatchObject({
      destination_addr: '306948530920',
      source_addr: 'Herald',
      source_addr_ton: 5,
      esm_class: 0x40,
      registered_delivery: 1,
      data_coding: 0,
      tlv_0x1400: '1101234567890',
    });
    expect((udh.validity_period as Date).toISOString()).toBe(new Date(expiresAt).toISOString());
    const sm = udh.short_message as { udh: Buffer[]; message: string };
    expect(sm.message).toBe('second part');
    expect(concatOfUdhElements(sm.udh)).toEqual({ ref: 0x34, total: 3, seq: 2, kind: 'udh8' });
  });

  it('SAR concatenation: the reference on 16 bits, no UDH', () => {
    const sar = roundTrip(submitSmFields(part, 'sar', tlvs));
    expect([sar.sar_msg_ref_num, sar.sar_total_segments, sar.sar_segment_seqnum, sar.esm_class]).toEqual([
      0x1234, 3, 2, 0,
    ]);
    expect((sar.short_message as { message: string }).message).toBe('second part');
  });

  it('a 16-bit reference UDH element, and elements cut short or of other kinds', () => {
    expect(concatOfUdhElements([Buffer.from([0x08, 0x04, 0x12, 0x34, 0x05, 0x01])])).toEqual({
      ref: 0x1234,
      total: 5,
      seq: 1,
      kind: 'udh16',
    });
    expect(concatOfUdhElements([Buffer.from([0x00, 0x03, 0x01, 0x02])])).toBeUndefined();
    expect(concatOfUdhElements([Buffer.from([0x24, 0x01, 0x01])])).toBeUndefined();
  });
});
