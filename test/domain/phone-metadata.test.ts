import fc from 'fast-check';
import {
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { numberTypeOf, parseInternational } from '../../src/domain/phone-metadata.js';

/**
 * The library's type and ours for one number (as the API gets it: '+' and digits); where our parse
 * answers, it must give the library's country, calling code and national number.
 */
function both(e164: string): { library: string | undefined; ours: string | undefined } | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  const fast = parseInternational(e164);
  if (fast) {
    expect(parsed, e164).toBeDefined();
    expect(fast, e164).toEqual({
      country: parsed!.country,
      countryCallingCode: parsed!.countryCallingCode,
      nationalNumber: parsed!.nationalNumber,
    });
    fastParses++;
  }
  if (!parsed) return undefined;
  return {
    library: parsed.getType(),
    ours: numberTypeOf(parsed.country ?? parsed.countryCallingCode, parsed.nationalNumber),
  };
}

let fastParses = 0;

describe('numbers read from the metadata (parse and type)', () => {
  it("match libphonenumber's for every country's example mobile number and its neighbours", () => {
    let compared = 0;
    const types = new Set<string | undefined>();
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      const digits = example.number.slice(1);
      // The example, one digit more or less, and each digit changed in turn.
      const variants = [digits, `${digits}5`, digits.slice(0, -1)];
      for (let i = 1; i < digits.length; i++)
        for (const d of '0379') variants.push(`${digits.slice(0, i)}${d}${digits.slice(i + 1)}`);
      for (const v of variants) {
        const r = both(`+${v}`);
        if (!r) continue;
        expect(r.ours, `+${v}`).toBe(r.library);
        types.add(r.ours);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5_000);
    // Most numbers take the fast parse (one-country calling codes, no national prefix written).
    expect(fastParses).toBeGreaterThan(compared / 2);
    expect(parseInternational('+306948530920')).toEqual({
      country: 'GR',
      countryCallingCode: '30',
      nationalNumber: '6948530920',
    });
    // The library's judgement: shared calling codes, national prefixes written after the code.
    expect(parseInternational('+12125551234')).toBeUndefined();
    expect(parseInternational('+4402079460000')).toBeUndefined();
    // Valid and invalid numbers, and more than one type, were among them.
    expect(types).toContain(undefined);
    expect(types).toContain('MOBILE');
    expect(types).toContain('FIXED_LINE');
  });

  it("match libphonenumber's for random numbers of every calling code", () => {
    const codes = [...new Set(getCountries().map((c) => getCountryCallingCode(c)))];
    fc.assert(
      fc.property(
        fc.constantFrom(...codes, '800', '808', '870', '881', '882', '883', '888', '979'),
        fc.stringMatching(/^[0-9]{4,13}$/),
        (code, national) => {
          const r = both(`+${code}${national}`);
          if (r) expect(r.ours, `+${code}${national}`).toBe(r.library);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
