/**
 * A signed-in console session for API tests: signs in with an account's application credentials and
 * calls the console API with its cookie and, on changes, its CSRF token.
 */
import type { CreatedAccount } from '../../src/services/create-account.js';
import type { CallResult, TestHerald } from './herald.js';

export interface ConsoleSession {
  cookie: string;
  csrf: string;
  call(method: string, path: string, json?: unknown): Promise<CallResult>;
}

export async function consoleSession(
  h: TestHerald,
  account: CreatedAccount = h.account,
): Promise<ConsoleSession> {
  const res = await h.call('POST', '/console/api/session', {
    json: {
      applicationId: account.credentials.clientId,
      applicationSecret: account.credentials.clientSecret,
    },
  });
  if (res.status !== 200) throw new Error(`console sign-in: ${res.status} ${res.text}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = res.body.csrfToken as string;
  return {
    cookie,
    csrf,
    call: (method, path, json) =>
      h.call(method, `/console/api${path}`, {
        headers: { cookie, ...(method !== 'GET' && { 'x-csrf-token': csrf }) },
        ...(json !== undefined && { json }),
      }),
  };
}

/** A console session signed in as operator with the admin token. */
export async function operatorSession(h: TestHerald, adminToken: string): Promise<ConsoleSession> {
  const res = await h.call('POST', '/console/api/operator/session', { json: { token: adminToken } });
  if (res.status !== 200) throw new Error(`operator sign-in: ${res.status} ${res.text}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = res.body.csrfToken as string;
  return {
    cookie,
    csrf,
    call: (method, path, json) =>
      h.call(method, `/console/api/operator${path}`, {
        headers: { cookie, ...(method !== 'GET' && { 'x-csrf-token': csrf }) },
        ...(json !== undefined && { json }),
      }),
  };
}
