/**
 * Builds the submit_sm fields of one SMS part: explicit data_coding (0 GSM / 8 UCS-2, message class 0
 * for flash), concatenation by UDH or SAR TLVs, validity period from the ttl, receipts requested.
 */
import { encodeGsm7, encodeUcs2 } from '../../domain/gsm.js';
import { senderKind } from '../../domain/sender.js';
import type { OutboundPart } from '../carrier.js';

/** A part as the engine hands it (src/carriers/carrier.ts). */
export type PartToSubmit = OutboundPart;

/** The field name of a vendor TLV (tlv_0x1400…), as the encoder writes it (pdu-encoder.ts). */
export function tlvName(tag: number): string {
  return `tlv_0x${tag.toString(16).padStart(4, '0')}`;
}

export function submitSmFields(
  p: PartToSubmit,
  concatenation: 'udh' | 'sar',
  restrictionTlvs: Record<string, number> = {},
): Record<string, unknown> {
  const kind = senderKind(p.sender);
  const dataCoding = (p.encoding === 'UCS2' ? 0x08 : 0x00) | (p.flash ? 0x10 : 0x00);
  const payload = p.encoding === 'UCS2' ? encodeUcs2(p.text) : encodeGsm7(p.text);
  const fields: Record<string, unknown> = {
    service_type: '',
    source_addr_ton: kind === 'alphanumeric' ? 5 : p.sender.length <= 6 ? 3 : 1,
    source_addr_npi: kind === 'alphanumeric' ? 0 : 1,
    source_addr: p.sender,
    dest_addr_ton: 1,
    dest_addr_npi: 1,
    destination_addr: p.recipient.replace(/^\+/, ''),
    registered_delivery: 0x01,
    data_coding: dataCoding,
    validity_period: new Date(Math.max(p.expiresAt, Date.now() + 60_000)),
    esm_class: 0,
  };
  if (p.total > 1 && concatenation === 'udh') {
    fields.esm_class = 0x40;
    fields.short_message = Buffer.concat([
      Buffer.from([0x05, 0x00, 0x03, p.ref & 0xff, p.total, p.seq]),
      payload,
    ]);
  } else {
    fields.short_message = payload;
    if (p.total > 1) {
      fields.sar_msg_ref_num = p.ref & 0xffff;
      fields.sar_total_segments = p.total;
      fields.sar_segment_seqnum = p.seq;
    }
  }
  for (const [name, value] of Object.entries(p.restrictions ?? {})) {
    const tag = restrictionTlvs[name];
    if (tag !== undefined && value !== '') fields[tlvName(tag)] = value;
  }
  return fields;
}
