/**
 * Herald's own SMPP 3.4 codec: every PDU the operator link and the coming SMPP server exchange,
 * encoded and decoded in one pass from a table of their fields (§4), TLVs kept by tag (§5.3). The
 * `smpp` package is the tests' oracle (property tests encode with one and decode with the other, both
 * ways), never a dependency of this module. A malformed PDU is a `SmppDecodeError` with the command
 * status to answer it with, never a crash.
 */
import { COMMAND, STATUS } from './ids.js';

export type CommandName = keyof typeof COMMAND;

/** One field of a PDU body: an integer of 1 byte, a C-octet string (with its maximum size, NUL included). */
type FieldSpec = { name: string; kind: 'u8' } | { name: string; kind: 'cstring'; max: number };

const u8 = (name: string): FieldSpec => ({ name, kind: 'u8' });
const cs = (name: string, max: number): FieldSpec => ({ name, kind: 'cstring', max });

const BIND: FieldSpec[] = [
  cs('system_id', 16),
  cs('password', 9),
  cs('system_type', 13),
  u8('interface_version'),
  u8('addr_ton'),
  u8('addr_npi'),
  cs('address_range', 41),
];
const BIND_RESP: FieldSpec[] = [cs('system_id', 16)];
/** submit_sm and deliver_sm (§4.4.1, §4.6.1); short_message follows, its length in sm_length. */
const SHORT_MESSAGE: FieldSpec[] = [
  cs('service_type', 6),
  u8('source_addr_ton'),
  u8('source_addr_npi'),
  cs('source_addr', 21),
  u8('dest_addr_ton'),
  u8('dest_addr_npi'),
  cs('destination_addr', 21),
  u8('esm_class'),
  u8('protocol_id'),
  u8('priority_flag'),
  cs('schedule_delivery_time', 17),
  cs('validity_period', 17),
  u8('registered_delivery'),
  u8('replace_if_present_flag'),
  u8('data_coding'),
  u8('sm_default_msg_id'),
];
const DATA_SM: FieldSpec[] = [
  cs('service_type', 6),
  u8('source_addr_ton'),
  u8('source_addr_npi'),
  cs('source_addr', 65),
  u8('dest_addr_ton'),
  u8('dest_addr_npi'),
  cs('destination_addr', 65),
  u8('esm_class'),
  u8('registered_delivery'),
  u8('data_coding'),
];
const MESSAGE_ID: FieldSpec[] = [cs('message_id', 65)];

/** Each command's mandatory fields; `short_message` marks the two that carry one. */
const LAYOUT: Record<CommandName, { fields: FieldSpec[]; shortMessage?: true }> = {
  generic_nack: { fields: [] },
  bind_receiver: { fields: BIND },
  bind_receiver_resp: { fields: BIND_RESP },
  bind_transmitter: { fields: BIND },
  bind_transmitter_resp: { fields: BIND_RESP },
  bind_transceiver: { fields: BIND },
  bind_transceiver_resp: { fields: BIND_RESP },
  submit_sm: { fields: SHORT_MESSAGE, shortMessage: true },
  submit_sm_resp: { fields: MESSAGE_ID },
  deliver_sm: { fields: SHORT_MESSAGE, shortMessage: true },
  deliver_sm_resp: { fields: MESSAGE_ID },
  data_sm: { fields: DATA_SM },
  data_sm_resp: { fields: MESSAGE_ID },
  unbind: { fields: [] },
  unbind_resp: { fields: [] },
  enquire_link: { fields: [] },
  enquire_link_resp: { fields: [] },
};

const NAME_OF = new Map<number, CommandName>(
  Object.entries(COMMAND).map(([name, id]) => [id, name as CommandName]),
);

export interface Tlv {
  tag: number;
  value: Buffer;
}

export interface Pdu {
  command: CommandName;
  status: number;
  sequence: number;
  /** Mandatory fields by their SMPP names: numbers for 1-byte integers, strings for C-octet strings. */
  fields: Record<string, string | number>;
  /** submit_sm and deliver_sm: the short message's octets. */
  shortMessage?: Buffer;
  tlvs: Tlv[];
}

export const HEADER_LENGTH = 16;
/** The largest PDU accepted (a long short_message plus TLVs fits many times over). */
export const MAX_PDU_LENGTH = 65_536;

export class SmppDecodeError extends Error {
  constructor(
    message: string,
    /** The status to answer the PDU with (generic_nack for an unknown command). */
    readonly status: number,
    readonly sequence: number,
  ) {
    super(message);
  }
}

export function encodePdu(pdu: Pdu): Buffer {
  const layout = LAYOUT[pdu.command];
  const parts: Buffer[] = [];
  // A response that reports an error may carry no body (§3.2): write one only when something is in it.
  const bodyless =
    pdu.status !== STATUS.ESME_ROK &&
    layout.fields.length > 0 &&
    layout.fields.every((f) => pdu.fields[f.name] === undefined) &&
    pdu.tlvs.length === 0;
  if (!bodyless) {
    for (const f of layout.fields) {
      const v = pdu.fields[f.name];
      if (f.kind === 'u8') parts.push(Buffer.from([Number(v ?? 0) & 0xff]));
      else {
        const text = Buffer.from(String(v ?? ''), 'latin1');
        if (text.length >= f.max) throw new RangeError(`${f.name} longer than ${f.max - 1} octets`);
        parts.push(text, Buffer.from([0]));
      }
    }
    if (layout.shortMessage) {
      const sm = pdu.shortMessage ?? Buffer.alloc(0);
      if (sm.length > 254) throw new RangeError('short_message longer than 254 octets (use message_payload)');
      parts.push(Buffer.from([sm.length]), sm);
    }
    for (const t of pdu.tlvs) {
      const head = Buffer.alloc(4);
      head.writeUInt16BE(t.tag, 0);
      head.writeUInt16BE(t.value.length, 2);
      parts.push(head, t.value);
    }
  }
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(HEADER_LENGTH + body.length);
  out.writeUInt32BE(out.length, 0);
  out.writeUInt32BE(COMMAND[pdu.command], 4);
  out.writeUInt32BE(pdu.status >>> 0, 8);
  out.writeUInt32BE(pdu.sequence >>> 0, 12);
  body.copy(out, HEADER_LENGTH);
  return out;
}

/** Decodes one whole PDU (its length as its first four octets say). */
export function decodePdu(buf: Buffer): Pdu {
  if (buf.length < HEADER_LENGTH)
    throw new SmppDecodeError('PDU shorter than its header', STATUS.ESME_RINVCMDLEN, 0);
  const length = buf.readUInt32BE(0);
  const id = buf.readUInt32BE(4);
  const status = buf.readUInt32BE(8);
  const sequence = buf.readUInt32BE(12);
  if (length !== buf.length || length > MAX_PDU_LENGTH)
    throw new SmppDecodeError(
      `command_length ${length} for ${buf.length} octets`,
      STATUS.ESME_RINVCMDLEN,
      sequence,
    );
  const command = NAME_OF.get(id);
  if (!command)
    throw new SmppDecodeError(`unknown command 0x${id.toString(16)}`, STATUS.ESME_RINVCMDID, sequence);
  const layout = LAYOUT[command];
  const fields: Record<string, string | number> = {};
  const pdu: Pdu = { command, status, sequence, fields, tlvs: [] };
  let at = HEADER_LENGTH;
  // A response reporting an error may come without its body.
  if (at === length && status !== STATUS.ESME_ROK) return pdu;
  const short = (what: string) =>
    new SmppDecodeError(`${command}: ${what} runs past the PDU`, STATUS.ESME_RINVMSGLEN, sequence);
  for (const f of layout.fields) {
    if (f.kind === 'u8') {
      if (at >= length) throw short(f.name);
      fields[f.name] = buf[at++]!;
    } else {
      const end = buf.indexOf(0, at);
      if (end < 0 || end >= length) throw short(f.name);
      if (end - at >= f.max)
        throw new SmppDecodeError(
          `${command}: ${f.name} longer than ${f.max - 1} octets`,
          STATUS.ESME_RINVPARLEN,
          sequence,
        );
      fields[f.name] = buf.toString('latin1', at, end);
      at = end + 1;
    }
  }
  if (layout.shortMessage) {
    if (at >= length) throw short('sm_length');
    const smLength = buf[at++]!;
    if (at + smLength > length) throw short('short_message');
    pdu.shortMessage = Buffer.from(buf.subarray(at, at + smLength));
    at += smLength;
  }
  while (at < length) {
    if (at + 4 > length) throw short('a TLV header');
    const tag = buf.readUInt16BE(at);
    const size = buf.readUInt16BE(at + 2);
    if (at + 4 + size > length) throw short(`TLV 0x${tag.toString(16)}`);
    pdu.tlvs.push({ tag, value: Buffer.from(buf.subarray(at + 4, at + 4 + size)) });
    at += 4 + size;
  }
  return pdu;
}

/** The value of a TLV, when present. */
export function tlvOf(pdu: Pdu, tag: number): Buffer | undefined {
  return pdu.tlvs.find((t) => t.tag === tag)?.value;
}
