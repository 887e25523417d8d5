/** Keyword rules of a number and the language of an answer (domain/keyword-rules.ts, country-language.ts). */
import { describe, expect, it } from 'vitest';
import { textForCountry, languageOfCountry } from '../../src/domain/country-language.js';
import { firstWord, matchKeywordRule, normaliseKeyword } from '../../src/domain/keyword-rules.js';

describe('keyword rules', () => {
  const rules = [
    { keyword: 'INFO', reply: 'Open 9–18' },
    { keyword: 'ΤΙΜΗ', reply: '10 €' },
  ];

  it('match the first word of a message in any case and without accents, Greek too', () => {
    expect(matchKeywordRule(rules, '  info please')?.reply).toBe('Open 9–18');
    expect(matchKeywordRule(rules, 'τιμή;')?.reply).toBe('10 €');
    expect(matchKeywordRule(rules, 'τιμη;')?.reply).toBe('10 €');
    expect(matchKeywordRule(rules, 'INFORMATION')).toBeUndefined();
    expect(matchKeywordRule(rules, '?info')).toBeUndefined();
    expect(matchKeywordRule(rules, '')).toBeUndefined();
  });

  it('are one word of letters or digits, kept upper case', () => {
    expect(normaliseKeyword(' join ')).toBe('JOIN');
    expect(normaliseKeyword('Café')).toBe('CAFE');
    expect(normaliseKeyword('two words')).toBeNull();
    expect(normaliseKeyword('')).toBeNull();
    expect(normaliseKeyword('x'.repeat(31))).toBeNull();
    expect(firstWord('Stop, now')).toBe('STOP');
    expect(firstWord('?!')).toBe('');
    expect(matchKeywordRule(rules, '?!')).toBeUndefined();
  });
});

describe('the language of an answer', () => {
  const texts = { en: 'You are unsubscribed', fr: 'Vous êtes désinscrit', default: 'Unsubscribed' };

  it('is the handset country’s language, else default, else English', () => {
    expect(languageOfCountry('fr')).toBe('fr');
    expect(languageOfCountry('GR')).toBe('el');
    expect(languageOfCountry('US')).toBe('en');
    expect(textForCountry(texts, 'BE')).toBe('Vous êtes désinscrit');
    expect(textForCountry(texts, 'GR')).toBe('Unsubscribed');
    expect(textForCountry({ en: 'Bye' }, 'GR')).toBe('Bye');
    expect(textForCountry({ fr: 'Au revoir' }, 'GR')).toBeUndefined();
  });
});
