/** What real Routee client programs send on the wire (reference Part 6): one test per behaviour. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { bodyOf, headerOf, rawRequest, statusOf } from '../helpers/raw-http.js';

describe('wire compatibility with real Routee clients', () => {
  let h: TestHerald;
  let token: string;
  let host: string;
  beforeAll(async () => {
    h = await startTestHerald();
    token = await h.token();
    host = new URL(h.url).host;
  });
  afterAll(async () => {
    await h.close();
  });

  it('treats a JSON content type with an empty body on GET as no body', async () => {
    const res = await h.call('GET', '/accounts/me/balance', {
      token,
      headers: { 'content-type': 'application/json', 'content-length': '0' },
    });
    expect(res.status).toBe(200);
    expect(res.body.balance).toBe(100);
  });

  it('treats a JSON content type with an empty body on DELETE as no body (404, not 400)', async () => {
    const raw = await rawRequest(
      h.url,
      `DELETE /sms/unknown-campaign HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(raw)).toBe(404);
    expect(JSON.parse(bodyOf(raw)).code).toMatch(/^404/);
  });

  it('answers HEAD with Content-Length: 0 and no body', async () => {
    const raw = await rawRequest(
      h.url,
      `HEAD /accounts/me/balance HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(raw)).toBe(200);
    expect(headerOf(raw, 'content-length')).toBe('0');
    expect(bodyOf(raw)).toBe('');
  });

  it('routes absolute-form request targets by path, whatever the Host', async () => {
    const form = `grant_type=client_credentials&scope=`;
    const basic = Buffer.from(
      `${h.account.credentials.clientId}:${h.account.credentials.clientSecret}`,
    ).toString('base64');
    const raw = await rawRequest(
      h.url,
      `POST http://auth.routee.net/oauth/token HTTP/1.1\r\nHost: auth.routee.net\r\nAuthorization: Basic ${basic}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`,
    );
    expect(statusOf(raw)).toBe(200);
    expect(JSON.parse(bodyOf(raw)).token_type).toBe('bearer');
    const raw2 = await rawRequest(
      h.url,
      `GET https://connect.routee.net/accounts/me/balance?x=1 HTTP/1.1\r\nHost: connect.routee.net\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(raw2)).toBe(200);
  });

  it('parses JSON written by PHP clients (escaped slashes and \\u escapes)', async () => {
    const res = await h.call('POST', '/sms', {
      token,
      rawBody: '{"from":"Herald","to":"+306948530920","body":"\\u0393\\u03b5\\u03b9\\u03ac http:\\/\\/x.gr"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body.body).toBe('Γειά http://x.gr');
  });

  it('accepts epoch-second dates in query strings', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await h.call(
      'GET',
      `/accounts/me/transactions?from=${now - 3600}&to=${now + 3600}&page=0&size=5`,
      { token },
    );
    expect(res.status).toBe(200);
    expect(res.body.content.length).toBeGreaterThan(0);
  });

  it('answers malformed JSON with the Routee envelope and 400', async () => {
    const res = await h.call('POST', '/sms', {
      token,
      rawBody: '{"from": "Herald", "to":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: '400000000' });
  });

  it('answers unknown paths with a Routee 404 envelope', async () => {
    const res = await h.call('GET', '/no/such/thing', { token });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('404000000');
  });

  it('answers a body over the limit with 413 in the Routee envelope', async () => {
    const small = await startTestHerald('sqlite', { config: { bodyLimitBytes: 2048 } });
    try {
      const t = await small.token();
      const res = await small.call('POST', '/sms', {
        token: t,
        json: { from: 'Herald', to: '+306948530920', body: 'x'.repeat(5000) },
      });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('413000000');
    } finally {
      await small.close();
    }
  });

  it('serves /health', async () => {
    const res = await h.call('GET', '/health');
    expect(res.body).toEqual({ status: 'ok' });
  });
});
