// Personalised bodies (docs/decisions.md): Routee's `[~label]` and Octopush's `{first_name}`,
// `{last_name}`, `{param1}`…`{param5}`; a value, else the fallback, else nothing; Routee's
// `fallbackValues` in its three documented shapes (object, array positional to the labels, string).
import { describe, expect, it } from 'vitest';
import {
  fallbacksByLabel,
  isPersonalised,
  labelsUsed,
  personaliseAs,
  usesPlaceholders,
} from '../../src/domain/personalize.js';

describe('Routee labels', () => {
  it('lists the labels a body uses once each, in order of first use', () => {
    expect(labelsUsed('[~b] [~a] [~b] [~c]')).toEqual(['b', 'a', 'c']);
    expect(labelsUsed('no labels')).toEqual([]);
  });

  it('is personalised only with a well-formed label', () => {
    expect(isPersonalised('Hi [~firstName]')).toBe(true);
    expect(isPersonalised('Hi [~ firstName]')).toBe(false);
    expect(isPersonalised('Hi [~]')).toBe(false);
    expect(isPersonalised('Hi [firstName]')).toBe(false);
    expect(isPersonalised('')).toBe(false);
  });

  it('reads fallbackValues as an object, a positional array or one string', () => {
    const body = 'Hi [~firstName] [~lastName], code [~code] [~firstName]';
    expect(fallbacksByLabel({ lastName: 'K' }, body)).toEqual({ lastName: 'K' });
    expect(fallbacksByLabel(['there', 'friend'], body)).toEqual({ firstName: 'there', lastName: 'friend' });
    expect(fallbacksByLabel(['a', 'b', 'c', 'd'], body)).toEqual({
      firstName: 'a',
      lastName: 'b',
      code: 'c',
    });
    expect(fallbacksByLabel([], body)).toEqual({});
    // Labels past the array's end get no fallback at all (not an undefined one).
    expect(Object.keys(fallbacksByLabel(['there'], body))).toEqual(['firstName']);
    expect(fallbacksByLabel('-', body)).toEqual({ firstName: '-', lastName: '-', code: '-' });
    expect(fallbacksByLabel('-', 'no labels')).toEqual({});
  });

  it('a fallback object is copied, not shared', () => {
    const given = { a: '1' };
    const out = fallbacksByLabel(given, '[~a]');
    out.a = '2';
    expect(given.a).toBe('1');
  });
});

describe('either style', () => {
  it('finds Octopush placeholders only among the documented ones', () => {
    expect(usesPlaceholders('fields', 'Hi {first_name}')).toBe(true);
    expect(usesPlaceholders('fields', 'Hi {param5}')).toBe(true);
    expect(usesPlaceholders('fields', 'Hi {param1}')).toBe(true);
    expect(usesPlaceholders('fields', 'Hi {param6}')).toBe(false);
    expect(usesPlaceholders('fields', 'Hi {param0}')).toBe(false);
    expect(usesPlaceholders('fields', 'Hi {paramx}')).toBe(false);
    expect(usesPlaceholders('fields', 'Hi [~firstName]')).toBe(false);
    // The same answer twice in a row (a global regex keeps its position between calls).
    expect(usesPlaceholders('fields', '{last_name}')).toBe(true);
    expect(usesPlaceholders('fields', '{last_name}')).toBe(true);
    expect(usesPlaceholders('labels', 'Hi [~firstName]')).toBe(true);
    expect(usesPlaceholders('labels', 'Hi {first_name}')).toBe(false);
  });

  it('renders Routee labels in the Routee style only', () => {
    expect(personaliseAs('labels', 'Hi [~firstName] {first_name}', { firstName: 'Ann' }, {})).toBe(
      'Hi Ann {first_name}',
    );
  });

  it("renders Octopush fields, from the contact's Routee labels for names", () => {
    const body = 'Hi {first_name} {last_name}: {param1}/{param2} [~firstName]';
    expect(personaliseAs('fields', body, { firstName: 'Ann', lastName: 'Lee', param1: 'X' }, {})).toBe(
      'Hi Ann Lee: X/ [~firstName]',
    );
    // A value under the Octopush name wins over the Routee label.
    expect(personaliseAs('fields', '{first_name}', { first_name: 'Direct', firstName: 'Alias' }, {})).toBe(
      'Direct',
    );
    // No value (or an empty one): the fallback, else nothing.
    expect(
      personaliseAs('fields', '{first_name}|{param3}', { firstName: '' }, { first_name: 'friend' }),
    ).toBe('friend|');
    expect(personaliseAs('fields', '{param3}', {}, { param3: 'P' })).toBe('P');
  });
});
