/**
 * SMPP delivery receipts: the text form of SMPP 3.4 Appendix B ("id:… sub:… dlvrd:… submit date:…
 * done date:… stat:… err:… text:…"), the message_state TLV values, operator message-id normalisation
 * (hex or decimal, leading zeros, case), and the mapping of receipt states to Herald's statuses (the set its Routee face reports as is).
 */
import { gsmLookAlike } from './transcode.js';

export type ReceiptStat =
  'DELIVRD' | 'EXPIRED' | 'DELETED' | 'UNDELIV' | 'ACCEPTD' | 'UNKNOWN' | 'REJECTD' | 'ENROUTE';

/** message_state TLV values (SMPP 3.4 §5.2.28). */
export const MESSAGE_STATE: Record<number, ReceiptStat> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

export const STATE_OF_STAT: Record<ReceiptStat, number> = {
  ENROUTE: 1,
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
};

export interface ParsedReceipt {
  /** Operator message id as the receipt gives it (not normalised). */
  id: string;
  stat: ReceiptStat;
  /** Network error code ("err:" or the network_error_code TLV), '000' when absent. */
  err: string;
}

const TEXT_FIELD = /(?:^|\s)(id|stat|err):\s*(\S*)/gi;

/** Reads the text receipt; null when the text is not a receipt. */
export function parseReceiptText(text: string): { id?: string; stat?: ReceiptStat; err?: string } | null {
  const out: { id?: string; stat?: ReceiptStat; err?: string } = {};
  for (const m of text.matchAll(TEXT_FIELD)) {
    const key = m[1]!.toLowerCase();
    const value = m[2]!;
    if (key === 'id' && out.id === undefined) out.id = value;
    else if (key === 'stat' && out.stat === undefined) out.stat = value.toUpperCase() as ReceiptStat;
    else if (key === 'err' && out.err === undefined) out.err = value;
  }
  return out.id === undefined && out.stat === undefined ? null : out;
}

/**
 * Combines the TLVs (read first: receipted_message_id, message_state) with the text receipt (second).
 */
export function readReceipt(
  tlv: {
    receiptedMessageId?: string | undefined;
    messageState?: number | undefined;
    networkErrorCode?: string | undefined;
  },
  text: string,
): ParsedReceipt | null {
  const fromText = parseReceiptText(text);
  const id = tlv.receiptedMessageId || fromText?.id;
  const stat =
    (tlv.messageState !== undefined ? MESSAGE_STATE[tlv.messageState] : undefined) ?? fromText?.stat;
  if (!id || !stat) return null;
  return { id, stat, err: tlv.networkErrorCode ?? fromText?.err ?? '000' };
}

export function formatReceiptText(r: {
  id: string;
  stat: ReceiptStat;
  err?: string;
  submitDate: Date;
  doneDate: Date;
  text?: string;
}): string {
  const d = (t: Date) =>
    `${String(t.getUTCFullYear() % 100).padStart(2, '0')}${String(t.getUTCMonth() + 1).padStart(2, '0')}` +
    `${String(t.getUTCDate()).padStart(2, '0')}${String(t.getUTCHours()).padStart(2, '0')}${String(t.getUTCMinutes()).padStart(2, '0')}`;
  const delivered = r.stat === 'DELIVRD' ? '001' : '000';
  return (
    `id:${r.id} sub:001 dlvrd:${delivered} submit date:${d(r.submitDate)} done date:${d(r.doneDate)} ` +
    `stat:${r.stat} err:${r.err ?? '000'} text:${(r.text ?? '').slice(0, 20)}`
  );
}

/**
 * Canonical form of an operator message id: lower case without leading zeros. Ids are matched on
 * this form first, then on its decimal↔hex counterpart (operators that answer submit_sm in one base
 * and write receipts in the other).
 */
export function normaliseSmscId(id: string): string {
  const s = id
    .trim()
    .toLowerCase()
    .replace(/^0+(?=.)/, '');
  return s;
}

/**
 * The same number in the other base(s), when the id is a number in either base; a one-digit id is
 * the same in both and has none.
 */
export function alternateSmscId(id: string): string[] {
  const s = normaliseSmscId(id);
  const out: string[] = [];
  if (/^\d+$/.test(s)) out.push(BigInt(s).toString(16));
  if (/^[0-9a-f]+$/.test(s)) out.push(BigInt(`0x${s}`).toString(10));
  return out.filter((x) => x !== s);
}

/** Herald's status and detailed status of a part after its receipt. */
export function statusOfReceipt(
  stat: ReceiptStat,
  err: string,
): { status: string; detailedStatus: string } | null {
  switch (stat) {
    case 'DELIVRD':
      return { status: 'Delivered', detailedStatus: 'Delivered' };
    case 'EXPIRED':
      return { status: 'Undelivered', detailedStatus: 'Expired' };
    case 'UNDELIV':
      return { status: 'Undelivered', detailedStatus: detailedOfError(err) };
    case 'DELETED':
      return { status: 'Undelivered', detailedStatus: 'Carrier Violation' };
    case 'REJECTD':
      return { status: 'Failed', detailedStatus: 'Carrier Violation' };
    case 'UNKNOWN':
      return { status: 'Undelivered', detailedStatus: 'Unknown Status' };
    case 'ACCEPTD':
    case 'ENROUTE':
      return null; // not final
  }
}

/**
 * Network error codes (GSM MAP causes as most SMSCs report them in "err:") to Herald's detailed
 * statuses. Any other code (absent subscriber 6 and 27, subscriber busy 31, unknown ones) is
 * "Undelivered on Handset".
 */
function detailedOfError(err: string): string {
  const code = Number.parseInt(err, 10);
  switch (code) {
    case 1: // unknown subscriber
    case 5: // unidentified subscriber
      return 'Unknown Number';
    case 11: // teleservice not provisioned
    case 13: // call barred
      return 'Call Barred';
    case 21: // facility not supported
    case 36: // roaming not allowed
      return 'Roaming';
    default:
      return 'Undelivered on Handset';
  }
}

/**
 * The receipt state that tells a client application a message's final status (Herald's SMPP server):
 * delivered, expired, refused by the operator or Herald, or not delivered.
 */
export function statOfStatus(status: string, detailedStatus: string | null): ReceiptStat {
  if (status === 'Delivered') return 'DELIVRD';
  if (detailedStatus === 'Expired') return 'EXPIRED';
  if (status === 'Failed' || status === 'Unsent') return 'REJECTD';
  return 'UNDELIV';
}

/** How a receipt writes the id a client was answered with (an account's SMPP setting). */
export type ReceiptIdFormat = 'uuid' | 'hex' | 'decimal';

/**
 * The id as the receipt writes it: as answered ('uuid'); as the UUID's 32 hexadecimal digits
 * ('hex'); or as that 128-bit number in decimal ('decimal'). A part's suffix (":2") is kept; an id
 * that is no UUID is written as answered.
 */
export function receiptIdAs(id: string, format: ReceiptIdFormat = 'uuid'): string {
  if (format === 'uuid') return id;
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})(:\d+)?$/i.exec(id);
  if (!m) return id;
  const hex = (m[1]! + m[2]! + m[3]! + m[4]! + m[5]!).toLowerCase();
  const written = format === 'hex' ? hex : BigInt(`0x${hex}`).toString(10);
  return written + (m[6] ?? '');
}

/**
 * The receipt's `text:` as an SMSC writes it (the operator simulator's and Herald's SMPP server's):
 * the first 20 characters in plain ASCII, a character outside it by its look-alike without accents
 * (é → e, ’ → '), else '?'. Never bytes that are neither ASCII nor GSM (cutting UCS-2 characters to
 * their low byte broke a peer's AMQP encoding).
 */
export function receiptText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (out.length >= 20) break;
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) {
      out += ch;
      continue;
    }
    const alike = (gsmLookAlike(ch) ?? ch).normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += /^[\x20-\x7e]+$/.test(alike) ? alike : '?';
  }
  return out.slice(0, 20);
}
