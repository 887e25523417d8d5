import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { anyBody } from '../helpers/bodies.js';
import { describe, expect, it } from 'vitest';
import {
  analyseBody,
  decodeGsm7,
  decodeUcs2,
  encodeGsm7,
  encodeUcs2,
  isGsmText,
  splitBody,
} from '../../src/domain/gsm.js';

/**
 * The split a reader would accept, built from Intl.Segmenter (an independent oracle): UCS-2 parts of
 * 67 units filled greedily with whole characters, one part when the body fits 70.
 */
function segmenterSplit(text: string): string[] {
  if (text.length <= 70) return [text];
  const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const out: string[] = [];
  let current = '';
  for (const { segment } of graphemes.segment(text)) {
    if (current.length + segment.length > 67) {
      out.push(current);
      current = '';
    }
    current += segment;
  }
  out.push(current);
  return out;
}

describe('analyseBody', () => {
  it('counts plain GSM text in septets with 160/153 parts', () => {
    expect(analyseBody('a'.repeat(160))).toMatchObject({ characters: 160, parts: 1, unicode: false });
    expect(analyseBody('a'.repeat(161))).toMatchObject({ characters: 161, parts: 2 });
    expect(analyseBody('a'.repeat(306))).toMatchObject({ parts: 2 });
    expect(analyseBody('a'.repeat(307))).toMatchObject({ parts: 3 });
  });

  it('glues Indic letters only after a virama (docs/decisions.md, grapheme clusters)', () => {
    // 65 units then a 3-unit conjunct: it does not fit part 1 (67 units) and moves whole.
    const at = (cluster: string, rest = 'ж'.repeat(5)) => splitBody(`${'ж'.repeat(65)}${cluster}${rest}`);
    expect(at('क्ष')[1]!.startsWith('क्ष')).toBe(true);
    // Virama, then a nukta (an extending mark), then the letter: still one conjunct.
    expect(splitBody(`${'ж'.repeat(64)}क्\u093cष${'ж'.repeat(5)}`)[1]!.startsWith('क्\u093cष')).toBe(true);
    // Malayalam's block ends at U+0D7F (ൿ, a letter): Herald glues every letter of the blocks.
    expect(at('ക്ൿ')[1]!.startsWith('ക്ൿ')).toBe(true);
    // Letters without a virama between them are characters of their own.
    expect(splitBody(`${'ж'.repeat(66)}कख${'ж'.repeat(5)}`)[0]).toBe(`${'ж'.repeat(66)}क`);
    // An accent before a letter does not make it a conjunct.
    expect(at('e\u0301क')[0]).toBe(`${'ж'.repeat(65)}e\u0301`);
    // After a virama, a letter outside the Indic blocks is not glued.
    expect(at('क्a')[0]).toBe(`${'ж'.repeat(65)}क्`);
    expect(at('क्ж')[0]).toBe(`${'ж'.repeat(65)}क्`);
    expect(at('क्ก')[0]).toBe(`${'ж'.repeat(65)}क्`);
    // A conjunct ends with its letter: the next letter is a character of its own.
    expect(splitBody(`${'ж'.repeat(64)}क्षक${'ж'.repeat(5)}`)[0]).toBe(`${'ж'.repeat(64)}क्ष`);
  });

  it('never cuts a letter from its accent when every non-Latin character is a mark', () => {
    const body = 'e\u0301'.repeat(40);
    expect(analyseBody(body)).toMatchObject({ unicode: true, parts: 2 });
    expect(splitBody(body).map((s) => s.length)).toEqual([66, 14]);
  });

  it('keeps a body of exactly one full part in one segment', () => {
    expect(splitBody('a'.repeat(160))).toEqual(['a'.repeat(160)]);
    expect(splitBody('€'.repeat(80))).toEqual(['€'.repeat(80)]);
    expect(splitBody('ж'.repeat(70))).toEqual(['ж'.repeat(70)]);
    // UCS-2 counts code units: characters that would be two GSM septets are one unit here.
    const ucs2 = `ж${'{'.repeat(69)}`;
    expect(analyseBody(ucs2)).toMatchObject({ unicode: true, parts: 1 });
    expect(splitBody(ucs2)).toEqual([ucs2]);
  });

  it('counts extension characters as two septets and never splits an escape pair', () => {
    expect(analyseBody('€'.repeat(80))).toMatchObject({ characters: 160, parts: 1, unicode: false });
    expect(analyseBody('€'.repeat(81))).toMatchObject({ characters: 162, parts: 2 });
    // 152 'a' then '€': the escape pair would straddle 153, so '€' opens part 2.
    const body = `${'a'.repeat(152)}€${'b'.repeat(10)}`;
    expect(analyseBody(body).parts).toBe(2);
    expect(splitBody(body)).toEqual(['a'.repeat(152), `€${'b'.repeat(10)}`]);
    // 305 septets of 'a' + '€' (2 septets) = 307 > 306 with the pair pushed to part 3.
    expect(analyseBody(`${'a'.repeat(152)}€${'a'.repeat(152)}`).parts).toBe(3);
  });

  it('treats GSM Greek capitals as GSM and other Greek as UCS-2, listing the offending characters once', () => {
    expect(analyseBody('ΔΦΓΛΩΠΨΣΘΞ OK')).toMatchObject({ unicode: false, parts: 1 });
    const a = analyseBody('Γειά σου! Γειά');
    expect(a.unicode).toBe(true);
    expect(a.unsupportedGSMCharacters).toEqual(['ε', 'ι', 'ά', 'σ', 'ο', 'υ']);
  });

  it('uses 70/67 UTF-16 units for UCS-2 and never splits a surrogate pair', () => {
    expect(analyseBody('ж'.repeat(70))).toMatchObject({ characters: 70, parts: 1, unicode: true });
    expect(analyseBody('ж'.repeat(71))).toMatchObject({ parts: 2 });
    const body = `${'ж'.repeat(66)}😀${'ж'.repeat(67)}`;
    // 66 + pair would be 68 > 67, so the emoji starts part 2: 66 | 2+65 | 2.
    expect(analyseBody(body).parts).toBe(3);
    expect(splitBody(body).map((s) => s.length)).toEqual([66, 67, 2]);
    expect(analyseBody('Hi 😀').unsupportedGSMCharacters).toEqual(['😀']);
  });

  it('keeps a character of several code points in one part: emoji with skin tone, flags, marks, conjuncts', () => {
    // 66 units, then a 4-unit emoji with its skin tone: it cannot start in part 1 (67 units).
    const toned = `${'ж'.repeat(66)}👍🏽${'ж'.repeat(10)}`;
    expect(splitBody(toned)).toEqual(['ж'.repeat(66), `👍🏽${'ж'.repeat(10)}`]);
    expect(analyseBody(toned).parts).toBe(2);
    // A flag (two regional indicators) and a decomposed é likewise.
    for (const cluster of ['🇬🇷', 'e\u0301', '👨‍👩‍👧']) {
      const text = `${'ж'.repeat(66)}${cluster}ж${'ж'.repeat(70)}`;
      const segments = splitBody(text);
      expect(segments.join('')).toBe(text);
      expect(segments[1]!.startsWith(cluster)).toBe(true);
    }
    // An Indic conjunct (क्ष: consonant, virama, consonant) is one character since Unicode 15.1.
    const conjunct = `${'क'.repeat(65)}क्ष${'क'.repeat(10)}`;
    expect(splitBody(conjunct)[1]!.startsWith('क्ष')).toBe(true);
    // Plain surrogate pairs keep the fast path and the same rule.
    expect(splitBody(`${'ж'.repeat(66)}😀ж`.repeat(2)).every((s) => !/^[\uDC00-\uDFFF]/.test(s))).toBe(true);
  });

  it('splits exactly as Intl.Segmenter characters packed greedily, at every edge of the joining rules (oracle)', () => {
    // Each cluster is at an edge of a rule: the first and last combining diacritical marks, a base at
    // U+FFFF, the first and last regional indicators and a third one left alone, two emoji that do
    // not join, a virama before the first Devanagari consonant and before a digit or a Latin letter
    // (which it does not glue), Hangul conjoining vowels and finals, ZWJ and skin-tone sequences.
    const edges = [
      'e\u0300',
      'a\u036f',
      '\uffff\u0301',
      '🇦🇿',
      '🇦🇿🇦',
      '😀😀',
      'क्क',
      'क्०',
      'क्a',
      'ᄀ\u1160\u11ff',
      '👨‍👩‍👧',
      '👍🏽',
      'ж\u200d',
    ];
    for (const cluster of edges) {
      for (let k = 60; k <= 68; k++) {
        for (const [filler, tail] of [
          ['ж', ''],
          // 'a' keeps the body free of other characters at or above U+0300: only the cluster makes it
          // one with characters of several code points.
          ['a', 'ж'],
          // A cluster elsewhere in the body: the edge is read by the character rules, not the fast path.
          ['ж', 'e\u0301'],
        ]) {
          const text = `${filler!.repeat(k)}${cluster}${filler!.repeat(75)}${tail}`;
          const expected = segmenterSplit(text);
          expect(splitBody(text), `${JSON.stringify(cluster)} after ${k} ${filler}`).toEqual(expected);
          expect(analyseBody(text).parts).toBe(expected.length);
        }
      }
    }
  });

  it('cuts a character too long for one part between its code points, filling each part', () => {
    // A letter under 80 combining marks: 81 units, more than a part holds.
    const zalgo = `a${'\u0301'.repeat(80)}`;
    expect(splitBody(zalgo).map((s) => s.length)).toEqual([67, 14]);
    expect(analyseBody(zalgo).parts).toBe(2);
    const after = `${'ж'.repeat(10)}${zalgo}`;
    expect(splitBody(after).map((s) => s.length)).toEqual([10, 67, 14]);
    // Astral marks (2 units each) never split: 1 + 33 × 2 = 67, then the rest.
    const astral = `a${'\u{1D167}'.repeat(40)}`;
    expect(splitBody(astral).map((s) => s.length)).toEqual([67, 14]);
  });

  it('cuts parts only where Intl.Segmenter sees a character boundary (oracle)', () => {
    const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const clusters = fc
      .array(
        fc.constantFrom(
          'ж',
          'a',
          'α',
          '😀',
          '👍🏽',
          '🇬🇷',
          '🇫🇷',
          '👨‍👩‍👧',
          'e\u0301',
          'कि',
          'क्ष',
          'नमस्ते',
          '❤️',
          '각'.normalize('NFD'),
        ),
        {
          minLength: 40,
          maxLength: 400,
        },
      )
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(clusters, (text) => {
        const boundaries = new Set([...graphemes.segment(text)].map((g) => g.index));
        let at = 0;
        for (const seg of splitBody(text).slice(0, -1)) {
          at += seg.length;
          expect(boundaries.has(at)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with sms-segments-calculator on bodies of up to several parts (oracle)', () => {
    const parts: number[] = [];
    fc.assert(
      fc.property(anyBody, (text) => {
        const mine = analyseBody(text);
        const oracle = new SegmentedMessage(text);
        expect(mine.unicode ? 'UCS-2' : 'GSM-7').toBe(oracle.encodingName);
        expect(mine.parts).toBe(oracle.segmentsCount);
        parts.push(mine.parts);
      }),
      { numRuns: 1500 },
    );
    // The bodies reached the cases that matter: a good share of multipart ones, some very long.
    expect(parts.filter((p) => p > 1).length).toBeGreaterThan(parts.length / 3);
    expect(Math.max(...parts)).toBeGreaterThanOrEqual(8);
  });

  it('splitBody returns exactly `parts` segments that rebuild the body, each within its part size', () => {
    const multipart: number[] = [];
    fc.assert(
      fc.property(anyBody, (text) => {
        const a = analyseBody(text);
        const segments = splitBody(text);
        expect(segments.join('')).toBe(text);
        expect(segments).toHaveLength(a.parts);
        // Each segment fits its part: septets for GSM (extension characters count 2), UTF-16 units
        // for UCS-2; a single part may hold 160/70, concatenated ones 153/67; no pair is split.
        const limit = a.parts === 1 ? (a.unicode ? 70 : 160) : a.unicode ? 67 : 153;
        for (const seg of segments) {
          const size = a.unicode ? seg.length : analyseBody(seg).characters;
          expect(size).toBeLessThanOrEqual(limit);
          expect(/^[\uDC00-\uDFFF]/.test(seg)).toBe(false);
        }
        if (a.parts > 1) multipart.push(a.parts);
      }),
      { numRuns: 800 },
    );
    expect(multipart.length).toBeGreaterThan(100);
  });
});

describe('GSM text and odd UTF-16', () => {
  it('lists a lone surrogate as its own unsupported character, never glued to its neighbour', () => {
    expect(analyseBody('ж\ude00').unsupportedGSMCharacters).toEqual(['ж', '\ude00']);
    expect(analyseBody('\ud83da').unsupportedGSMCharacters).toEqual(['\ud83d']);
    expect(analyseBody('\ud83d\uff21').unsupportedGSMCharacters).toEqual(['\ud83d', '\uff21']);
    expect(analyseBody('a\ud83d\ude00').unsupportedGSMCharacters).toEqual(['\ud83d\ude00']);
  });

  it('splits lone surrogates one code unit at a time, as it counts them', () => {
    const filler = 'ж'.repeat(66);
    for (const odd of ['ж\udc00', '\ude00\ude00', '\ud83da', '\ue000\udc00', '\ud83d\uff21']) {
      const body = `${filler}${odd}${'ж'.repeat(10)}`;
      expect(analyseBody(body).parts, JSON.stringify(odd)).toBe(2);
      expect(splitBody(body), JSON.stringify(odd)).toEqual([body.slice(0, 67), body.slice(67)]);
    }
  });

  it('drops an odd trailing byte of UCS-2', () => {
    expect(decodeUcs2(Uint8Array.from([0x00, 0x41, 0x04]))).toBe('A');
  });

  it('knows GSM text: every character in the basic or extension table', () => {
    expect(isGsmText('')).toBe(true);
    expect(isGsmText('Hello @£$¥ ΔΩ {}[]~^|\\€\f\n\r')).toBe(true);
    expect(isGsmText('Hello ж')).toBe(false);
    expect(isGsmText('жHello')).toBe(false);
    expect(isGsmText('Hello\u001b')).toBe(false);
    expect(isGsmText('`')).toBe(false);
  });

  it('counts form feed as an extension character, and ESC (0x1B) is not a character', () => {
    expect(analyseBody('a\f')).toEqual({
      characters: 3,
      parts: 1,
      unicode: false,
      encoding: 'GSM7',
      unsupportedGSMCharacters: [],
    });
    expect([...encodeGsm7('\f')]).toEqual([0x1b, 0x0a]);
    expect(analyseBody('a\u001b')).toMatchObject({ unicode: true, unsupportedGSMCharacters: ['\u001b'] });
  });

  it('lists lone surrogates as they are, and a pair only when it is one', () => {
    expect(analyseBody('a\ud83d').unsupportedGSMCharacters).toEqual(['\ud83d']);
    expect(analyseBody('\ud83da\ud83d').unsupportedGSMCharacters).toEqual(['\ud83d']);
    expect(analyseBody('\ude00a').unsupportedGSMCharacters).toEqual(['\ude00']);
    expect(analyseBody('ж\ude00').unsupportedGSMCharacters).toEqual(['ж', '\ude00']);
    expect(analyseBody('\ud83d\ud83d\ude00').unsupportedGSMCharacters).toEqual(['\ud83d', '😀']);
    expect(analyseBody('\udbff\udfff\ud800\udc00').unsupportedGSMCharacters).toEqual([
      '\udbff\udfff',
      '\ud800\udc00',
    ]);
    expect(analyseBody('\ud7ff\udc00').unsupportedGSMCharacters).toEqual(['\ud7ff', '\udc00']);
    expect(analyseBody('\udc00\udc00').unsupportedGSMCharacters).toEqual(['\udc00']);
  });

  it('moves a surrogate pair whole and lone surrogates one unit at a time', () => {
    // 66 units, a pair, 66 units: 134 units, but the pair cannot start at 67.
    const pair = `${'ж'.repeat(66)}😀${'ж'.repeat(66)}`;
    expect(analyseBody(pair).parts).toBe(3);
    expect(splitBody(pair).map((s) => s.length)).toEqual([66, 67, 1]);
    // Pairs at the very edges of the surrogate ranges.
    for (const p of ['\ud800\udc00', '\udbff\udfff']) {
      const text = `${'ж'.repeat(66)}${p}${'ж'.repeat(66)}`;
      expect(
        splitBody(text).map((s) => s.length),
        JSON.stringify(p),
      ).toEqual([66, 67, 1]);
      expect(analyseBody(text).parts).toBe(3);
    }
    // A lone high surrogate before a letter, or a lone low one: single units, cut anywhere.
    for (const lone of ['\ud83dж', '\ude00ж', 'ж\ude00']) {
      const text = `${'ж'.repeat(66)}${lone}${'ж'.repeat(66)}`;
      expect(
        splitBody(text).map((s) => s.length),
        JSON.stringify(lone),
      ).toEqual([67, 67]);
      expect(analyseBody(text).parts).toBe(2);
    }
    // A high surrogate as the very last unit.
    expect(splitBody(`${'ж'.repeat(133)}\ud83d`).map((s) => s.length)).toEqual([67, 67]);
  });
});

describe('GSM and UCS-2 encoding', () => {
  it('writes a character outside the tables as "?"', () => {
    expect([...encodeGsm7('aжb')]).toEqual([0x61, 0x3f, 0x62]);
  });

  it('decodes ESC followed by a code the extension table lacks as that code of the main table (TS 23.038)', () => {
    expect(decodeGsm7(Uint8Array.from([0x1b, 0x41, 0x1b, 0x00]))).toBe('A@');
    // ESC ESC (reserved for another extension table) and an ESC at the very end: a space.
    expect(decodeGsm7(Uint8Array.from([0x61, 0x1b, 0x1b, 0x62]))).toBe('a b');
    expect(decodeGsm7(Uint8Array.from([0x61, 0x1b]))).toBe('a ');
    // The top bit of an unpacked septet is ignored.
    expect(decodeGsm7(Uint8Array.from([0xc1, 0x9b, 0xe5]))).toBe('A€');
  });

  it('encodes GSM as unpacked septets with ESC for extension characters', () => {
    expect([...encodeGsm7('@£$')]).toEqual([0x00, 0x01, 0x02]);
    expect([...encodeGsm7('a€[')]).toEqual([0x61, 0x1b, 0x65, 0x1b, 0x3c]);
    const text = 'mail@x.gr 5€ [ok] {x} ~^|\\ ΔΩ';
    expect(decodeGsm7(encodeGsm7(text))).toBe(text);
  });

  it('encodes UCS-2 big endian, surrogates as two units', () => {
    expect(encodeUcs2('Γ😀').toString('hex')).toBe('0393d83dde00');
    expect(decodeUcs2(encodeUcs2('Γειά 😀'))).toBe('Γειά 😀');
  });
});
