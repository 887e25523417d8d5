/**
 * The submit_sm of every part, built in one pass from its fields (submit-pdu.ts) — the link's hot
 * path; the session writes its sequence number (src/protocols/smpp/session.ts requestEncoded). A
 * generic, reflective encoder had cost a tenth of the engine's time. The bytes are the `smpp`
 * package's own for the same fields, field for field (tested against it); every other PDU goes
 * through Herald's codec (src/protocols/smpp/codec.ts).
 */
import { COMMAND, TLV } from '../../protocols/smpp/ids.js';

const SUBMIT_SM = COMMAND.submit_sm;

/** The standard TLVs these PDUs carry, by the smpp package's field names, and how each is written. */
const TLVS: Record<string, { tag: number; kind: 'int8' | 'int16' | 'cstring' }> = {
  sar_msg_ref_num: { tag: TLV.sar_msg_ref_num, kind: 'int16' },
  sar_total_segments: { tag: TLV.sar_total_segments, kind: 'int8' },
  sar_segment_seqnum: { tag: TLV.sar_segment_seqnum, kind: 'int8' },
  receipted_message_id: { tag: TLV.receipted_message_id, kind: 'cstring' },
  message_state: { tag: TLV.message_state, kind: 'int8' },
};

const INT8_FIELDS = [
  'source_addr_ton',
  'source_addr_npi',
  'dest_addr_ton',
  'dest_addr_npi',
  'esm_class',
  'protocol_id',
  'priority_flag',
  'registered_delivery',
  'replace_if_present_flag',
  'data_coding',
  'sm_default_msg_id',
] as const;
const CSTRING_FIELDS = [
  'service_type',
  'source_addr',
  'destination_addr',
  'schedule_delivery_time',
  'validity_period',
] as const;
const KNOWN = new Set<string>([...INT8_FIELDS, ...CSTRING_FIELDS, 'short_message', ...Object.keys(TLVS)]);
const VENDOR_TLV = /^tlv_0x([0-9a-f]{4})$/;

/** SMPP absolute time as the package writes a Date: YYMMDDhhmmss, tenths, "00+" (UTC). */
function smppTime(d: Date): string {
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return (
    two(d.getUTCFullYear() % 100) +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds()) +
    String(Math.floor(d.getUTCMilliseconds() / 100)) +
    '00+'
  );
}

function cstringOf(v: unknown): Buffer | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (v instanceof Date) return Buffer.from(smppTime(v), 'latin1');
  if (typeof v === 'string') return Buffer.from(v, 'latin1');
  return undefined;
}

/**
 * The submit_sm of these fields (sequence number 0: the session writes it), or undefined when a
 * field is one this encoder does not write.
 */
export function encodeSubmitSm(fields: Record<string, unknown>): Buffer | undefined {
  return encodeShortMessage(SUBMIT_SM, fields);
}

function tlvValue(kind: 'int8' | 'int16' | 'cstring', v: unknown): Buffer | undefined {
  if (kind === 'cstring') {
    if (typeof v !== 'string') return undefined;
    return Buffer.concat([Buffer.from(v, 'latin1'), Buffer.alloc(1)]);
  }
  if (typeof v !== 'number') return undefined;
  const b = Buffer.alloc(kind === 'int8' ? 1 : 2);
  if (kind === 'int8') b[0] = v & 0xff;
  else b.writeUInt16BE(v & 0xffff, 0);
  return b;
}

function encodeShortMessage(commandId: number, fields: Record<string, unknown>): Buffer | undefined {
  // TLVs in the order the fields were given, as the package writes them.
  const tlvs: Array<{ tag: number; value: Buffer }> = [];
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    const standard = TLVS[key];
    if (standard) {
      if (value === undefined) continue;
      const bytes = tlvValue(standard.kind, value);
      if (!bytes) return undefined;
      tlvs.push({ tag: standard.tag, value: bytes });
      continue;
    }
    if (KNOWN.has(key)) continue;
    const vendor = VENDOR_TLV.exec(key);
    if (!vendor || typeof value !== 'string') return undefined;
    tlvs.push({ tag: parseInt(vendor[1]!, 16), value: Buffer.from(value, 'latin1') });
  }
  const message = fields.short_message ?? Buffer.alloc(0);
  if (!Buffer.isBuffer(message) || message.length > 255) return undefined;
  for (const key of INT8_FIELDS) {
    const v = fields[key];
    if (v !== undefined && v !== null && (typeof v !== 'number' || v < 0 || v > 255)) return undefined;
  }
  const strings = new Map<string, Buffer | undefined>();
  for (const key of CSTRING_FIELDS) {
    const v = fields[key];
    const b = cstringOf(v);
    if (b === undefined && v !== undefined && v !== null && v !== '') return undefined;
    strings.set(key, b);
  }
  let length = 16 + INT8_FIELDS.length + 1 + message.length;
  for (const b of strings.values()) length += (b?.length ?? 0) + 1;
  for (const t of tlvs) length += 4 + t.value.length;

  const buf = Buffer.allocUnsafe(length);
  buf.writeUInt32BE(length, 0);
  buf.writeUInt32BE(commandId, 4);
  buf.writeUInt32BE(0, 8);
  buf.writeUInt32BE(0, 12);
  let o = 16;
  const int8 = (key: (typeof INT8_FIELDS)[number]) => {
    buf[o++] = Number(fields[key] ?? 0);
  };
  const cstring = (key: (typeof CSTRING_FIELDS)[number]) => {
    const b = strings.get(key);
    if (b) o += b.copy(buf, o);
    buf[o++] = 0;
  };
  // The body in the order of SMPP 3.4 §4.4.1.
  cstring('service_type');
  int8('source_addr_ton');
  int8('source_addr_npi');
  cstring('source_addr');
  int8('dest_addr_ton');
  int8('dest_addr_npi');
  cstring('destination_addr');
  int8('esm_class');
  int8('protocol_id');
  int8('priority_flag');
  cstring('schedule_delivery_time');
  cstring('validity_period');
  int8('registered_delivery');
  int8('replace_if_present_flag');
  int8('data_coding');
  int8('sm_default_msg_id');
  buf[o++] = message.length;
  o += message.copy(buf, o);
  for (const t of tlvs) {
    buf.writeUInt16BE(t.tag, o);
    buf.writeUInt16BE(t.value.length, o + 2);
    o += 4 + t.value.copy(buf, o + 4);
  }
  return buf;
}
