/**
 * Herald's own SMPP 3.4 codec: every PDU the operator link and the coming SMPP server exchange,
 * encoded and decoded in one pass from a table of their fields (§4), TLVs kept by tag (§5.3). The
 * `smpp` package is the tests' oracle (property tests encode with one and decode with the other, both
 * ways), never a dependency of this module. A malformed PDU is a `SmppDecodeError` with the command
 * status to answer it with, never a crash.
 */
import { COMMAND, STATUS } from './ids.js';

export type CommandName = keyof typeof COMMAND;

/**
 * One field of a PDU body: an integer of 1 byte, a C-octet string (with its maximum size, NUL
 * included), or one of submit_multi's two lists (its destinations, its answer's refused ones).
 */
type FieldSpec =
  | { name: string; kind: 'u8' }
  | { name: string; kind: 'cstring'; max: number }
  | { name: 'dest_address'; kind: 'dests' }
  | { name: 'unsuccess_sme'; kind: 'unsuccess' };

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
/** submit_multi (§4.5.1): submit_sm's fields with a list of destinations for its one destination. */
const SUBMIT_MULTI: FieldSpec[] = [
  ...SHORT_MESSAGE.slice(0, 4),
  { name: 'dest_address', kind: 'dests' },
  ...SHORT_MESSAGE.slice(7),
];
const SUBMIT_MULTI_RESP: FieldSpec[] = [cs('message_id', 65), { name: 'unsuccess_sme', kind: 'unsuccess' }];

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
  submit_multi: { fields: SUBMIT_MULTI, shortMessage: true },
  submit_multi_resp: { fields: SUBMIT_MULTI_RESP },
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

/** A destination of submit_multi: an address (dest_flag 1) or a distribution list's name (2). */
export type MultiDestination = { ton: number; npi: number; address: string } | { list: string };

/** A destination submit_multi_resp reports as refused, with the status it was refused with. */
export interface RefusedDestination {
  ton: number;
  npi: number;
  address: string;
  status: number;
}

export interface Pdu {
  command: CommandName;
  status: number;
  sequence: number;
  /** Mandatory fields by their SMPP names: numbers for 1-byte integers, strings for C-octet strings. */
  fields: Record<string, string | number>;
  /** submit_sm and deliver_sm: the short message's octets. */
  shortMessage?: Buffer;
  /** submit_multi: its destinations (at most 254). */
  destinations?: MultiDestination[];
  /** submit_multi_resp: the destinations refused. */
  unsuccess?: RefusedDestination[];
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
    !pdu.unsuccess?.length &&
    pdu.tlvs.length === 0;
  const cstring = (name: string, v: unknown, max: number) => {
    const text = Buffer.from(String(v ?? ''), 'latin1');
    if (text.length >= max) throw new RangeError(`${name} longer than ${max - 1} octets`);
    parts.push(text, Buffer.from([0]));
  };
  if (!bodyless) {
    for (const f of layout.fields) {
      const v = pdu.fields[f.name];
      if (f.kind === 'u8') parts.push(Buffer.from([Number(v ?? 0) & 0xff]));
      else if (f.kind === 'cstring') cstring(f.name, v, f.max);
      else if (f.kind === 'dests') {
        const dests = pdu.destinations ?? [];
        if (dests.length > 254) throw new RangeError('more than 254 destinations');
        parts.push(Buffer.from([dests.length]));
        for (const d of dests) {
          if ('list' in d) {
            parts.push(Buffer.from([2]));
            cstring('dl_name', d.list, 21);
          } else {
            parts.push(Buffer.from([1, d.ton & 0xff, d.npi & 0xff]));
            cstring('destination_addr', d.address, 21);
          }
        }
      } else {
        const refused = pdu.unsuccess ?? [];
        if (refused.length > 254) throw new RangeError('more than 254 refused destinations');
        parts.push(Buffer.from([refused.length]));
        for (const r of refused) {
          parts.push(Buffer.from([r.ton & 0xff, r.npi & 0xff]));
          cstring('destination_addr', r.address, 21);
          const status = Buffer.alloc(4);
          status.writeUInt32BE(r.status >>> 0, 0);
          parts.push(status);
        }
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
  const u8At = (name: string): number => {
    if (at >= length) throw short(name);
    return buf[at++]!;
  };
  const cstringAt = (name: string, max: number): string => {
    const end = buf.indexOf(0, at);
    if (end < 0 || end >= length) throw short(name);
    if (end - at >= max)
      throw new SmppDecodeError(
        `${command}: ${name} longer than ${max - 1} octets`,
        STATUS.ESME_RINVPARLEN,
        sequence,
      );
    const text = buf.toString('latin1', at, end);
    at = end + 1;
    return text;
  };
  for (const f of layout.fields) {
    if (f.kind === 'u8') fields[f.name] = u8At(f.name);
    else if (f.kind === 'cstring') fields[f.name] = cstringAt(f.name, f.max);
    else if (f.kind === 'dests') {
      const count = u8At('number_of_dests');
      pdu.destinations = [];
      for (let i = 0; i < count; i++) {
        const flag = u8At('dest_flag');
        if (flag === 1) {
          const ton = u8At('dest_addr_ton');
          const npi = u8At('dest_addr_npi');
          pdu.destinations.push({ ton, npi, address: cstringAt('destination_addr', 21) });
        } else if (flag === 2) pdu.destinations.push({ list: cstringAt('dl_name', 21) });
        else throw new SmppDecodeError(`${command}: dest_flag ${flag}`, STATUS.ESME_RINVDESTFLAG, sequence);
      }
    } else {
      const count = u8At('no_unsuccess');
      pdu.unsuccess = [];
      for (let i = 0; i < count; i++) {
        const ton = u8At('dest_addr_ton');
        const npi = u8At('dest_addr_npi');
        const address = cstringAt('destination_addr', 21);
        if (at + 4 > length) throw short('error_status_code');
        pdu.unsuccess.push({ ton, npi, address, status: buf.readUInt32BE(at) });
        at += 4;
      }
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
