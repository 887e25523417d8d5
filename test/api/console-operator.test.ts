/**
 * The console's operator routes: sign-in with the admin token (its own cookie, CSRF on changes, ended
 * by a new admin token), SMPP links added, edited without retyping the password, disabled (unbound,
 * kept), enabled and removed while a real SMSC sees the binds; accounts created, topped up, disabled
 * (their console sign-in refused) and enabled; the price list set and cleared. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { consoleSession, operatorSession, type ConsoleSession } from '../helpers/console-session.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

const ADMIN = 'operator-admin-token-0123';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`console operator routes on ${sc.name}`, () => {
    const smsc = new SmscSimulator({ systemId: 'acme', password: 'pw', receiptDelayMs: 5 });
    let h: TestHerald;
    let op: ConsoleSession;
    beforeAll(async () => {
      await smsc.start();
      h = await startTestHerald(sc.name, {
        config: {
          engineEnabled: true,
          adminToken: ADMIN,
          simulator: { enabled: false },
          engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100 },
        },
      });
      op = await operatorSession(h, ADMIN);
    });
    afterAll(async () => {
      await h?.close();
      await smsc.stop();
    });

    it('signs in only with the admin token, in its own session with CSRF on changes', async () => {
      const wrong = await h.call('POST', '/console/api/operator/session', { json: { token: 'nope' } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('unauthenticated');
      const empty = await h.call('POST', '/console/api/operator/session', { json: {} });
      expect(empty.status).toBe(400);
      expect(empty.body.error.fields).toHaveProperty('token');

      const cookie = (
        await h.call('POST', '/console/api/operator/session', { json: { token: ADMIN } })
      ).headers.get('set-cookie')!;
      expect(cookie).toMatch(/^herald_operator=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/);
      const me = await h.call('GET', '/console/api/operator/session', { headers: { cookie: op.cookie } });
      expect(me.body).toMatchObject({ operator: true, enabled: true, csrfToken: op.csrf });

      // An account's session is not an operator's, and a change needs the CSRF token.
      const account = await consoleSession(h);
      const asAccount = await h.call('GET', '/console/api/operator/links', {
        headers: { cookie: account.cookie },
      });
      expect(asAccount.status).toBe(401);
      const noCsrf = await h.call('PUT', '/console/api/operator/prices', {
        headers: { cookie: op.cookie },
        json: { service: 'sms', country: 'FR', price: 0.05 },
      });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.error.message).toMatch(/CSRF/);
    });

    it('adds a link the engine binds, edits it keeping its password, disables, enables and removes it', async () => {
      const bad = await op.call('POST', '/links/acme', { host: '127.0.0.1', port: 'x', window: 0 });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.fields).sort()).toEqual(['port', 'window']);

      const added = await op.call('POST', '/links/acme', {
        host: '127.0.0.1',
        port: smsc.port,
        systemId: 'acme',
        password: 'pw',
        window: 5,
        countries: ['gr'],
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ id: 'acme', window: 5, countries: ['GR'], disabled: false });
      expect(added.body.password).toBeUndefined();
      expect((await op.call('POST', '/links/acme', { host: '127.0.0.1', port: 1 })).status).toBe(400);
      await waitFor(() => smsc.boundSessions === 1, 5000, 'bind');

      const listed = async () => {
        const res = await op.call('GET', '/links');
        expect(res.status).toBe(200);
        return res.body.items.find((l: { id: string }) => l.id === 'acme');
      };
      await waitFor(async () => (await listed())?.state === 'bound', 5000, 'listed bound');
      const view = await listed();
      expect(view).toMatchObject({ source: 'api', runningHere: true, window: 5, inFlight: 0 });
      expect(view.counters).toMatchObject({ binds: 1 });
      expect(view.password).toBeUndefined();

      // The password is not retyped: the SMSC (which wants 'pw') accepts the new bind.
      const edited = await op.call('PATCH', '/links/acme', { window: 7, tps: '50' });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ window: 7, tps: 50, systemId: 'acme' });
      await waitFor(
        async () => (await listed())?.window === 7 && (await listed())?.state === 'bound',
        5000,
        'rebound',
      );
      expect((await op.call('PATCH', '/links/nope', { window: 7 })).status).toBe(404);

      expect((await op.call('POST', '/links/acme/disable')).body.disabled).toBe(true);
      await waitFor(() => smsc.boundSessions === 0, 5000, 'unbound');
      await waitFor(async () => (await listed())?.state === 'disabled', 5000, 'listed disabled');
      expect((await op.call('POST', '/links/acme/enable')).body.disabled).toBe(false);
      await waitFor(() => smsc.boundSessions === 1, 5000, 'bound again');

      expect((await op.call('DELETE', '/links/acme')).status).toBe(204);
      await waitFor(() => smsc.boundSessions === 0, 5000, 'removed');
      expect(await listed()).toBeUndefined();
      expect((await op.call('DELETE', '/links/acme')).status).toBe(404);
    });

    it('creates an account, finds it, tops it up, disables and enables it', async () => {
      const created = await op.call('POST', '/accounts', {
        name: 'Acme Retail',
        balance: 2,
        currency: 'eur',
      });
      expect(created.status).toBe(201);
      const { accountId, credentials } = created.body;
      expect(credentials.clientSecret).toMatch(/^[\w-]{32}$/);
      expect(created.body).toMatchObject({ name: 'Acme Retail', currency: 'EUR', balance: 2 });

      const found = await op.call('GET', '/accounts?search=acme%20ret');
      expect(found.body.total).toBe(1);
      expect(found.body.items[0]).toMatchObject({ id: accountId, balance: 2, state: 'active' });
      expect((await op.call('GET', '/accounts?search=100%25')).body.total).toBe(0);

      const topped = await op.call('POST', `/accounts/${accountId}/topup`, { amount: 5.5 });
      expect(topped.status).toBe(200);
      expect(topped.body.balance).toBe(7.5);
      expect((await op.call('POST', `/accounts/${accountId}/topup`, { amount: -1 })).status).toBe(400);
      expect((await op.call('POST', '/accounts/nobody/topup', { amount: 1 })).status).toBe(404);

      // The account sees the top-up in its ledger.
      const signIn = (secret = credentials.clientSecret) =>
        h.call('POST', '/console/api/session', {
          json: { applicationId: credentials.clientId, applicationSecret: secret },
        });
      expect((await signIn()).status).toBe(200);
      expect((await op.call('POST', `/accounts/${accountId}/disable`)).body.state).toBe('disabled');
      expect((await signIn()).status).toBe(401);
      expect((await op.call('GET', '/accounts?search=acme')).body.items[0].state).toBe('disabled');
      expect((await op.call('POST', `/accounts/${accountId}/enable`)).body.state).toBe('active');
      expect((await signIn()).status).toBe(200);
    });

    it('sets, lists and removes prices', async () => {
      const set = await op.call('PUT', '/prices', { service: 'sms', country: 'fr', price: 0.051 });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ service: 'sms', country: 'FR', price: 0.051 });
      const list = await op.call('GET', '/prices');
      expect(list.body.items).toContainEqual({ service: 'sms', country: 'FR', price: 0.051 });
      for (const [field, wrong] of [
        ['service', { service: 'fax', country: 'FR', price: 1 }],
        ['country', { service: 'sms', country: 'FRA', price: 1 }],
        ['price', { service: 'sms', country: 'FR', price: -1 }],
      ] as const) {
        const bad = await op.call('PUT', '/prices', wrong);
        expect(bad.status).toBe(400);
        expect(Object.keys(bad.body.error.fields)).toEqual([field]);
      }
      expect((await op.call('DELETE', '/prices?service=sms&country=FR')).status).toBe(204);
      expect((await op.call('DELETE', '/prices?service=sms&country=FR')).status).toBe(404);
      expect((await op.call('GET', '/prices')).body.items).not.toContainEqual(
        expect.objectContaining({ service: 'sms', country: 'FR' }),
      );
    });

    it('ends operator sessions on sign-out', async () => {
      const other = await operatorSession(h, ADMIN);
      expect((await other.call('DELETE', '/session')).status).toBe(204);
      expect((await other.call('GET', '/links')).status).toBe(401);
      expect((await op.call('GET', '/links')).status).toBe(200);
    });

    it('ends operator sessions when the admin token changes', async () => {
      const config = h.herald.ctx.config;
      config.adminToken = 'a-new-admin-token';
      try {
        expect((await op.call('GET', '/links')).status).toBe(401);
      } finally {
        config.adminToken = ADMIN;
      }
      expect((await op.call('GET', '/links')).status).toBe(200);
    });
  });
}

describe('console operator pages without an admin token', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startTestHerald('sqlite', {});
  });
  afterAll(async () => h?.close());

  it('says they are off and refuses a sign-in', async () => {
    expect((await h.call('GET', '/console/api/operator/session')).body).toEqual({
      operator: false,
      enabled: false,
    });
    const res = await h.call('POST', '/console/api/operator/session', { json: { token: 'x' } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/HERALD_ADMIN_TOKEN/);
  });
});
