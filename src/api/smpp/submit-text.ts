/**
 * A submit_sm's text and addresses as the core takes them: the short message (or the message_payload
 * TLV) decoded by its data_coding (SMPP 3.4 §5.2.19: 0 the GSM default alphabet, one septet per
 * octet; 1 IA5/ASCII; 3 Latin-1; 8 UCS-2; the class-0 codings 0x10/0x18 as flash), numbers in E.164
 * with '+'; a part of a concatenated message (UDH or SAR TLVs) says which. A coding it cannot take, or
 * a header it cannot read, is said, not guessed.
 */
import { decodeGsm7, decodeUcs2 } from '../../domain/gsm.js';
import { tlvOf, type Pdu } from '../../protocols/smpp/codec.js';
import { ESM_CLASS, TLV } from '../../protocols/smpp/ids.js';

/** One part of a concatenated message: its set's reference, the set's size, its number from 1. */
export interface Segment {
  ref: number;
  total: number;
  seq: number;
}

export type SubmitText =
  | { ok: true; from: string; to: string; body: string; flash: boolean; segment?: Segment }
  | { ok: false; problem: 'udh' | 'data-coding' };

/**
 * A UDH's concatenation element (3GPP TS 23.040 §9.2.3.24.1 with an 8-bit reference, .8 with 16
 * bits) and the octets after the header; undefined when the header cannot be read.
 */
function readUdh(octets: Buffer): { segment?: Segment; rest: Buffer } | undefined {
  const length = octets[0];
  if (length === undefined || length + 1 > octets.length) return undefined;
  let segment: Segment | undefined;
  for (let at = 1; at + 1 < length + 1;) {
    const iei = octets[at]!;
    const len = octets[at + 1]!;
    const ie = octets.subarray(at + 2, at + 2 + len);
    if (iei === 0x00 && len === 3) segment = { ref: ie[0]!, total: ie[1]!, seq: ie[2]! };
    if (iei === 0x08 && len === 4) segment = { ref: ie.readUInt16BE(0), total: ie[2]!, seq: ie[3]! };
    at += 2 + len;
  }
  return { ...(segment && { segment }), rest: octets.subarray(length + 1) };
}

/** SAR TLVs (SMPP 3.4 §5.3.2.22-24), when all three are there. */
function readSar(pdu: Pdu): Segment | undefined {
  const ref = tlvOf(pdu, TLV.sar_msg_ref_num);
  const total = tlvOf(pdu, TLV.sar_total_segments);
  const seq = tlvOf(pdu, TLV.sar_segment_seqnum);
  if (!ref || ref.length < 2 || !total?.length || !seq?.length) return undefined;
  return { ref: ref.readUInt16BE(0), total: total[0]!, seq: seq[0]! };
}

/** A number as SMPP carries it (digits, perhaps with '+') in E.164 with '+'; a name stays as it is. */
function e164(address: string): string {
  const a = address.trim();
  return /^\d+$/.test(a) ? `+${a}` : a;
}

export function submitText(pdu: Pdu): SubmitText {
  const esm = Number(pdu.fields.esm_class ?? 0);
  let octets = pdu.shortMessage?.length
    ? pdu.shortMessage
    : (tlvOf(pdu, TLV.message_payload) ?? Buffer.alloc(0));
  let segment = readSar(pdu);
  if (esm & ESM_CLASS.udhi) {
    const udh = readUdh(octets);
    if (!udh) return { ok: false, problem: 'udh' };
    octets = udh.rest;
    segment = udh.segment ?? segment;
  }
  if (segment && !(segment.total >= 1 && segment.seq >= 1 && segment.seq <= segment.total))
    return { ok: false, problem: 'udh' };
  const coding = Number(pdu.fields.data_coding ?? 0);
  let body: string;
  let flash = false;
  switch (coding) {
    case 0x00:
      body = decodeGsm7(octets);
      break;
    case 0x10:
      body = decodeGsm7(octets);
      flash = true;
      break;
    case 0x01:
    case 0x03:
      body = octets.toString('latin1');
      break;
    case 0x08:
      body = decodeUcs2(octets);
      break;
    case 0x18:
      body = decodeUcs2(octets);
      flash = true;
      break;
    default:
      return { ok: false, problem: 'data-coding' };
  }
  return {
    ok: true,
    from: String(pdu.fields.source_addr ?? '').trim(),
    to: e164(String(pdu.fields.destination_addr ?? '')),
    body,
    flash,
    ...(segment && segment.total > 1 && { segment }),
  };
}
