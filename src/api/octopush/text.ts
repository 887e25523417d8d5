/**
 * Octopush's text optimiser ("auto_optimize_text"): characters outside GSM 03.38 that Octopush
 * replaces with look-alikes, as its special-characters page prints the pairs, and useless spaces
 * removed. Turned off by `auto_optimize_text: false`.
 */
// prettier-ignore
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['À', 'A'], ['Á', 'A'], ['Â', 'A'], ['Ã', 'A'], ['È', 'E'], ['Ê', 'E'], ['Ë', 'E'], ['Ì', 'I'], ['Í', 'I'],
  ['Î', 'I'], ['Ï', 'I'], ['Ð', 'D'], ['Ò', 'O'], ['Ó', 'O'], ['Ô', 'O'], ['Õ', 'O'], ['Ù', 'U'], ['Ú', 'U'],
  ['Û', 'U'], ['Ý', 'Y'], ['Ÿ', 'Y'], ['á', 'a'], ['â', 'a'], ['ã', 'a'], ['ê', 'e'], ['ë', 'e'], ['í', 'i'],
  ['î', 'i'], ['ï', 'i'], ['ð', 'o'], ['ó', 'o'], ['ô', 'o'], ['õ', 'o'], ['ú', 'u'], ['û', 'u'], ['µ', 'u'],
  ['ý', 'y'], ['ÿ', 'y'], ['ç', 'c'], ['Þ', 'y'], ['°', 'o'], ['¨', '-'], ['^', '-'], ['«', '"'], ['»', '"'], ['|', 'I'], ['\\', '/'],
  ['‚', ','], ['„', ','], ['…', '.'], ['\u2018', "'"], ['\u2019', "'"], ['\u201c', '"'], ['\u201d', '"'],
  ['•', '.'], ['–', '-'], ['—', '-'], ['´', "'"], ['`', "'"],
];

const MAP = new Map(PAIRS);

export function optimiseOctopushText(text: string): string {
  let out = '';
  for (const ch of text) out += MAP.get(ch) ?? ch;
  return out
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** The marketing mention required in French premium wholesale SMS (case sensitive). */
export const STOP_MENTION = 'STOP au XXXXX';

export function hasStopMention(text: string): boolean {
  return text.includes(STOP_MENTION);
}
