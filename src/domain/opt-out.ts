/**
 * Opt-out replies: a handset that answers STOP (any case, alone or followed by more words such as
 * "STOP au 36200") — or one of the account's own keywords — leaves the sender's SMS audience.
 */
export const DEFAULT_STOP_KEYWORDS: readonly string[] = ['STOP'];

export function isOptOut(text: string, keywords: readonly string[] = DEFAULT_STOP_KEYWORDS): boolean {
  const t = text.trim().toUpperCase();
  return keywords.some((k) => {
    const word = k.trim().toUpperCase();
    if (word === '' || !t.startsWith(word)) return false;
    // A whole word: what follows is not a letter or digit of any script (STOPPED, STOPÉ are not STOP).
    return !/^[\p{L}\p{N}]/u.test(t.slice(word.length));
  });
}
