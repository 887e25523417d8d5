/**
 * OAuth scopes of a Routee application and the permissions they grant (names as Routee returns them).
 */
export const ALL_SCOPES = ['account', 'contact', 'report', 'sms', 'voice', '2step'] as const;
export type Scope = (typeof ALL_SCOPES)[number];

const PERMISSION_OF: Record<Scope, string> = {
  account: 'MT_ROLE_ACCOUNT_FINANCE',
  contact: 'MT_ROLE_CONTACT',
  report: 'MT_ROLE_REPORT',
  sms: 'MT_ROLE_SMS',
  voice: 'MT_ROLE_VOICE',
  '2step': 'MT_ROLE_2STEP',
};

export function isScope(s: string): s is Scope {
  return (ALL_SCOPES as readonly string[]).includes(s);
}

/** Splits a requested scope string: space, '+' or comma separated; empty means "everything allowed". */
export function parseScopeRequest(raw: string | undefined | null): string[] {
  if (raw === undefined || raw === null) return [];
  return raw
    .split(/[\s,+]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

export type ScopeGrant = { ok: true; scopes: Scope[] } | { ok: false; unknown: string[] };

/**
 * The scopes a token receives: the requested ones narrowed to what the application may use, or all
 * of the application's scopes when none are requested. Unknown or not-allowed scopes are refused.
 */
export function grantScopes(requested: string[], allowed: readonly Scope[]): ScopeGrant {
  if (requested.length === 0) return { ok: true, scopes: [...allowed] };
  const refused = requested.filter((s) => !isScope(s) || !allowed.includes(s));
  if (refused.length > 0) return { ok: false, unknown: refused };
  return { ok: true, scopes: allowed.filter((s) => requested.includes(s)) };
}

export function permissionsOf(scopes: readonly Scope[]): string[] {
  return scopes.map((s) => PERMISSION_OF[s]);
}
