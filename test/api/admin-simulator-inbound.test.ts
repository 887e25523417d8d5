/**
 * The bundled operator simulator originates a handset's message on the operator's demand (admin API
 * `POST /admin/simulator/inbound`, which `herald simulate-inbound` calls): it reaches Herald over the
 * simulator's SMPP link and is stored as the account's when the number is the account's. On SQLite
 * and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

const headers = { authorization: 'Bearer admin-secret-token' };

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`simulator-originated inbound messages on ${sc.name}`, () => {
    let h: TestHerald;
    let apiOnly: TestHerald;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, {
        config: {
          engineEnabled: true,
          adminToken: 'admin-secret-token',
          simulator: { enabled: 'auto', port: 0, receiptDelayMs: 20 },
          engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100 },
        },
      });
      apiOnly = await startTestHerald(sc.name, { config: { adminToken: 'admin-secret-token' } });
      await waitFor(() => (h.herald.simulator?.boundSessions ?? 0) >= 1, 5000, 'bind');
    });
    afterAll(async () => {
      await h?.close();
      await apiOnly?.close();
    });

    it('delivers a handset’s message to the account that owns the number', async () => {
      const assigned = await h.call('POST', `/admin/accounts/${h.account.accountId}/numbers`, {
        headers,
        json: { number: '+306912345678' },
      });
      expect(assigned.status, assigned.text).toBe(201);
      const res = await h.call('POST', '/admin/simulator/inbound', {
        headers,
        json: { from: '+306948530920', to: '306912345678', text: 'Hello Herald' },
      });
      expect(res.status, res.text).toBe(202);
      await waitFor(
        async () => (await h.store.db.selectFrom('inbound_messages').selectAll().execute()).length === 1,
        5000,
        'stored',
      );
      const [row] = await h.store.db.selectFrom('inbound_messages').selectAll().execute();
      expect(row).toMatchObject({
        account_id: h.account.accountId,
        sender: '+306948530920',
        recipient: '306912345678',
        body: 'Hello Herald',
        kind: 'reply',
      });
    });

    it('refuses a request without the token or a field, and where no simulator runs', async () => {
      const json = { from: '+306948530920', to: '306912345678', text: 'x' };
      expect((await h.call('POST', '/admin/simulator/inbound', { json })).status).toBe(401);
      const missing = await h.call('POST', '/admin/simulator/inbound', {
        headers,
        json: { from: '+306948530920', to: '306912345678' },
      });
      expect(missing.status).toBe(400);
      expect(missing.body.properties).toEqual({ text: 'may not be empty' });
      expect((await apiOnly.call('POST', '/admin/simulator/inbound', { headers, json })).status).toBe(409);
    });
  });
}
