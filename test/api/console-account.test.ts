/**
 * The console's account routes: the account with its settings and the server defaults; settings
 * changed and put back (bad ones refused by field, nothing half-written); the application secret
 * replaced (the old secret and every token minted with it refused at once, the new one works) and the
 * Octopush key replaced; the SMPP password replaced; prices per country; the ledger as pages and as CSV (formula-safe, range
 * bounded). On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateSmppBind } from '../../src/services/smpp-credentials.js';
import { consoleSession, type ConsoleSession } from '../helpers/console-session.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`console account on ${sc.name}`, () => {
    let h: TestHerald;
    let s: ConsoleSession;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 25 });
      s = await consoleSession(h);
    });
    afterAll(async () => h?.close());

    it('shows the account, its balance and settings beside the defaults', async () => {
      const res = await s.call('GET', '/account');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: h.account.accountId,
        applicationId: h.account.credentials.clientId,
        octopushLogin: h.account.credentials.apiLogin,
        balance: 25,
        currency: 'EUR',
        settings: { callback: null, campaignCallback: null, quietHours: null, stopKeywords: null },
        defaults: { stopKeywords: ['STOP'] },
      });
      expect(res.body.defaults.quietHours.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.body)).not.toMatch(/secret|hash/i);
    });

    it('changes settings, refuses bad ones by field without writing any, and puts them back', async () => {
      const ok = await s.call('PATCH', '/account/settings', {
        callback: { url: 'https://hooks.example.com/sms', strategy: 'OnCompletion' },
        quietHours: ['22:00-08:00'],
        stopKeywords: ['STOP', 'ARRET'],
        transcode: true,
      });
      expect(ok.status).toBe(200);
      const bad = await s.call('PATCH', '/account/settings', {
        campaignCallback: { url: 'https://hooks.example.com/campaigns' },
        quietHours: ['25:00-08:00'],
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.fields)).toEqual(['quietHours']);
      const unknown = await s.call('PATCH', '/account/settings', { retentionDays: 1 });
      expect(unknown.status).toBe(400);

      const after = (await s.call('GET', '/account')).body.settings;
      expect(after).toEqual({
        callback: { url: 'https://hooks.example.com/sms', strategy: 'OnCompletion' },
        campaignCallback: null,
        transcode: true,
        quietHours: ['22:00-08:00'],
        stopKeywords: ['STOP', 'ARRET'],
      });
      // The Routee face applies the default callback to a message that sets none.
      const token = await h.token();
      const sent = await h.call('POST', '/sms', {
        token,
        json: { from: 'Herald', to: '+33612345678', body: 'hi' },
      });
      expect(sent.status).toBe(200);
      expect(sent.body.callback).toEqual({ url: 'https://hooks.example.com/sms', strategy: 'OnCompletion' });

      await s.call('PATCH', '/account/settings', {
        callback: null,
        quietHours: null,
        stopKeywords: null,
        transcode: null,
      });
      expect((await s.call('GET', '/account')).body.settings).toEqual({
        callback: null,
        campaignCallback: null,
        transcode: null,
        quietHours: null,
        stopKeywords: null,
      });
    });

    it('replaces the application secret: old secret and its tokens refused at once, the new one works', async () => {
      const account = await h.newAccount({ name: 'rotating' });
      const session = await consoleSession(h, account);
      const oldToken = await h.token(account);
      expect((await h.call('GET', '/accounts/me/balance', { token: oldToken })).status).toBe(200);

      const res = await session.call('POST', '/account/credentials/rotate', {
        credential: 'applicationSecret',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ credential: 'applicationSecret', revokedTokens: 1 });
      const secret = res.body.secret as string;
      expect(secret).toMatch(/^[\w-]{32}$/);
      expect(secret).not.toBe(account.credentials.clientSecret);

      expect((await h.call('GET', '/accounts/me/balance', { token: oldToken })).status).toBe(401);
      await expect(h.token(account)).rejects.toThrow(/401/);
      const renewed = { ...account, credentials: { ...account.credentials, clientSecret: secret } };
      expect((await h.call('GET', '/accounts/me/balance', { token: await h.token(renewed) })).status).toBe(
        200,
      );
      // The console session that rotated stays signed in.
      expect((await session.call('GET', '/account')).status).toBe(200);
      const bad = await session.call('POST', '/account/credentials/rotate', { credential: 'password' });
      expect(bad.status).toBe(400);
    });

    it('replaces the Octopush key: the old key is refused, the new one accepted', async () => {
      const account = await h.newAccount({ name: 'octo' });
      const session = await consoleSession(h, account);
      const balance = (key: string) =>
        h.call('GET', '/v1/public/wallet/check-balance', {
          headers: { 'api-login': account.credentials.apiLogin, 'api-key': key },
        });
      expect((await balance(account.credentials.apiKey)).status).toBe(200);
      const res = await session.call('POST', '/account/credentials/rotate', { credential: 'octopushKey' });
      expect(res.status).toBe(200);
      expect((await balance(account.credentials.apiKey)).status).toBe(401);
      expect((await balance(res.body.secret)).status).toBe(200);
    });

    it('shows the SMPP system_id and replaces the SMPP password: the old one no longer binds', async () => {
      const account = await h.newAccount({ name: 'smpp' });
      const session = await consoleSession(h, account);
      expect((await session.call('GET', '/account')).body.smppSystemId).toBe(account.smpp.systemId);
      const res = await session.call('POST', '/account/credentials/rotate', { credential: 'smppPassword' });
      expect(res.status).toBe(200);
      const password = res.body.secret as string;
      expect(password).toMatch(/^[A-Za-z0-9]{8}$/);
      const bind = (p: string) =>
        authenticateSmppBind(h.herald.ctx, {
          systemId: account.smpp.systemId,
          password: p,
          remoteAddress: '127.0.0.1',
        });
      expect(await bind(account.smpp.password)).toEqual({ refused: 'wrong-password' });
      expect(await bind(password)).toMatchObject({ account: { id: account.accountId } });
    });

    it('lists the prices the account pays per country', async () => {
      const res = await s.call('GET', '/account/prices');
      expect(res.status).toBe(200);
      expect(res.body.currency).toBe('EUR');
      const sms = res.body.services.find((x: { service: string }) => x.service === 'sms');
      expect(sms.prices).toContainEqual({ country: 'FR', price: 0.045 });
      expect(sms.prices).toContainEqual({ country: 'GR', price: 0.042 });
    });

    it('pages the ledger and exports it as formula-safe CSV within a bounded range', async () => {
      const account = await h.newAccount({ name: '=HYPERLINK("x")', balance: 3 });
      const session = await consoleSession(h, account);
      const token = await h.token(account);
      for (const to of ['+33612345678', '+306948000001'])
        expect(
          (await h.call('POST', '/sms', { token, json: { from: 'Herald', to, body: 'hello' } })).status,
        ).toBe(200);
      const page = await session.call('GET', '/account/ledger?size=2');
      expect(page.body.total).toBe(3);
      expect(page.body.items.map((e: { kind: string }) => e.kind)).toEqual(['charge', 'charge']);
      expect(page.body.items[0].balanceAfter).toBeCloseTo(3 - 0.045 - 0.042, 6);

      const csv = await session.call('GET', '/account/ledger.csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toMatch(
        /^attachment; filename="ledger-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"$/,
      );
      const lines = csv.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('date,kind,amount,balanceAfter,currency,reference,description');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,topup,3,3,EUR,,opening balance$/);
      expect(lines[2]).toMatch(/,charge,-0\.045,2\.955,EUR,/);

      const tooLong = await session.call(
        'GET',
        '/account/ledger.csv?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      );
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.fields).toHaveProperty('from');
      const empty = await session.call(
        'GET',
        '/account/ledger.csv?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z',
      );
      expect(empty.text).toBe('date,kind,amount,balanceAfter,currency,reference,description\r\n');
      // Another account's export holds none of these rows.
      const mine = await s.call('GET', '/account/ledger.csv');
      expect(mine.text).not.toContain('2.955');
    });
  });
}
