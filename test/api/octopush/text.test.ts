// Octopush's text optimiser, checked against its special-characters page as
// ../shared/reference/provider-apis.md quotes it: the characters it replaces and their look-alikes,
// paired as printed (the page's en dash written as the GSM hyphen, since an en dash is not GSM),
// and useless spaces removed.
import { describe, expect, it } from 'vitest';
import { hasStopMention, optimiseOctopushText, STOP_MENTION } from '../../../src/api/octopush/text.js';

const REPLACED =
  'À Á Â Ã È Ê Ë Ì Í Î Ï Ð Ò Ó Ô Õ Ù Ú Û Ý Ÿ á â ã ê ë í î ï ð ó ô õ ú û µ ý ÿ ç Þ ° ¨ ^ « » | \\ ‚ „ … \u2018 \u2019 \u201c \u201d • – — ´ `';
const BY = `A A A A E E E I I I I D O O O O U U U Y Y a a a e e i i i o o o o u u u y y c y o – – " " I / , , . ' ' " " . – – ' '`;

describe('Octopush text optimiser', () => {
  const from = REPLACED.split(' ');
  const to = BY.split(' ').map((c) => (c === '–' ? '-' : c));

  it('replaces each character of the page by its look-alike', () => {
    expect(from).toHaveLength(59);
    expect(to).toHaveLength(from.length);
    for (let i = 0; i < from.length; i++)
      expect(optimiseOctopushText(`x${from[i]}y`), from[i]).toBe(`x${to[i]}y`);
    expect(optimiseOctopushText(from.join(''))).toBe(to.join(''));
  });

  it('leaves GSM characters, other text and characters it does not know as they are', () => {
    const kept = 'Bonjour é è ù ì ò Ç Ø å Ä Ö Ñ Ü ß à £ $ @ € { } [ ] ~ 123 ½ 漢 😀';
    expect(optimiseOctopushText(kept)).toBe(kept);
  });

  it('removes useless spaces: runs, tabs, around line breaks, at both ends', () => {
    expect(optimiseOctopushText('  Hello   world\t\t!  ')).toBe('Hello world !');
    expect(optimiseOctopushText('line one   \n   line two')).toBe('line one\nline two');
    expect(optimiseOctopushText('a \n\n b')).toBe('a\n\nb');
    expect(optimiseOctopushText('\n x \n')).toBe('x');
    expect(optimiseOctopushText('')).toBe('');
  });

  it('finds the STOP mention only as written', () => {
    expect(STOP_MENTION).toBe('STOP au XXXXX');
    expect(hasStopMention('Promo -20% STOP au XXXXX')).toBe(true);
    expect(hasStopMention('Promo -20% stop au XXXXX')).toBe(false);
    expect(hasStopMention('Promo -20% STOP au 36111')).toBe(false);
  });
});
