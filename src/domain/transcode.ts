/**
 * Transcoding: replace characters outside GSM 03.38 with GSM look-alikes so that a body can travel
 * as 7-bit GSM instead of UCS-2 (Routee's `transcode`).
 *
 * Greek lower case becomes upper case, then a GSM Greek capital (Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ) or its Latin
 * look-alike; accents are stripped when the base letter is GSM; typographic punctuation becomes its
 * ASCII form, every space separator a space, every dash a hyphen; compatibility forms (ligatures,
 * full-width and mathematical letters, superscripts) become their plain letters. A body with any
 * character that has no look-alike (emoji, CJK, Cyrillic...) cannot be transcoded.
 */
import { analyseBody, type BodyAnalysis, isGsmCodeUnit, isGsmText } from './gsm.js';

// prettier-ignore
const GREEK_TO_GSM: Record<string, string> = {
  Α: 'A', Β: 'B', Γ: 'Γ', Δ: 'Δ', Ε: 'E', Ζ: 'Z', Η: 'H', Θ: 'Θ', Ι: 'I', Κ: 'K', Λ: 'Λ', Μ: 'M',
  Ν: 'N', Ξ: 'Ξ', Ο: 'O', Π: 'Π', Ρ: 'P', Σ: 'Σ', Τ: 'T', Υ: 'Y', Φ: 'Φ', Χ: 'X', Ψ: 'Ψ', Ω: 'Ω',
  Ά: 'A', Έ: 'E', Ή: 'H', Ί: 'I', Ό: 'O', Ύ: 'Y', Ώ: 'Ω', Ϊ: 'I', Ϋ: 'Y',
};

// prettier-ignore
const PUNCTUATION_TO_GSM: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '\u00b4': "'", '`': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"', '\u00ab': '"', '\u00bb': '"',
  '\u00b5': 'u', '\u2212': '-', '\u2026': '...', '\u2022': '*', '\u00b7': '.', '\u02c6': '^', '\u02dc': '~',
  '\t': ' ', '\u200b': '', '\u200c': '', '\u200d': '', '\u2060': '', '\ufeff': '',
  '\u2122': 'TM', '\u00a9': '(C)', '\u00ae': '(R)', '\u00b0': 'o', '\u00ba': 'o', '\u00aa': 'a',
  '\u00d7': 'x', '\u00f7': '/', '\u00a2': 'c', '\u2044': '/', '\u00bd': '1/2', '\u00bc': '1/4', '\u00be': '3/4',
  '\u00e7': 'Ç', '\u0153': 'oe', '\u0152': 'OE', '\u00f0': 'd', '\u00d0': 'D', '\u00fe': 'th', '\u00de': 'TH',
  '\u0142': 'l', '\u0141': 'L', '\u0111': 'd', '\u0110': 'D', '\u0131': 'i',
};

const lookAlikeCache = new Map<string, string | null>();

/** The GSM replacement of one non-GSM character (a whole code point), or null when there is none. */
export function gsmLookAlike(ch: string): string | null {
  const cached = lookAlikeCache.get(ch);
  if (cached !== undefined) return cached;
  const found = computeLookAlike(ch);
  if (lookAlikeCache.size < 10_000) lookAlikeCache.set(ch, found);
  return found;
}

function computeLookAlike(ch: string): string | null {
  const punct = PUNCTUATION_TO_GSM[ch];
  if (punct !== undefined) return punct;
  const upper = ch.toUpperCase();
  const greek = GREEK_TO_GSM[ch] ?? GREEK_TO_GSM[upper];
  if (greek !== undefined) return greek;
  if (SPACE.test(ch)) return ' ';
  if (DASH.test(ch)) return '-';
  // Letters with diacritics and compatibility forms: their plain letters, when those are GSM or
  // Greek with a GSM look-alike (final sigma, Greek letters with diaeresis and accent). A combining
  // mark left on its own (after a letter that has none in NFC) goes.
  const plain = ch.normalize('NFKD').replace(COMBINING_MARKS, '');
  if (plain === ch) return null;
  let out = '';
  for (const c of plain) {
    const g = isGsmText(c) ? c : (GREEK_TO_GSM[c.toUpperCase()] ?? null);
    if (g === null) return null;
    out += g;
  }
  return out;
}

const SPACE = /^\p{Zs}$/u;
const DASH = /^\p{Pd}$/u;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * The body with every non-GSM character replaced, or null when some character has no look-alike.
 * Composed first (NFC), so that a letter typed with a separate accent stays GSM when its composed
 * form is (e + U+0301 is é).
 */
export function transcodeToGsm(body: string): string | null {
  const text = body.normalize('NFC');
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isGsmCodeUnit(code)) continue;
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
    const replacement = gsmLookAlike(text.slice(i, i + width));
    if (replacement === null) return null;
    out += text.slice(last, i) + replacement;
    i += width - 1;
    last = i + 1;
  }
  return out + text.slice(last);
}

export interface TranscodeResult {
  message: string;
  parts: number;
}

/**
 * What transcoding would give, reported only when it helps: the body is UCS-2, every character has
 * a GSM look-alike, and the transcoded body needs fewer parts ("In case the message can be sent as
 * UTF in one part, it will not be transcoded").
 */
export function transcodeIfHelpful(
  text: string,
  analysis: BodyAnalysis = analyseBody(text),
): TranscodeResult | null {
  if (!analysis.unicode || analysis.parts <= 1) return null;
  const message = transcodeToGsm(text);
  if (message === null) return null;
  const parts = analyseBody(message).parts;
  return parts < analysis.parts ? { message, parts } : null;
}
