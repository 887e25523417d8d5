/**
 * Admin input: every field of a link and of an account's settings is validated with a 400 before
 * anything is stored, and a bad link already stored (by an older version, or by hand) fails alone:
 * Herald starts and runs its other links. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type HeraldConfig } from '../../src/config.js';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { createHerald } from '../../src/herald.js';
import { createLogger } from '../../src/logger.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { openTestStore, storeCases } from '../helpers/stores.js';

const ADMIN = { authorization: 'Bearer admin-secret-token' };

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`admin input on ${sc.name}`, () => {
    const smsc = new SmscSimulator({ systemId: 'acme', password: 'pw', receiptDelayMs: 5 });
    let h: TestHerald;
    beforeAll(async () => {
      await smsc.start();
      h = await startTestHerald(sc.name, {
        config: {
          engineEnabled: true,
          adminToken: 'admin-secret-token',
          simulator: { ...DEFAULT_CONFIG.simulator, enabled: false },
          engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100 },
        },
      });
    });
    afterAll(async () => {
      await h?.close();
      await smsc.stop();
    });

    const storedLinks = async () => (await h.store.db.selectFrom('smpp_links').select('id').execute()).length;

    it('refuses every bad link field with a 400 and stores nothing', async () => {
      const good = { host: '127.0.0.1', port: smsc.port, systemId: 'acme', password: 'pw' };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ port: 99999 }, 'port'],
        [{ port: 0 }, 'port'],
        [{ port: -1 }, 'port'],
        [{ port: 25.5 }, 'port'],
        [{ host: 'bad host!' }, 'host'],
        [{ host: '' }, 'host'],
        [{ host: 12 }, 'host'],
        [{ window: 0 }, 'window'],
        [{ window: 1e9 }, 'window'],
        [{ tps: -1 }, 'tps'],
        [{ enquireLinkMs: 1e12 }, 'enquireLinkMs'],
        [{ submitTimeoutMs: 5 }, 'submitTimeoutMs'],
        [{ reconnectMinMs: 5000, reconnectMaxMs: 1000 }, 'reconnectMaxMs'],
        [{ priority: 'high' }, 'priority'],
        [{ prefixes: ['30abc'] }, 'prefixes'],
        [{ prefixes: '30' }, 'prefixes'],
        [{ countries: ['GRC'] }, 'countries'],
        [{ bindMode: 'receiver' }, 'bindMode'],
        [{ concatenation: 'both' }, 'concatenation'],
        [{ systemId: 'a-system-id-far-too-long' }, 'systemId'],
        [{ password: 'longer-than-8' }, 'password'],
        [{ restrictionTlvs: { dlt: 70000 } }, 'restrictionTlvs'],
        [{ prot: 2775 }, 'prot'],
      ];
      for (const [change, field] of cases) {
        const res = await h.call('PUT', '/admin/links/acme', {
          headers: ADMIN,
          json: { ...good, ...change },
        });
        expect([change, res.status, res.body.code, Object.keys(res.body.properties ?? {})]).toEqual([
          change,
          400,
          '400000000',
          [field],
        ]);
      }
      const badId = await h.call('PUT', '/admin/links/bad%20id', { headers: ADMIN, json: good });
      expect([badId.status, Object.keys(badId.body.properties)]).toEqual([400, ['id']]);
      expect(await storedLinks()).toBe(0);
      const list = await h.call('GET', '/admin/links', { headers: ADMIN });
      expect(list.body).toEqual([]);
    });

    it('refuses bad account settings with a 400 and keeps the old ones', async () => {
      const id = h.account.accountId;
      const before = await h.call('GET', `/admin/accounts/${id}/settings`, { headers: ADMIN });
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ tokenLifetimeSeconds: 1e300 }, 'tokenLifetimeSeconds'],
        [{ tokenLifetimeSeconds: 0 }, 'tokenLifetimeSeconds'],
        [{ quietHours: ['25:00-08:00'] }, 'quietHours'],
        [{ stopKeywords: Array.from({ length: 500 }, (_, i) => `w${i}`) }, 'stopKeywords'],
        [{ stopKeywords: ['x'.repeat(100)] }, 'stopKeywords'],
        [{ callback: { url: 'http://example.com/' + 'x'.repeat(3000) } }, 'callback.url'],
        [{ octopush: { callback_url_for_deliveries: 5 } }, 'octopush.callback_url_for_deliveries'],
        [{ octopush: { surprise: 'x' } }, 'octopush.surprise'],
        [{ transcode: 'yes' }, 'transcode'],
        [{ colour: 'blue' }, 'colour'],
      ];
      for (const [patch, field] of cases) {
        const res = await h.call('PATCH', `/admin/accounts/${id}/settings`, { headers: ADMIN, json: patch });
        expect([field, res.status, Object.keys(res.body.properties ?? {})]).toEqual([field, 400, [field]]);
      }
      const after = await h.call('GET', `/admin/accounts/${id}/settings`, { headers: ADMIN });
      expect(after.body).toEqual(before.body);
    });

    it('starts with a bad link stored and runs the good ones, listing the bad one as invalid', async () => {
      const now = Date.now();
      const good = { host: '127.0.0.1', port: smsc.port, systemId: 'acme', password: 'pw' };
      const store = await openTestStore(sc.name);
      await store.db
        .insertInto('smpp_links')
        .values([
          {
            id: 'broken',
            config: JSON.stringify({ ...good, port: 99999 }),
            created_at: now,
            updated_at: now,
          },
          { id: 'garbled', config: '{not json', created_at: now, updated_at: now },
          { id: 'acme', config: JSON.stringify(good), created_at: now, updated_at: now },
        ])
        .execute();
      // Herald starts on this database, as a node restarting would.
      const config: HeraldConfig = {
        ...structuredClone(DEFAULT_CONFIG),
        port: 0,
        demo: { ...DEFAULT_CONFIG.demo, enabled: false },
        engineEnabled: true,
        engineThread: 'main',
        adminToken: 'admin-secret-token',
        simulator: { ...DEFAULT_CONFIG.simulator, enabled: false },
      };
      const bound = smsc.boundSessions;
      const second = await createHerald({ config, store, logger: createLogger('silent') });
      try {
        const url = await second.listen();
        await waitFor(() => smsc.boundSessions > bound, 5000, 'the good link binds');
        const list = (await (await fetch(`${url}/admin/links`, { headers: ADMIN })).json()) as any[];
        const byId = new Map(list.map((l) => [l.id, l]));
        expect(byId.get('acme')).toMatchObject({ state: 'bound', runningHere: true });
        expect(byId.get('broken')).toMatchObject({
          state: 'invalid',
          problems: { port: expect.any(String) },
        });
        expect(byId.get('garbled')).toMatchObject({ state: 'invalid' });
      } finally {
        await second.close();
        await store.close();
      }
    });
  });
}
