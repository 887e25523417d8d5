/**
 * A submit_sm's text and addresses as the core takes them: the short message (or the message_payload
 * TLV) decoded by its data_coding (SMPP 3.4 §5.2.19: 0 the GSM default alphabet, one septet per
 * octet; 1 IA5/ASCII; 3 Latin-1; 8 UCS-2; the class-0 codings 0x10/0x18 as flash), numbers in E.164
 * with '+'. A coding or a UDH it cannot take yet is said, not guessed.
 */
import { decodeGsm7, decodeUcs2 } from '../../domain/gsm.js';
import { tlvOf, type Pdu } from '../../protocols/smpp/codec.js';
import { ESM_CLASS, TLV } from '../../protocols/smpp/ids.js';

export type SubmitText =
  | { ok: true; from: string; to: string; body: string; flash: boolean }
  | { ok: false; problem: 'udh' | 'data-coding' };

/** A number as SMPP carries it (digits, perhaps with '+') in E.164 with '+'; a name stays as it is. */
function e164(address: string): string {
  const a = address.trim();
  return /^\d+$/.test(a) ? `+${a}` : a;
}

export function submitText(pdu: Pdu): SubmitText {
  const esm = Number(pdu.fields.esm_class ?? 0);
  if (esm & ESM_CLASS.udhi) return { ok: false, problem: 'udh' };
  const octets = pdu.shortMessage?.length
    ? pdu.shortMessage
    : (tlvOf(pdu, TLV.message_payload) ?? Buffer.alloc(0));
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
  };
}
