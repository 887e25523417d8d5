/**
 * Message bodies for property tests, sized for the domain: fast-check keeps generated strings and
 * arrays small by default whatever their maxLength (the median body was 6 characters), so bodies
 * are built to a chosen length instead — around every part boundary (GSM 160/153, UCS-2 70/67),
 * several parts long, with extension characters (two septets) and surrogate pairs (two units)
 * where they straddle a boundary.
 */
import fc from 'fast-check';

/** GSM 03.38 basic table (one septet each), a sample. */
export const GSM_BASIC = [...'abcxyzABCXYZ0189 .,!?@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r'];
/** GSM extension table (ESC + a septet: two each). */
export const GSM_EXTENSION = [...'^{}\\[~]|€'];
/** Not GSM, one UTF-16 unit each. */
export const UCS2_BMP = [...'αβγδεζжџçÓ“”–…', 'ж'];
/** Not GSM, two UTF-16 units each (surrogate pairs). */
export const ASTRAL = ['😀', '👍', '🎉', '𝒳'];
/**
 * Characters a reader sees as one but made of several code points: they must not straddle parts.
 * (Indic conjuncts — consonant, virama, consonant — are one cluster since Unicode 15.1 and two for
 * the oracle's older grapheme-splitter: test/domain/gsm.test.ts checks them on their own.)
 */
export const CLUSTERS = ['👍🏽', '🇬🇷', '👨‍👩‍👧', 'e\u0301', 'कि', '각'.normalize('NFD')];

/** Lengths around the part boundaries, and well past them. */
const lengths = fc.oneof(
  fc.integer({ min: 1, max: 10 }),
  fc.integer({ min: 60, max: 75 }),
  fc.integer({ min: 130, max: 140 }),
  fc.integer({ min: 150, max: 170 }),
  fc.integer({ min: 195, max: 205 }),
  fc.integer({ min: 300, max: 312 }),
  fc.integer({ min: 455, max: 465 }),
  fc.integer({ min: 600, max: 1_300 }),
);

export type BodyKind = 'gsm' | 'gsm-ext' | 'ucs2' | 'astral' | 'clusters';

const pools: Record<BodyKind, string[]> = {
  gsm: GSM_BASIC,
  'gsm-ext': [...GSM_BASIC, ...GSM_BASIC, ...GSM_EXTENSION],
  ucs2: [...GSM_BASIC, ...UCS2_BMP],
  astral: [...GSM_BASIC, ...UCS2_BMP, ...ASTRAL],
  clusters: [...GSM_BASIC, ...UCS2_BMP, ...ASTRAL, ...CLUSTERS],
};

/** A body of `kind`, its length chosen around the part boundaries. */
export function body(kind: BodyKind): fc.Arbitrary<string> {
  return lengths.chain((n) =>
    fc.array(fc.constantFrom(...pools[kind]), { minLength: n, maxLength: n }).map((cs) => cs.join('')),
  );
}

/** A body of any kind. */
export const anyBody: fc.Arbitrary<string> = fc
  .constantFrom<BodyKind>('gsm', 'gsm-ext', 'ucs2', 'astral', 'clusters')
  .chain((kind) => body(kind));
