/**
 * Keyword rules of a number: a handset's message whose first word is a rule's keyword (any case) is
 * answered with the rule's reply from that number. A rule's keyword is one word of letters or digits;
 * case and accents do not count (ΤΙΜΗ matches "τιμή", CAFE matches "café").
 */

/** Upper case without combining marks. */
function folded(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

export interface KeywordRule {
  keyword: string;
  reply: string;
}

const KEYWORD = /^[\p{L}\p{N}]{1,30}$/u;

/** The keyword as stored (upper case), or null when it is not one word of 1–30 letters or digits. */
export function normaliseKeyword(raw: string): string | null {
  const k = folded(raw.trim());
  return KEYWORD.test(k) ? k : null;
}

/** The message's first word, upper case ('' for a message without one). */
export function firstWord(text: string): string {
  const m = /^[\p{L}\p{N}\p{M}]+/u.exec(text.trim().normalize('NFD'));
  return m ? folded(m[0]) : '';
}

export function matchKeywordRule(rules: readonly KeywordRule[], text: string): KeywordRule | undefined {
  // A rule's keyword is never empty (normaliseKeyword), so a message without a word matches none.
  const word = firstWord(text);
  return rules.find((r) => r.keyword === word);
}
