import { describe, expect, it } from 'vitest';
import { analyseBody } from '../../src/domain/gsm.js';
import { transcodeIfHelpful, transcodeToGsm } from '../../src/domain/transcode.js';

describe('transcode', () => {
  it('maps Greek to GSM capitals and Latin look-alikes', () => {
    expect(transcodeToGsm('Γειά σου κόσμε')).toBe('ΓEIA ΣOY KOΣME');
    expect(transcodeToGsm('ψάρι ζωή θάλασσα')).toBe('ΨAPI ZΩH ΘAΛAΣΣA');
  });

  it('strips accents only where the base letter is GSM and keeps GSM accented letters', () => {
    expect(transcodeToGsm('Crème brûlée à São Paulo, é è')).toBe('Crème brulée à Sao Paulo, é è');
  });

  it('replaces typographic punctuation', () => {
    expect(transcodeToGsm('“Hi” – it’s… ok')).toBe('"Hi" - it\'s... ok');
  });

  it('refuses bodies with characters that have no look-alike', () => {
    expect(transcodeToGsm('Hi 😀')).toBeNull();
    expect(transcodeToGsm('Привет')).toBeNull();
  });

  it('reports a transcode only when it reduces the parts', () => {
    // One UCS-2 part: transcoding cannot help (seed 000: sent as UTF in one part, not transcoded).
    expect(transcodeIfHelpful('Γειά σου')).toBeNull();
    const long = 'Γειά σου κόσμε, '.repeat(6);
    const result = transcodeIfHelpful(long);
    expect(analyseBody(long).parts).toBe(2);
    expect(result).toEqual({ message: 'ΓEIA ΣOY KOΣME, '.repeat(6), parts: 1 });
    // Already GSM: nothing to report.
    expect(transcodeIfHelpful('a'.repeat(200))).toBeNull();
  });
});

describe('transcode, character by character', () => {
  // provider-apis.md (Routee transcode, inferred): Greek capitals that look Latin become Latin, the
  // rest are GSM's own Greek capitals; accents are stripped.
  const LATIN: Record<string, string> = {
    Α: 'A',
    Β: 'B',
    Ε: 'E',
    Ζ: 'Z',
    Η: 'H',
    Ι: 'I',
    Κ: 'K',
    Μ: 'M',
    Ν: 'N',
    Ο: 'O',
    Ρ: 'P',
    Τ: 'T',
    Υ: 'Y',
    Χ: 'X',
  };
  const GSM_GREEK = 'ΔΦΓΛΩΠΨΣΘΞ';

  it('maps every Greek letter, with or without tonos and dialytika, to its capital look-alike', () => {
    const greek = [...'αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰΆΈΉΊΌΎΏΪΫΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ'];
    for (const ch of greek) {
      // Without its accents, in capitals (final sigma's capital is Σ too).
      const capital = ch
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toUpperCase();
      const expected = LATIN[capital] ?? (GSM_GREEK.includes(capital) ? capital : undefined);
      expect(expected, ch).toBeDefined();
      expect(transcodeToGsm(ch), ch).toBe(expected);
    }
  });

  it('turns every space separator into a space and every dash into a hyphen (Unicode categories)', () => {
    for (let cp = 0xa0; cp <= 0x3000; cp++) {
      const ch = String.fromCodePoint(cp);
      if (/^\p{Zs}$/u.test(ch)) expect(transcodeToGsm(`a${ch}b`), cp.toString(16)).toBe('a b');
      if (/^\p{Pd}$/u.test(ch) && ch !== '-') expect(transcodeToGsm(`a${ch}b`), cp.toString(16)).toBe('a-b');
    }
    expect(transcodeToGsm('a\tb')).toBe('a b');
    expect(transcodeToGsm('5 − 3')).toBe('5 - 3');
  });

  it('removes zero-width characters', () => {
    for (const ch of ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'])
      expect(transcodeToGsm(`a${ch}b`), ch.charCodeAt(0).toString(16)).toBe('ab');
  });

  it('replaces quotes, symbols and letters outside GSM by their documented look-alikes', () => {
    const cases: Array<[string, string]> = [
      ['‘a’ ‚b‛ ′ ´ `', "'a' 'b' ' ' '"],
      ['“a” „b‟ ″ «c»', '"a" "b" " "c"'],
      ['… • · ˆ ˜', '... * . ^ ~'],
      ['™ © ® ° º ª', 'TM (C) (R) o o a'],
      ['× ÷ ¢ ⁄ ½ ¼ ¾', 'x / c / 1/2 1/4 3/4'],
      ['ç œ Œ ð Ð þ Þ', 'Ç oe OE d D th TH'],
      ['ł Ł đ Đ ı µ', 'l L d D i u'],
    ];
    for (const [from, to] of cases) expect(transcodeToGsm(from), from).toBe(to);
  });

  it('uses the plain letters of compatibility forms, including ones outside the BMP', () => {
    expect(transcodeToGsm('ﬁne ﬂow')).toBe('fine flow');
    expect(transcodeToGsm('Ｈｅｌｌｏ')).toBe('Hello');
    expect(transcodeToGsm('m² x³')).toBe('m2 x3');
    expect(transcodeToGsm('𝐇𝐞𝐥𝐥𝐨 𝟏')).toBe('Hello 1');
    expect(transcodeToGsm('x𝐀')).toBe('xA');
  });

  it('composes first, so a separately typed accent stays when the letter is GSM, and goes when not', () => {
    expect(transcodeToGsm('e\u0301t\u0065\u0300')).toBe('étè');
    expect(transcodeToGsm('o\u0301')).toBe('o');
    expect(transcodeToGsm('a\u0301\u0301')).toBe('a');
    expect(transcodeToGsm('\u0301')).toBe('');
  });

  it('replaces neighbouring characters one at a time', () => {
    expect(transcodeToGsm('ś’')).toBe("s'");
    expect(transcodeToGsm('ś’ź')).toBe("s'z");
  });

  it('leaves GSM text alone and refuses any character without a look-alike, wherever it is', () => {
    expect(transcodeToGsm('plain GSM text €[]')).toBe('plain GSM text €[]');
    for (const body of ['😀', 'a😀', '😀a', 'ж', 'aж', '漢字', '\ud83d', 'a\ude00b', '℃'])
      expect(transcodeToGsm(body), JSON.stringify(body)).toBeNull();
  });

  it('reports nothing when transcoding keeps the same number of parts', () => {
    // 82 UCS-2 units (2 parts) against 163 septets (2 GSM parts).
    const body = `α${'€'.repeat(81)}`;
    expect(analyseBody(body).parts).toBe(2);
    expect(analyseBody(transcodeToGsm(body)!).parts).toBe(2);
    expect(transcodeIfHelpful(body)).toBeNull();
  });
});
