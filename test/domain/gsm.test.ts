import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
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

  it('agrees with sms-segments-calculator on random bodies (oracle)', () => {
    const alphabet = [
      ...'abcXYZ019 .,!?@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r',
      ...'^{}\\[~]|€',
      ...'αβγδεζ',
      'ж',
      'ç',
      '😀',
      '👍🏽',
      '“',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 400 }),
        fc.boolean(),
        (chars, gsmOnly) => {
          const body =
            (gsmOnly ? chars.filter((c) => analyseBody(c).unicode === false) : chars).join('') || 'a';
          const mine = analyseBody(body);
          const oracle = new SegmentedMessage(body);
          expect(mine.unicode ? 'UCS-2' : 'GSM-7').toBe(oracle.encodingName);
          expect(mine.parts).toBe(oracle.segmentsCount);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('splitBody returns exactly `parts` segments that rebuild the body', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '€', 'ж', '😀', ' ', '['), maxLength: 500 }),
        (raw) => {
          const body = raw || 'x';
          const segments = splitBody(body);
          expect(segments.join('')).toBe(body);
          expect(segments).toHaveLength(analyseBody(body).parts);
        },
      ),
      { numRuns: 500 },
    );
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
