/**
 * Reads a link's incoming PDUs off its socket in one pass, in place of the `smpp` package's reader.
 *
 * The package reads each PDU from the stream with two `read` calls and a copy, then decodes every
 * field through its generic path (and receipt texts through its GSM coder). For the two PDUs that
 * come back for every message — submit_sm_resp and the receipt's deliver_sm — that was most of the
 * package's share of the engine. Those two are decoded here; every other PDU (binds, enquire_link,
 * unbind, generic_nack, mobile-originated deliver_sm) still goes through the package's decoder and
 * is emitted on the session exactly as the package would.
 */
import smpp from 'smpp';
import { COMMAND, ESM_CLASS, TLV } from '../../protocols/smpp/ids.js';

const HEADER = 16;
const MAX_PDU = 16_384; // the package's limit
const ESM_RECEIPT = ESM_CLASS.receipt;

/** What a submit_sm_resp callback reads. */
export interface SubmitSmResp {
  command: 'submit_sm_resp';
  command_status: number;
  sequence_number: number;
  message_id: string;
}

/** A delivery receipt's deliver_sm, as far as Herald reads it. */
export interface ReceiptDeliverSm {
  sequence_number: number;
  esm_class: number;
  source_addr: string;
  destination_addr: string;
  data_coding: number;
  /** The receipt text (short_message, or message_payload when that is empty). */
  text: Buffer;
  receipted_message_id?: string;
  message_state?: number;
}

export interface PduReaderHandlers {
  /** Any PDU arrived (the link is alive). */
  heard(): void;
  receipt(pdu: ReceiptDeliverSm): void;
}

/** Where a C-octet string that starts at `at` ends (its NUL, or the end of the buffer). */
function cstringEnd(buf: Buffer, at: number, end: number): number {
  const nul = buf.indexOf(0, at);
  return nul === -1 || nul > end ? end : nul;
}

export function decodeSubmitSmResp(pdu: Buffer): SubmitSmResp {
  const end = pdu.length;
  return {
    command: 'submit_sm_resp',
    command_status: pdu.readUInt32BE(8),
    sequence_number: pdu.readUInt32BE(12),
    message_id: end > HEADER ? pdu.toString('latin1', HEADER, cstringEnd(pdu, HEADER, end)) : '',
  };
}

/** The esm_class of a deliver_sm (its fields before it are three C strings and four octets). */
export function deliverSmEsmClass(pdu: Buffer): number {
  let at = HEADER;
  const end = pdu.length;
  at = cstringEnd(pdu, at, end) + 1; // service_type
  at += 2; // source ton, npi
  at = cstringEnd(pdu, at, end) + 1; // source_addr
  at += 2;
  at = cstringEnd(pdu, at, end) + 1; // destination_addr
  return at < end ? pdu[at]! : 0;
}

/** The mandatory body submit_sm and deliver_sm share (SMPP 3.4 §4.4.1 and §4.6.1), as read here. */
export interface ShortMessageBody {
  source: string;
  destination: string;
  esmClass: number;
  validityPeriod: string;
  registeredDelivery: number;
  dataCoding: number;
  shortMessage: Buffer;
  /** Where the optional TLVs start. */
  tlvsAt: number;
}

/** Reads the mandatory body of a submit_sm or deliver_sm; throws when it is cut short. */
export function readShortMessageBody(pdu: Buffer, command: string): ShortMessageBody {
  const end = pdu.length;
  let at = HEADER;
  const cstring = (): string => {
    const stop = cstringEnd(pdu, at, end);
    if (stop >= end) throw new Error(`${command}: truncated mandatory field`);
    const s = pdu.toString('latin1', at, stop);
    at = stop + 1;
    return s;
  };
  const octet = (): number => {
    if (at >= end) throw new Error(`${command}: truncated mandatory field`);
    return pdu[at++]!;
  };
  cstring(); // service_type
  at += 2; // source_addr_ton, source_addr_npi
  const source = cstring();
  at += 2; // dest_addr_ton, dest_addr_npi
  const destination = cstring();
  const esmClass = octet();
  at += 2; // protocol_id, priority_flag
  cstring(); // schedule_delivery_time
  const validityPeriod = cstring();
  const registeredDelivery = octet();
  at += 1; // replace_if_present_flag
  const dataCoding = octet();
  at += 1; // sm_default_msg_id
  const smLength = octet();
  if (at + smLength > end) throw new Error(`${command}: short_message runs past the PDU`);
  const shortMessage = pdu.subarray(at, at + smLength);
  return {
    source,
    destination,
    esmClass,
    validityPeriod,
    registeredDelivery,
    dataCoding,
    shortMessage,
    tlvsAt: at + smLength,
  };
}

/** Calls `each` with every whole TLV from `at` (its tag, and where its value starts and ends). */
export function forEachTlv(
  pdu: Buffer,
  at: number,
  each: (tag: number, value: number, end: number) => void,
): void {
  while (at + 4 <= pdu.length) {
    const tag = pdu.readUInt16BE(at);
    const value = at + 4;
    at = value + pdu.readUInt16BE(at + 2);
    if (at > pdu.length) return; // a TLV cut short ends the list
    each(tag, value, at);
  }
}

/** Decodes a deliver_sm; throws on a body shorter than its mandatory fields. */
export function decodeReceiptDeliverSm(pdu: Buffer): ReceiptDeliverSm {
  const body = readShortMessageBody(pdu, 'deliver_sm');
  const out: ReceiptDeliverSm = {
    sequence_number: pdu.readUInt32BE(12),
    esm_class: body.esmClass,
    source_addr: body.source,
    destination_addr: body.destination,
    data_coding: body.dataCoding,
    text: body.shortMessage,
  };
  forEachTlv(pdu, body.tlvsAt, (tag, value, end) => {
    if (tag === TLV.receipted_message_id)
      out.receipted_message_id = pdu.toString('latin1', value, cstringEnd(pdu, value, end));
    else if (tag === TLV.message_state && end > value) out.message_state = pdu[value]!;
    else if (tag === TLV.message_payload && out.text.length === 0) out.text = pdu.subarray(value, end);
  });
  return out;
}

interface SessionInternals {
  _callbacks: Record<number, ((pdu: unknown) => void) | undefined>;
}

/** Hands a response to the callback `session.send` registered for its sequence number. */
export function answerCallback(session: smpp.Session, sequenceNumber: number, response: unknown): void {
  const callbacks = (session as unknown as SessionInternals)._callbacks;
  const cb = callbacks[sequenceNumber];
  if (cb) {
    delete callbacks[sequenceNumber];
    cb(response);
  }
}

/** A PDU through the package's decoder, emitted on the session (and answered) as the package would. */
export function emitDecoded(session: smpp.Session, pdu: Buffer): void {
  const decoded = new smpp.PDU(pdu);
  session.emit('pdu', decoded);
  session.emit(decoded.command, decoded);
  if (decoded.isResponse()) answerCallback(session, decoded.sequence_number, decoded);
}

/**
 * Takes over reading the session's socket and calls `handle` with each whole PDU (header included).
 * Call before any data can arrive (right after `smpp.connect`, or in the server's session handler):
 * the package's reader is removed from the socket. A PDU `handle` throws on closes the connection.
 */
export function framePdus(session: smpp.Session, handle: (pdu: Buffer) => void): void {
  const socket = session.socket;
  socket.removeAllListeners('readable');
  let pending: Buffer | null = null;
  const fail = (err: Error) => {
    session.emit('error', err);
    socket.destroy();
  };
  socket.on('data', (chunk: Buffer) => {
    const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    let at = 0;
    try {
      while (buf.length - at >= 4) {
        const length = buf.readUInt32BE(at);
        if (length < HEADER || length > MAX_PDU) {
          fail(new Error(`PDU length ${length} is outside ${HEADER}..${MAX_PDU}`));
          return;
        }
        if (buf.length - at < length) break;
        handle(buf.subarray(at, at + length));
        at += length;
      }
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    // Keep the tail in a buffer of its own, not a view pinning the whole chunk.
    if (at < buf.length) pending = Buffer.from(buf.subarray(at));
  });
}

/**
 * Takes over reading a link's socket: submit_sm_resp and receipts decoded here, everything else by
 * the package. Call right after `smpp.connect`, before any data can arrive.
 */
export function readPdus(session: smpp.Session, handlers: PduReaderHandlers): void {
  framePdus(session, (pdu) => {
    handlers.heard();
    const commandId = pdu.readUInt32BE(4);
    if (commandId === COMMAND.submit_sm_resp) {
      const resp = decodeSubmitSmResp(pdu);
      answerCallback(session, resp.sequence_number, resp);
      return;
    }
    if (commandId === COMMAND.deliver_sm && deliverSmEsmClass(pdu) & ESM_RECEIPT) {
      handlers.receipt(decodeReceiptDeliverSm(pdu));
      return;
    }
    emitDecoded(session, pdu);
  });
}
