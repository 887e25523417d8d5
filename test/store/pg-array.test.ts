import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { arrayLiteral, withArrayLiterals } from '../../src/store/pg-array.js';

// The pg package's own conversion of a parameter, which Herald's must match character for character.
const pgUtils = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(v: unknown): unknown };

const primitive = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '{a,b}', 'NULL', 'it\'s "quoted", {braced} and \\ back-slashed', ' x '),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

describe('array parameters written as PostgreSQL literals', () => {
  it('are what pg writes for arrays of strings, numbers, booleans and nulls', () => {
    fc.assert(
      fc.property(fc.array(primitive, { maxLength: 30 }), (values) => {
        expect(arrayLiteral(values)).toBe(pgUtils.prepareValue(values));
      }),
      { numRuns: 2000 },
    );
    expect(arrayLiteral(['a"b', 'c\\d', null, 5])).toBe('{"a\\"b","c\\\\d",NULL,"5"}');
  });

  it('leave other arrays and other parameters to pg', () => {
    const date = new Date(0);
    const buffer = Buffer.from('hi');
    expect(arrayLiteral([date])).toBeUndefined();
    expect(arrayLiteral([['nested']])).toBeUndefined();
    const params = withArrayLiterals(['x', 5, [buffer], ['a', 1], null]);
    expect(params).toEqual(['x', 5, [buffer], '{"a","1"}', null]);
  });
});
