/**
 * What a deliver_sm from the operator says, in the carrier contract's terms: a delivery receipt (its
 * TLVs read first, receipted_message_id and message_state, then its text, SMPP 3.4 Appendix B), or
 * a mobile-originated message with its text decoded (GSM 03.38 by default, UCS-2, Latin-1; a UDH
 * left out). The text comes from short_message, or message_payload when that is empty.
 */
import type { CarrierInbound } from '../carrier.js';
import { readReceipt } from '../../domain/delivery-receipt.js';
import { decodeGsm7, decodeUcs2 } from '../../domain/gsm.js';
import { type Pdu, tlvOf } from '../../protocols/smpp/codec.js';
import { ESM_CLASS, TLV } from '../../protocols/smpp/ids.js';

/** The deliver_sm as a receipt or a mobile-originated message; null for a receipt with no id or status. */
export function inboundOf(pdu: Pdu): CarrierInbound | null {
  const esm = Number(pdu.fields.esm_class ?? 0);
  const message =
    pdu.shortMessage && pdu.shortMessage.length > 0
      ? pdu.shortMessage
      : (tlvOf(pdu, TLV.message_payload) ?? Buffer.alloc(0));
  const receiptedId = tlvOf(pdu, TLV.receipted_message_id);
  if (esm & ESM_CLASS.receipt || receiptedId !== undefined) {
    const state = tlvOf(pdu, TLV.message_state);
    const receipt = readReceipt(
      {
        receiptedMessageId: receiptedId && cstring(receiptedId),
        messageState: state && state.length > 0 ? state[0] : undefined,
      },
      message.toString('latin1'),
    );
    return receipt ? { kind: 'receipt', receipt } : null;
  }
  return {
    kind: 'mo',
    from: String(pdu.fields.source_addr ?? ''),
    to: String(pdu.fields.destination_addr ?? ''),
    text: textOf(message, Number(pdu.fields.data_coding ?? 0), esm),
  };
}

/** A C-octet string TLV's text (up to its NUL). */
function cstring(value: Buffer): string {
  const end = value.indexOf(0);
  return value.toString('latin1', 0, end < 0 ? value.length : end);
}

function textOf(message: Buffer, dataCoding: number, esm: number): string {
  let body = message;
  if (esm & ESM_CLASS.udhi && body.length > 0) body = body.subarray(Math.min(body.length, body[0]! + 1));
  const coding = dataCoding & 0x0f;
  if (coding === 0x08) return decodeUcs2(body);
  if (coding === 0x03) return body.toString('latin1');
  return decodeGsm7(body);
}
