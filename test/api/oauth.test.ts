import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';

function basic(id: string, secret: string) {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

describe('POST /oauth/token', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startTestHerald('sqlite', { fakeClock: true });
  });
  afterAll(async () => {
    await h.close();
  });
  const auth = () => basic(h.account.credentials.clientId, h.account.credentials.clientSecret);

  it('issues a bearer token with every scope for a form-encoded request with an empty scope', async () => {
    const res = await h.call('POST', '/oauth/token', {
      rawBody: 'grant_type=client_credentials&scope=',
      headers: { authorization: auth(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'account contact report sms voice 2step',
    });
    expect(res.body.permissions).toContain('MT_ROLE_SMS');
    expect(res.body.access_token).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('narrows scopes given space-, plus- or comma-separated', async () => {
    for (const scope of ['sms account', 'sms,account', 'sms+account']) {
      const res = await h.call('POST', '/oauth/token', {
        rawBody: `grant_type=client_credentials&scope=${scope.replace(' ', '%20')}`,
        headers: { authorization: auth(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status, scope).toBe(200);
      expect(res.body.scope).toBe('account sms');
      expect(res.body.permissions).toEqual(['MT_ROLE_ACCOUNT_FINANCE', 'MT_ROLE_SMS']);
    }
  });

  it('refuses unknown scopes, wrong grant types and bad credentials', async () => {
    const badScope = await h.call('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', scope: 'sms teleport' },
      headers: { authorization: auth() },
    });
    expect(badScope.status).toBe(400);
    expect(badScope.body.code).toBe('400000000');
    const badGrant = await h.call('POST', '/oauth/token', {
      form: { grant_type: 'password' },
      headers: { authorization: auth() },
    });
    expect(badGrant.status).toBe(400);
    const badSecret = await h.call('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials' },
      headers: { authorization: basic(h.account.credentials.clientId, 'wrong') },
    });
    expect(badSecret.status).toBe(401);
    expect(badSecret.body).toMatchObject({
      code: '401000000',
      status: 401,
      error: 'Unauthorized',
      message: 'Bad credentials',
    });
    const none = await h.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' } });
    expect(none.status).toBe(401);
  });

  it('accepts client_id and client_secret in the form body too', async () => {
    const res = await h.call('POST', '/oauth/token', {
      form: {
        grant_type: 'client_credentials',
        client_id: h.account.credentials.clientId,
        client_secret: h.account.credentials.clientSecret,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: expect.any(Number) });
    expect(res.body.access_token).toMatch(/^\S{20,}$/);
    // The token it gives works, and a wrong secret in the body is refused.
    const balance = await h.call('GET', '/accounts/me/balance', { token: res.body.access_token });
    expect(balance.status).toBe(200);
    const wrong = await h.call('POST', '/oauth/token', {
      form: {
        grant_type: 'client_credentials',
        client_id: h.account.credentials.clientId,
        client_secret: 'not-the-secret',
      },
    });
    expect([wrong.status, wrong.body.code]).toEqual([401, '401000000']);
  });

  it('keeps several live tokens per application', async () => {
    const tokens = await Promise.all(Array.from({ length: 5 }, () => h.token()));
    expect(new Set(tokens).size).toBe(5);
    for (const t of tokens) {
      expect((await h.call('GET', '/accounts/me/balance', { token: t })).status).toBe(200);
    }
  });

  it('rejects a missing or unknown token with 401 and an expired one after its lifetime', async () => {
    expect((await h.call('GET', '/accounts/me/balance')).status).toBe(401);
    const unknown = await h.call('GET', '/accounts/me/balance', {
      token: '00000000-0000-0000-0000-000000000000',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('401000000');
    const t = await h.token();
    h.clock.advance(3599_000);
    expect((await h.call('GET', '/accounts/me/balance', { token: t })).status).toBe(200);
    h.clock.advance(2_000);
    const expired = await h.call('GET', '/accounts/me/balance', { token: t });
    expect(expired.status).toBe(401);
    expect(expired.body.developerMessage).toMatch(/expired/);
  });

  it('answers 403 with the Routee envelope when the token lacks the scope', async () => {
    const t = await h.token(h.account, 'account');
    const res = await h.call('POST', '/sms', {
      token: t,
      json: { from: 'Herald', to: '+306948530920', body: 'hi' },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('403000000');
    expect((await h.call('GET', '/accounts/me/balance', { token: t })).status).toBe(200);
  });

  it('honours a per-application token lifetime', async () => {
    const other = await h.newAccount({ name: 'short', settings: { tokenLifetimeSeconds: 60 } });
    const res = await h.call('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials' },
      headers: { authorization: basic(other.credentials.clientId, other.credentials.clientSecret) },
    });
    expect(res.body.expires_in).toBe(60);
  });
});
