// Account settings are stored as JSON: anything that is not an object reads as no settings at all;
// the callback strategies are Routee's two.
import { describe, expect, it } from 'vitest';
import { isCallbackStrategy, parseAccountSettings } from '../../src/domain/account-settings.js';

describe('account settings', () => {
  it('reads a stored object', () => {
    expect(parseAccountSettings('{"transcode":true,"maxParts":4}')).toEqual({ transcode: true, maxParts: 4 });
    expect(parseAccountSettings('{}')).toEqual({});
  });

  it('reads anything else as no settings', () => {
    for (const json of ['', 'null', '0', '1', 'true', 'false', '"text"', '{broken', 'undefined'])
      expect(parseAccountSettings(json), json).toEqual({});
  });

  it("knows Routee's two callback strategies, exactly spelled", () => {
    expect(isCallbackStrategy('OnChange')).toBe(true);
    expect(isCallbackStrategy('OnCompletion')).toBe(true);
    for (const s of ['onchange', 'OnChange ', 'OctopushDlr', '', null, undefined, 1])
      expect(isCallbackStrategy(s), String(s)).toBe(false);
  });
});
