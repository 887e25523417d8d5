/**
 * The simulator's reader of a client's PDUs: submit_sm, the PDU of every message, and the
 * deliver_sm_resp of every receipt are decoded here in one pass; every other PDU (binds,
 * enquire_link, unbind...) goes through the `smpp` package's decoder and is emitted on the session
 * as the package would. The package's generic decoder (field filters, its GSM coder, UDH objects)
 * was the largest part of the simulator's CPU in the dispatch benchmark, which runs the simulator on
 * the cores the gateways under test need.
 */
import type smpp from 'smpp';
import {
  answerCallback,
  COMMAND,
  emitDecoded,
  forEachTlv,
  framePdus,
  readShortMessageBody,
  TLV,
} from '../../carriers/smpp/pdu-reader.js';

/** Tags SMPP 3.4 leaves to vendors (§5.3.2): Herald writes regulatory ids there. */
const VENDOR_TLVS = { from: 0x1400, to: 0x3fff };

/** A submit_sm as far as the simulator reads it. */
export interface SubmitSm {
  sequence_number: number;
  source_addr: string;
  destination_addr: string;
  esm_class: number;
  registered_delivery: number;
  /** The validity period as an ISO 8601 time (relative ones counted from now); '' when none. */
  validity_period: string;
  data_coding: number;
  /** short_message, or message_payload when that is empty; the UDH (if any) included. */
  message: Buffer;
  /** SAR TLVs, when the client concatenates with them. */
  sar?: { ref: number; total: number; seq: number };
  /** Vendor-range TLVs as text, by the name the `smpp` package gives them (tlv_0x1400...). */
  vendor: Record<string, string>;
}

/** Decodes a submit_sm; throws on a body shorter than its mandatory fields. */
export function decodeSubmitSm(pdu: Buffer): SubmitSm {
  const body = readShortMessageBody(pdu, 'submit_sm');
  const out: SubmitSm = {
    sequence_number: pdu.readUInt32BE(12),
    source_addr: body.source,
    destination_addr: body.destination,
    esm_class: body.esmClass,
    registered_delivery: body.registeredDelivery,
    validity_period: validityOf(body.validityPeriod),
    data_coding: body.dataCoding,
    message: body.shortMessage,
    vendor: {},
  };
  const sar = { ref: -1, total: -1, seq: -1 };
  forEachTlv(pdu, body.tlvsAt, (tag, value, end) => {
    const length = end - value;
    if (tag === TLV.sar_msg_ref_num && length === 2) sar.ref = pdu.readUInt16BE(value);
    else if (tag === TLV.sar_total_segments && length === 1) sar.total = pdu[value]!;
    else if (tag === TLV.sar_segment_seqnum && length === 1) sar.seq = pdu[value]!;
    else if (tag === TLV.message_payload && out.message.length === 0) out.message = pdu.subarray(value, end);
    else if (tag >= VENDOR_TLVS.from && tag <= VENDOR_TLVS.to)
      out.vendor[`tlv_0x${tag.toString(16).padStart(4, '0')}`] = pdu.toString('latin1', value, end);
  });
  if (sar.ref >= 0 && sar.total >= 0 && sar.seq >= 0) out.sar = sar;
  return out;
}

/** The last validity period read, converted: the parts submitted in one second share it. */
let lastValidity = { raw: '', iso: '' };

function validityOf(raw: string): string {
  if (raw !== lastValidity.raw || raw.endsWith('R')) lastValidity = { raw, iso: smppTimeToIso(raw) };
  return lastValidity.iso;
}

/**
 * An SMPP time (§7.1.1) as ISO 8601: absolute `YYMMDDhhmmsstnnp` (nn quarter hours from UTC, p '+'
 * or '-') or relative `YYMMDDhhmmss000R` (from now). Returned as written when it is neither.
 */
export function smppTimeToIso(value: string, now: Date = new Date()): string {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d)(\d\d)([-+R])$/.exec(value);
  if (!m) return value;
  const [y, mo, d, h, mi, s, tenths, quarters, sign] = m
    .slice(1)
    .map((x, i) => (i === 8 ? x : Number(x))) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    string,
  ];
  if (sign === 'R') {
    const t = new Date(now);
    t.setUTCFullYear(t.getUTCFullYear() + y, t.getUTCMonth() + mo, t.getUTCDate() + d);
    t.setUTCHours(t.getUTCHours() + h, t.getUTCMinutes() + mi, t.getUTCSeconds() + s);
    return t.toISOString();
  }
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  const utc = Date.UTC(century + y, mo - 1, d, h, mi, s, tenths * 100);
  const offsetMs = quarters * 15 * 60_000 * (sign === '+' ? 1 : -1);
  return Number.isNaN(utc) ? value : new Date(utc - offsetMs).toISOString();
}

/** The concatenation reference, total and part number in a UDH (8- or 16-bit reference). */
export interface ConcatInfo {
  ref: number;
  seq: number;
  total: number;
  /** 8-bit or 16-bit UDH reference (IEI 0x00 or 0x08), or SAR TLVs. */
  kind: 'udh8' | 'udh16' | 'sar';
}

export function concatOfUdh(udh: Buffer): ConcatInfo | undefined {
  let at = 1;
  const end = Math.min(udh.length, (udh[0] ?? 0) + 1);
  let found: ConcatInfo | undefined;
  while (at + 2 <= end) {
    const iei = udh[at]!;
    const length = udh[at + 1]!;
    const data = at + 2;
    if (data + length > end) break;
    if (iei === 0x00 && length >= 3)
      found = { ref: udh[data]!, total: udh[data + 1]!, seq: udh[data + 2]!, kind: 'udh8' };
    if (iei === 0x08 && length >= 4)
      found = { ref: udh.readUInt16BE(data), total: udh[data + 2]!, seq: udh[data + 3]!, kind: 'udh16' };
    at = data + length;
  }
  return found;
}

export interface SubmitReaderHandlers {
  submit(pdu: SubmitSm): void;
}

/**
 * Takes over reading a client session's socket (call in the server's session handler, before any
 * data can arrive).
 */
export function readSubmits(session: smpp.Session, handlers: SubmitReaderHandlers): void {
  framePdus(session, (pdu) => {
    const commandId = pdu.readUInt32BE(4);
    if (commandId === COMMAND.submit_sm) {
      handlers.submit(decodeSubmitSm(pdu));
      return;
    }
    if (commandId === COMMAND.deliver_sm_resp) {
      answerCallback(session, pdu.readUInt32BE(12), {
        command: 'deliver_sm_resp',
        command_status: pdu.readUInt32BE(8),
        sequence_number: pdu.readUInt32BE(12),
      });
      return;
    }
    emitDecoded(session, pdu);
  });
}
