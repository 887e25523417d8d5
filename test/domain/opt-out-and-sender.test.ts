// Opt-out words (STOP, or the account's own keywords, as whole words at the start of a reply) and
// sender ids (Routee `from`: digits, at most 16; or 1–11 letters, digits, space . - _ & with a letter).
import { describe, expect, it } from 'vitest';
import { DEFAULT_STOP_KEYWORDS, isOptOut } from '../../src/domain/opt-out.js';
import { isValidSender, senderKind } from '../../src/domain/sender.js';
import { base62 } from '../../src/domain/short-links.js';

describe('opt-out replies', () => {
  it('STOP by default, any of the account keywords otherwise, written in any case', () => {
    expect(DEFAULT_STOP_KEYWORDS).toEqual(['STOP']);
    expect(isOptOut('ARRET', ['STOP', 'ARRET'])).toBe(true);
    expect(isOptOut('stop', ['STOP', 'ARRET'])).toBe(true);
    expect(isOptOut('Unsubscribe me', ['  unsubscribe '])).toBe(true);
    expect(isOptOut('STOP', ['ARRET'])).toBe(false);
  });

  it('a keyword is a whole word: not followed by a letter or digit of any script', () => {
    expect(isOptOut('STOP!')).toBe(true);
    expect(isOptOut('  stop, please ')).toBe(true);
    expect(isOptOut('STOPÉ')).toBe(false);
    expect(isOptOut('STOPж')).toBe(false);
    expect(isOptOut('STOP٣')).toBe(false);
  });

  it('an empty keyword matches nothing', () => {
    expect(isOptOut('!hi', [''])).toBe(false);
    expect(isOptOut('', [''])).toBe(false);
    expect(isOptOut('', ['  '])).toBe(false);
  });
});

describe('sender ids', () => {
  it('alphanumeric: a letter anywhere among at most 11 characters', () => {
    for (const from of ['12A', '123456789A', 'A', 'Shop & Co.', 'my_shop-1']) {
      expect(senderKind(from), from).toBe('alphanumeric');
      expect(isValidSender(from), from).toBe(true);
    }
    for (const from of ['', '12345678901A', 'Shop!', 'Ελλάδα', '+3069', '...']) {
      expect(senderKind(from), from).toBeNull();
      expect(isValidSender(from), from).toBe(false);
    }
    expect(isValidSender('3069')).toBe(true);
  });
});

describe('base-62 codes', () => {
  it('exist only for non-negative safe integers', () => {
    expect(base62(0)).toBe('0');
    expect(base62(61)).toBe('Z');
    expect(base62(Number.MAX_SAFE_INTEGER)).toMatch(/^[0-9a-zA-Z]+$/);
    for (const n of [-1, 1.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY])
      expect(() => base62(n), String(n)).toThrow('base62 needs a non-negative integer');
  });
});
