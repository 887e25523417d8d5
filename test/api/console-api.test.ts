/**
 * The console's JSON API: sign-in with application credentials sets an HttpOnly, SameSite=Strict
 * session cookie; every change needs the session's CSRF token; sessions end at sign-out and when they
 * expire; the overview counts only the signed-in account's traffic; errors come in the console's
 * envelope, never a 500. The built pages are served at `/` with a strict Content-Security-Policy.
 * On SQLite and PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { bodyOf, rawRequest, statusOf } from '../helpers/raw-http.js';
import { storeCases } from '../helpers/stores.js';

const SESSION_SECONDS = 600;

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`console API on ${sc.name}`, () => {
    let h: TestHerald;
    let dir: string;
    beforeAll(async () => {
      // A stand-in for the built console: the API test checks how files are served, the browser
      // test (test/console) runs the real build.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-console-'));
      fs.mkdirSync(path.join(dir, 'assets'));
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Herald console</title>');
      fs.writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
      h = await startTestHerald(sc.name, {
        fakeClock: true,
        balance: 12.5,
        config: { consoleDir: dir, consoleSessionSeconds: SESSION_SECONDS },
      });
    });
    afterAll(async () => {
      await h?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const signIn = async (
      id = h.account.credentials.clientId,
      secret = h.account.credentials.clientSecret,
    ) => {
      const res = await h.call('POST', '/console/api/session', {
        json: { applicationId: id, applicationSecret: secret },
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      return { res, cookie, csrf: res.body?.csrfToken as string };
    };

    it('signs in with the application credentials: an HttpOnly, SameSite=Strict cookie and a CSRF token', async () => {
      const { res, cookie, csrf } = await signIn();
      expect(res.status).toBe(200);
      expect(res.body.account).toEqual({ id: h.account.accountId, name: 'test' });
      expect(csrf).toMatch(/^[\w-]{40,}$/);
      const set = res.headers.get('set-cookie')!;
      expect(set).toMatch(/^herald_console=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=600$/);
      expect(set).not.toMatch(/Secure/); // plain HTTP here; behind TLS the cookie is Secure
      expect(res.headers.get('cache-control')).toBe('no-store');
      const who = await h.call('GET', '/console/api/session', { headers: { cookie } });
      expect(who.status).toBe(200);
      expect(who.headers.get('cache-control')).toBe('no-store');
      expect(who.body.csrfToken).toBe(csrf);
      // The session token is stored only as its hash.
      const rows = await h.store.db.selectFrom('console_sessions').select('token_hash').execute();
      expect(rows.map((r) => r.token_hash)).not.toContain(cookie.split('=')[1]);
    });

    it('refuses wrong credentials and missing fields in the console envelope', async () => {
      const wrong = await signIn(h.account.credentials.clientId, 'not-the-secret');
      expect(wrong.res.status).toBe(401);
      expect(wrong.res.body).toEqual({
        error: { code: 'unauthenticated', message: 'Wrong application id or secret' },
      });
      expect(wrong.res.headers.get('set-cookie')).toBeNull();
      const empty = await h.call('POST', '/console/api/session', { json: {} });
      expect(empty.status).toBe(400);
      expect(Object.keys(empty.body.error.fields).sort()).toEqual(['applicationId', 'applicationSecret']);
      const notJson = await h.call('POST', '/console/api/session', { json: [1, 2] });
      expect(notJson.status).toBe(400);
      const garbled = await h.call('POST', '/console/api/session', {
        rawBody: '{"applicationId":',
        headers: { 'content-type': 'application/json' },
      });
      expect(garbled.status).toBe(400);
      expect(garbled.body.error.code).toBeDefined();
      const nothing = await h.call('GET', '/console/api/overview');
      expect(nothing.status).toBe(401);
      const unknown = await h.call('GET', '/console/api/nothing-here');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('not-found');
    });

    it('the overview counts the signed-in account only: balance, today by status, last hour, queue', async () => {
      const token = await h.token();
      for (const to of ['+306948000001', '+306948000002'])
        await h.call('POST', '/sms', { token, json: { from: 'Herald', to, body: 'hi' } });
      const other = await h.newAccount({ name: 'other' });
      await h.call('POST', '/sms', {
        token: await h.token(other),
        json: { from: 'Herald', to: '+306948000003', body: 'x' },
      });
      const { cookie } = await signIn();
      const res = await h.call('GET', '/console/api/overview', { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toMatchObject({
        account: { name: 'test' },
        balance: 12.5 - 2 * 0.042,
        currency: 'EUR',
        todayByStatus: { Queued: 2 },
        queue: { ready: 2, inflight: 0 },
        callbacks: { retrying: 0, failed: 0 },
        links: [],
      });
      expect(res.body.lastHour).toHaveLength(60);
      expect(res.body.lastHour.at(-1).messages).toBe(2);
      expect(res.body.lastHour.reduce((s: number, m: { messages: number }) => s + m.messages, 0)).toBe(2);
    });

    it('a change needs the CSRF token; sign-out ends the session', async () => {
      const { cookie, csrf } = await signIn();
      const without = await h.call('DELETE', '/console/api/session', { headers: { cookie } });
      expect(without.status).toBe(403);
      expect(without.body.error.message).toMatch(/CSRF/);
      const wrong = await h.call('DELETE', '/console/api/session', {
        headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -2)}xx` },
      });
      expect(wrong.status).toBe(403);
      // Another session's token does not fit this one.
      const other = await signIn();
      const crossed = await h.call('DELETE', '/console/api/session', {
        headers: { cookie, 'x-csrf-token': other.csrf },
      });
      expect(crossed.status).toBe(403);
      expect((await h.call('GET', '/console/api/session', { headers: { cookie } })).status).toBe(200);
      const out = await h.call('DELETE', '/console/api/session', {
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^herald_console=; .*Max-Age=0/);
      expect((await h.call('GET', '/console/api/session', { headers: { cookie } })).body).toEqual({
        account: null,
      });
      expect((await h.call('GET', '/console/api/overview', { headers: { cookie } })).status).toBe(401);
      expect(
        (await h.call('GET', '/console/api/session', { headers: { cookie: other.cookie } })).status,
      ).toBe(200);
    });

    it('a session expires after consoleSessionSeconds; a Routee bearer token is no session', async () => {
      const { cookie } = await signIn();
      h.clock.advance((SESSION_SECONDS - 1) * 1000);
      expect((await h.call('GET', '/console/api/overview', { headers: { cookie } })).status).toBe(200);
      h.clock.advance(2000);
      const ended = await h.call('GET', '/console/api/overview', { headers: { cookie } });
      expect(ended.status).toBe(401);
      expect(ended.body.error.code).toBe('unauthenticated');
      const bearer = await h.token();
      const asCookie = await h.call('GET', '/console/api/overview', {
        headers: { cookie: `herald_console=${bearer}` },
      });
      expect(asCookie.status).toBe(401);
    });

    it('serves the pages at / and /console/... with a strict CSP, and only the built files', async () => {
      for (const p of ['/', '/console', '/console/campaigns/abc']) {
        const res = await h.call('GET', p);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(res.text).toContain('<title>Herald console</title>');
        expect(res.headers.get('content-security-policy')).toMatch(
          /default-src 'self'.*frame-ancestors 'none'/,
        );
      }
      const js = await h.call('GET', '/console/assets/index-abc.js');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(js.headers.get('cache-control')).toMatch(/immutable/);
      expect((await h.call('GET', '/console/assets/missing.js')).status).toBe(404);
      // Sent as written (fetch would resolve the dots): never a file outside the build.
      for (const p of ['/console/assets/../../etc/passwd', '/console/assets/%2e%2e/%2e%2e/etc/passwd']) {
        const raw = await rawRequest(h.url, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        expect(statusOf(raw)).toBe(404);
        expect(bodyOf(raw)).not.toMatch(/root:/);
      }
      // Routee paths are unchanged.
      expect((await h.call('GET', '/sms/tracking/single/x')).status).toBe(401);
    });
  });
}
