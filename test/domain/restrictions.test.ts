// Routee `restrictions`: TRAI/DLT ids (contentTemplateId, principalEntityId) must be numeric ids of at
// most 30 digits; other keys are passed on as strings (no objects or arrays); stored as JSON strings.
import { describe, expect, it } from 'vitest';
import {
  RESTRICTION_FIELDS,
  restrictionProblems,
  restrictionsColumn,
} from '../../src/domain/restrictions.js';

describe('restriction problems', () => {
  it('accepts numeric ids, as strings or numbers, up to 30 digits', () => {
    expect(RESTRICTION_FIELDS).toEqual(['contentTemplateId', 'principalEntityId']);
    expect(
      restrictionProblems({ contentTemplateId: '1107161234567890123', principalEntityId: 1201159 }),
    ).toEqual({});
    expect(restrictionProblems({ contentTemplateId: '1'.repeat(30) })).toEqual({});
    expect(restrictionProblems({ contentTemplateId: '0' })).toEqual({});
    expect(restrictionProblems(undefined)).toEqual({});
    expect(restrictionProblems({})).toEqual({});
  });

  it('refuses ids that are not numbers of at most 30 digits', () => {
    expect(restrictionProblems({ contentTemplateId: '1'.repeat(31) })).toEqual({
      'restrictions.contentTemplateId': 'must be a numeric id of at most 30 digits',
    });
    for (const bad of ['', 'abc', '12a', ' 12', '1.5', '-3']) {
      expect(restrictionProblems({ principalEntityId: bad }), bad).toEqual({
        'restrictions.principalEntityId': 'must be a numeric id of at most 30 digits',
      });
    }
    expect(restrictionProblems({ principalEntityId: -3 })).toEqual({
      'restrictions.principalEntityId': 'must be a numeric id of at most 30 digits',
    });
    for (const bad of [null, true, {}, [1], undefined]) {
      expect(restrictionProblems({ contentTemplateId: bad }), String(bad)).toEqual({
        'restrictions.contentTemplateId': 'must be a numeric id',
      });
    }
  });

  it('passes other keys on, unless they are objects or arrays', () => {
    expect(restrictionProblems({ entity: 'x', count: 3, flag: true, none: null })).toEqual({});
    expect(restrictionProblems({ nested: { a: 1 }, list: ['a'] })).toEqual({
      'restrictions.nested': 'must be a string',
      'restrictions.list': 'must be a string',
    });
  });
});

describe('restrictions as stored', () => {
  it('is JSON of name → string, without empty values; null when nothing is left', () => {
    expect(restrictionsColumn({ contentTemplateId: 1107, entity: 'x', flag: false })).toBe(
      '{"contentTemplateId":"1107","entity":"x","flag":"false"}',
    );
    expect(restrictionsColumn({ a: null, b: undefined, c: '' })).toBe('{"c":""}');
    expect(restrictionsColumn({ a: null, b: undefined })).toBeNull();
    expect(restrictionsColumn({})).toBeNull();
    expect(restrictionsColumn(undefined)).toBeNull();
  });
});
