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
  splitBody,
} from '../../src/domain/gsm.js';

describe('analyseBody', () => {
  it('counts plain GSM text in septets with 160/153 parts', () => {
    expect(analyseBody('a'.repeat(160))).toMatchObject({ characters: 160, parts: 1, unicode: false });
    expect(analyseBody('a'.repeat(161))).toMatchObject({ characters: 161, parts: 2 });
    expect(analyseBody('a'.repeat(306))).toMatchObject({ parts: 2 });
    expect(analyseBody('a'.repeat(307))).toMatchObject({ parts: 3 });
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

describe('GSM and UCS-2 encoding', () => {
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
