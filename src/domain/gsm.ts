/**
 * GSM 03.38 / UCS-2 body analysis: encoding, length in encoding units and number of SMS parts.
 *
 * Rules (3GPP TS 23.038 and what Routee documents):
 * - A body is GSM 7-bit when every character is in the basic table or the extension table.
 *   Extension characters are sent as ESC + character and count 2 septets; an escape pair is never
 *   split across two parts.
 * - Otherwise the body is UCS-2 (UTF-16 code units); a surrogate pair is never split across parts,
 *   nor is a character made of several code points (a letter and its combining marks, an emoji and
 *   its skin tone, a flag, a ZWJ sequence): a phone that shows parts as they come would show halves.
 * - One part holds 160 septets / 70 units; concatenated parts hold 153 septets / 67 units (the UDH
 *   takes the rest).
 *
 * Pure and allocation-light: one pass over the string with a 64K lookup table.
 */

/** The basic table, in septet order (0x00..0x7F). 0x1B (ESC) is not a character. */
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Extension table: character -> septet value that follows ESC. */
const EXTENSION_TABLE: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
];

export const GSM_SINGLE_PART = 160;
export const GSM_MULTI_PART = 153;
export const UCS2_SINGLE_PART = 70;
export const UCS2_MULTI_PART = 67;

const NOT_GSM = 0;
const BASIC = 1;
const EXTENDED = 2;

/** class of each UTF-16 code unit: NOT_GSM, BASIC (1 septet) or EXTENDED (2 septets). */
const CHAR_CLASS = new Uint8Array(0x10000);
/** septet value of basic characters (for encoding); extension values are in EXT_SEPTET. */
const BASIC_SEPTET = new Int16Array(0x10000).fill(-1);
const EXT_SEPTET = new Int16Array(0x10000).fill(-1);

for (let i = 0; i < BASIC_TABLE.length; i++) {
  if (i === 0x1b) continue;
  const code = BASIC_TABLE.charCodeAt(i);
  CHAR_CLASS[code] = BASIC;
  BASIC_SEPTET[code] = i;
}
for (const [ch, septet] of EXTENSION_TABLE) {
  const code = ch.charCodeAt(0);
  CHAR_CLASS[code] = EXTENDED;
  EXT_SEPTET[code] = septet;
}

export type Encoding = 'GSM7' | 'UCS2';

export interface BodyAnalysis {
  /** Length in encoding units: septets for GSM 7-bit (extension characters count 2), UTF-16 units for UCS-2. */
  characters: number;
  parts: number;
  unicode: boolean;
  encoding: Encoding;
  /** Distinct characters (whole code points) that forced UCS-2, in order of first appearance. */
  unsupportedGSMCharacters: string[];
}

/** True when the code unit is in the GSM 03.38 basic or extension table. */
export function isGsmCodeUnit(code: number): boolean {
  return CHAR_CLASS[code] !== NOT_GSM;
}

export function isGsmText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (CHAR_CLASS[text.charCodeAt(i)] === NOT_GSM) return false;
  }
  return true;
}

export function analyseBody(text: string): BodyAnalysis {
  let septets = 0;
  let hasExtension = false;
  let hasSurrogate = false;
  let unsupported: string[] | null = null;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const cls = CHAR_CLASS[code]!;
    if (cls === BASIC) {
      septets += 1;
    } else if (cls === EXTENDED) {
      septets += 2;
      hasExtension = true;
    } else {
      if (unsupported === null) unsupported = [];
      let ch: string;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          hasSurrogate = true;
          ch = text.slice(i, i + 2);
          i++;
        } else {
          ch = text[i]!;
        }
      } else {
        ch = text[i]!;
      }
      if (!unsupported.includes(ch)) unsupported.push(ch);
    }
  }
  if (unsupported === null) {
    let parts: number;
    if (septets <= GSM_SINGLE_PART) parts = 1;
    else if (!hasExtension) parts = Math.ceil(septets / GSM_MULTI_PART);
    else parts = countGsmParts(text);
    return { characters: septets, parts, unicode: false, encoding: 'GSM7', unsupportedGSMCharacters: [] };
  }
  let parts: number;
  if (length <= UCS2_SINGLE_PART) parts = 1;
  else if (hasClusters(text)) parts = countPieces(graphemePieces(text));
  else if (!hasSurrogate) parts = Math.ceil(length / UCS2_MULTI_PART);
  else parts = countUcs2Parts(text);
  return {
    characters: length,
    parts,
    unicode: true,
    encoding: 'UCS2',
    unsupportedGSMCharacters: unsupported,
  };
}

function countGsmParts(text: string): number {
  let parts = 1;
  let fill = 0;
  for (let i = 0; i < text.length; i++) {
    const w = CHAR_CLASS[text.charCodeAt(i)]!;
    if (fill + w > GSM_MULTI_PART) {
      parts++;
      fill = 0;
    }
    fill += w;
  }
  return parts;
}

function countUcs2Parts(text: string): number {
  let parts = 1;
  let fill = 0;
  for (let i = 0; i < text.length; i++) {
    const w = isHighSurrogatePair(text, i) ? 2 : 1;
    if (fill + w > UCS2_MULTI_PART) {
      parts++;
      fill = 0;
    }
    fill += w;
    i += w - 1;
  }
  return parts;
}

/** Parts for a text's indivisible pieces (their lengths in UTF-16 units). */
function countPieces(pieces: number[]): number {
  let parts = 1;
  let fill = 0;
  for (const w of pieces) {
    if (fill + w > UCS2_MULTI_PART) {
      parts++;
      fill = 0;
    }
    fill += w;
  }
  return parts;
}

/**
 * How a code point joins the character (grapheme cluster, Unicode UAX #29) before it: not at all;
 * as an extension (combining and spacing marks, variation selectors, emoji skin tones, conjoining
 * Hangul vowels and finals); as a zero-width joiner, which also glues a following pictograph to the
 * pictograph before it (emoji ZWJ sequences); as an Indic virama, which glues a following letter
 * (conjuncts, Unicode 15.1); or as a regional indicator, two of which make a flag. Written out rather
 * than asked of Intl.Segmenter, which costs 30–100 µs a body on the analysis path.
 */
const NONE = 0;
const EXTEND = 1;
const ZWJ = 2;
const VIRAMA = 3;
const REGIONAL = 4;

const EXTENDS = /^[\p{Grapheme_Extend}\p{Mc}\p{Emoji_Modifier}\u1160-\u11FF\uD7B0-\uD7FF]$/u;
/** Viramas that link consonants into conjuncts (Unicode's InCB=Linker). */
const VIRAMAS = new Set([0x094d, 0x09cd, 0x0acd, 0x0b4d, 0x0c4d, 0x0d4d]);
/** Letters a virama glues (the Brahmic blocks, Devanagari to Malayalam). */
const isIndicLetter = (cp: number) =>
  cp >= 0x0915 && cp <= 0x0d7f && /^\p{L}$/u.test(String.fromCodePoint(cp));
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const isPictograph = (cp: number) => PICTOGRAPH.test(String.fromCodePoint(cp));

/** joinKind of every BMP code point, built once when the module loads (about 15 ms). */
const JOIN_BMP = new Uint8Array(0x10000);
for (let c = 0x300; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  if (c === 0x200d) JOIN_BMP[c] = ZWJ;
  else if (VIRAMAS.has(c)) JOIN_BMP[c] = VIRAMA;
  else if (EXTENDS.test(String.fromCharCode(c))) JOIN_BMP[c] = EXTEND;
}

function joinKind(cp: number): number {
  if (cp < 0x300) return NONE;
  if (cp < 0x10000) return JOIN_BMP[cp]!;
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return REGIONAL;
  return EXTENDS.test(String.fromCodePoint(cp)) ? EXTEND : NONE;
}

/** Whether some character of the text is made of several code points. */
function hasClusters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x300) continue;
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (joinKind(cp) !== NONE) return true;
  }
  return false;
}

/**
 * The lengths (UTF-16 units) of a text's characters as a reader sees them. A cluster too long for one
 * part (a letter under dozens of marks) is cut between its code points.
 */
function graphemePieces(text: string): number[] {
  const pieces: number[] = [];
  /** The first code point of the current character (a ZWJ extends a pictograph's only). */
  let startCp = 0;
  let glueNext = false;
  let afterVirama = false;
  let flagOpen = false;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const kind = joinKind(cp);
    const last = pieces.length - 1;
    const joins: boolean =
      last >= 0 &&
      pieces[last]! + len <= UCS2_MULTI_PART &&
      (kind === EXTEND ||
        kind === ZWJ ||
        kind === VIRAMA ||
        (glueNext && isPictograph(cp)) ||
        (afterVirama && isIndicLetter(cp)) ||
        (kind === REGIONAL && flagOpen));
    if (joins) pieces[last]! += len;
    else {
      pieces.push(len);
      startCp = cp;
    }
    flagOpen = kind === REGIONAL && !(joins && flagOpen);
    glueNext = kind === ZWJ && isPictograph(startCp);
    afterVirama = kind === VIRAMA || (afterVirama && kind === EXTEND);
    i += len;
  }
  return pieces;
}

function isHighSurrogatePair(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return false;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

/**
 * Splits a body into the texts of its parts, exactly as `analyseBody` counts them.
 * A body that fits one part comes back as a single segment.
 */
export function splitBody(text: string, encoding: Encoding = analyseBody(text).encoding): string[] {
  const single = encoding === 'GSM7' ? GSM_SINGLE_PART : UCS2_SINGLE_PART;
  const multi = encoding === 'GSM7' ? GSM_MULTI_PART : UCS2_MULTI_PART;
  const total = encoding === 'GSM7' ? gsmSeptetLength(text) : text.length;
  if (total <= single) return [text];
  if (encoding === 'UCS2' && hasClusters(text)) {
    const out: string[] = [];
    let start = 0;
    let at = 0;
    let fill = 0;
    for (const w of graphemePieces(text)) {
      if (fill + w > multi) {
        out.push(text.slice(start, at));
        start = at;
        fill = 0;
      }
      fill += w;
      at += w;
    }
    out.push(text.slice(start));
    return out;
  }
  const segments: string[] = [];
  let start = 0;
  let fill = 0;
  for (let i = 0; i < text.length;) {
    // GSM: weight in septets, one code unit at a time. UCS-2: a surrogate pair moves as one.
    const pair = encoding === 'UCS2' && isHighSurrogatePair(text, i);
    const w = encoding === 'GSM7' ? CHAR_CLASS[text.charCodeAt(i)]! || 1 : pair ? 2 : 1;
    const unitLength = pair ? 2 : 1;
    if (fill + w > multi) {
      segments.push(text.slice(start, i));
      start = i;
      fill = 0;
    }
    fill += w;
    i += unitLength;
  }
  segments.push(text.slice(start));
  return segments;
}

/** Number of septets of a GSM text (characters outside the tables count 1, as a replacement would). */
export function gsmSeptetLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n += CHAR_CLASS[text.charCodeAt(i)]! || 1;
  return n;
}

/**
 * Encodes a GSM text as unpacked septets, one per byte (SMPP data_coding 0 with the SMSC default
 * alphabet). Extension characters become ESC + value. Characters outside the tables become '?'.
 */
export function encodeGsm7(text: string): Buffer {
  const out = Buffer.allocUnsafe(gsmSeptetLength(text));
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const basic = BASIC_SEPTET[code]!;
    if (basic >= 0) {
      out[o++] = basic;
    } else {
      const ext = EXT_SEPTET[code]!;
      if (ext >= 0) {
        out[o++] = 0x1b;
        out[o++] = ext;
      } else {
        out[o++] = 0x3f; // '?'
      }
    }
  }
  return out.subarray(0, o);
}

/**
 * Decodes unpacked GSM septets (one per byte) back to text. TS 23.038: after ESC, a code the
 * extension table lacks is shown as that code's character of the main table; ESC ESC (reserved for
 * another extension table) and an ESC with nothing after it are shown as a space.
 */
export function decodeGsm7(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]! & 0x7f;
    if (b !== 0x1b) {
      s += BASIC_TABLE[b]!;
      continue;
    }
    const ext = i + 1 < bytes.length ? bytes[++i]! & 0x7f : 0x1b;
    const found = EXTENSION_TABLE.find(([, v]) => v === ext);
    s += found ? found[0] : ext === 0x1b ? ' ' : BASIC_TABLE[ext]!;
  }
  return s;
}

/** Encodes text as UCS-2 big endian (UTF-16BE), SMPP data_coding 8. */
export function encodeUcs2(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

export function decodeUcs2(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return s;
}
