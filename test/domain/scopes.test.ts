// Routee OAuth scopes (provider-apis.md: account, contact, report, sms, voice, 2step) and the
// permissions a token reports for them (MT_ROLE_…); requests may separate scopes with spaces, '+'
// or commas, and asking for none means all of the application's.
import { describe, expect, it } from 'vitest';
import {
  ALL_SCOPES,
  grantScopes,
  isScope,
  parseScopeRequest,
  permissionsOf,
} from '../../src/domain/scopes.js';

describe('scopes', () => {
  it('knows the six Routee scopes and their permissions', () => {
    expect(ALL_SCOPES).toEqual(['account', 'contact', 'report', 'sms', 'voice', '2step']);
    expect(permissionsOf([...ALL_SCOPES])).toEqual([
      'MT_ROLE_ACCOUNT_FINANCE',
      'MT_ROLE_CONTACT',
      'MT_ROLE_REPORT',
      'MT_ROLE_SMS',
      'MT_ROLE_VOICE',
      'MT_ROLE_2STEP',
    ]);
    expect(permissionsOf([])).toEqual([]);
    for (const s of ALL_SCOPES) expect(isScope(s)).toBe(true);
    for (const s of ['SMS', 'email', '', 'sms ']) expect(isScope(s), s).toBe(false);
  });

  it('splits a request on spaces, plus signs and commas, lower-cased', () => {
    expect(parseScopeRequest('sms voice')).toEqual(['sms', 'voice']);
    expect(parseScopeRequest('sms+voice,report')).toEqual(['sms', 'voice', 'report']);
    expect(parseScopeRequest('  SMS ,, \t Contact  ')).toEqual(['sms', 'contact']);
    expect(parseScopeRequest('')).toEqual([]);
    expect(parseScopeRequest('   ')).toEqual([]);
    expect(parseScopeRequest(undefined)).toEqual([]);
    expect(parseScopeRequest(null)).toEqual([]);
  });

  it("grants all of the application's scopes when none are asked for", () => {
    expect(grantScopes([], ['sms', 'report'])).toEqual({ ok: true, scopes: ['sms', 'report'] });
  });

  it('narrows to the requested scopes, in the application order', () => {
    expect(grantScopes(['voice', 'sms'], ['sms', 'report', 'voice'])).toEqual({
      ok: true,
      scopes: ['sms', 'voice'],
    });
  });

  it('refuses unknown scopes and scopes the application may not use, naming each', () => {
    expect(grantScopes(['sms', 'email'], ['sms'])).toEqual({ ok: false, unknown: ['email'] });
    expect(grantScopes(['sms', 'voice', 'report'], ['sms'])).toEqual({
      ok: false,
      unknown: ['voice', 'report'],
    });
  });
});
