/**
 * Links in a body, as Routee recognises them for shortening: from "http://" or "https://" up to the
 * next whitespace (whatever punctuation precedes the space is part of the link).
 */
const LINK = /https?:\/\/\S+/gi;

export function findLinks(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(LINK)) if (!out.includes(m[0])) out.push(m[0]);
  return out;
}

/** Replaces every link with what `shortFor` returns for it. */
export function replaceLinks(body: string, shortFor: (link: string) => string): string {
  return body.replace(LINK, (link) => shortFor(link));
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Base-62 digits of a non-negative integer. */
export function base62(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error('base62 needs a non-negative integer');
  let s = '';
  do {
    s = ALPHABET[n % 62]! + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s;
}

export function fromBase62(s: string): number | null {
  let n = 0;
  for (const ch of s) {
    const d = ALPHABET.indexOf(ch);
    if (d < 0) return null;
    n = n * 62 + d;
  }
  return Number.isSafeInteger(n) ? n : null;
}

/** Length of a link code; a recipient's link is the code followed by its position in base 62. */
export const LINK_CODE_LENGTH = 7;

export function splitRecipientCode(code: string): { linkCode: string; seq: number | null } | null {
  if (code.length < LINK_CODE_LENGTH) return null;
  const linkCode = code.slice(0, LINK_CODE_LENGTH);
  const rest = code.slice(LINK_CODE_LENGTH);
  if (rest === '') return { linkCode, seq: null };
  const seq = fromBase62(rest);
  return seq === null ? null : { linkCode, seq };
}
