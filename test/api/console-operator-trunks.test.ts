/**
 * SIP trunks managed from the console's operator routes while a real callee answers: with no trunk
 * no call goes out; a trunk added at run time carries a voice campaign's call; an edit keeps its
 * password and changes its limit; a disabled trunk takes no call until it is enabled again; a bad
 * definition is refused field by field; a removed trunk leaves the list; an operator's copy of the
 * bundled callee's trunk follows the callee to its new port. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { followBundledTrunk } from '../../src/services/voice-trunks.js';
import { CalleeSimulator } from '../../src/simulators/callee/simulator.js';
import { saveStoredTrunk } from '../../src/store/repositories/voice-trunks.js';
import { operatorSession, type ConsoleSession } from '../helpers/console-session.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

const ADMIN = 'trunk-admin-token-0123';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`console operator trunks on ${sc.name}`, () => {
    let callee: CalleeSimulator;
    let h: TestHerald;
    let op: ConsoleSession;
    let token: string;
    beforeAll(async () => {
      callee = new CalleeSimulator({ defaultRule: { behaviour: 'answer', answerAfterMs: 50 } });
      await callee.start();
      h = await startTestHerald(sc.name, {
        balance: 20,
        config: {
          engineEnabled: true,
          adminToken: ADMIN,
          engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100 },
          simulator: {
            enabled: false,
            port: 0,
            receiptDelayMs: 0,
            idFormat: 'hex',
            receiptIdFormat: 'decimal',
          },
          voice: {
            trunks: [],
            mediaHost: '127.0.0.1',
            callee: { enabled: false, port: 0, answerAfterMs: 0, dtmf: '' },
          },
        },
      });
      op = await operatorSession(h, ADMIN);
      token = await h.token();
    });
    afterAll(async () => {
      await h?.close();
      await callee?.stop();
    });

    const call = async (to: string) => {
      const res = await h.call('POST', '/voice/campaign', {
        token,
        json: {
          from: '302100000000',
          to: [to],
          message: { text: 'Hello', language: 'en-US', gender: 'female' },
          hangupDelay: 2,
          respectQuietHours: false,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.trackingId as string;
    };
    const callsTo = (number: string) => callee.calls.filter((c) => c.to.includes(number.slice(1))).length;
    const trunk = async (id: string) =>
      (await op.call('GET', '/trunks')).body.items.find((t: { id: string }) => t.id === id);

    it('adds a trunk at run time that carries calls; edits, disables, enables and removes it', async () => {
      expect((await op.call('GET', '/trunks')).body.items).toEqual([]);
      await call('+306900000101');
      await new Promise((r) => setTimeout(r, 500));
      expect(callsTo('+306900000101')).toBe(0); // no trunk: the call waits

      const bad = await op.call('POST', '/trunks/office', { host: 'not a host', maxCalls: 0, color: 'red' });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.fields).sort()).toEqual(['color', 'host', 'maxCalls']);
      const added = await op.call('POST', '/trunks/office', {
        host: '127.0.0.1',
        port: String(callee.port),
        username: 'herald',
        password: 'sip-secret',
        maxCalls: 2,
      });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ id: 'office', port: callee.port, maxCalls: 2, disabled: false });
      expect(added.body.password).toBeUndefined();
      await waitFor(() => callsTo('+306900000101') === 1, 10_000, 'the waiting call placed on the new trunk');
      expect(await trunk('office')).toMatchObject({
        source: 'api',
        state: 'active',
        runningHere: true,
        maxCalls: 2,
      });
      expect(JSON.stringify((await op.call('GET', '/trunks')).body)).not.toContain('sip-secret');

      const edited = await op.call('PATCH', '/trunks/office', { maxCalls: 5 });
      expect(edited.body).toMatchObject({ maxCalls: 5, username: 'herald' });
      const stored = await h.store.db.selectFrom('voice_trunks').select('config').executeTakeFirstOrThrow();
      expect(JSON.parse(stored.config)).toMatchObject({ password: 'sip-secret', maxCalls: 5 });
      await waitFor(async () => (await trunk('office'))?.maxCalls === 5, 5000, 'edited');

      expect((await op.call('POST', '/trunks/office/disable')).body.disabled).toBe(true);
      await waitFor(async () => (await trunk('office'))?.state === 'disabled', 5000, 'disabled');
      await call('+306900000102');
      await new Promise((r) => setTimeout(r, 500));
      expect(callsTo('+306900000102')).toBe(0);
      expect((await op.call('POST', '/trunks/office/enable')).body.disabled).toBe(false);
      await waitFor(() => callsTo('+306900000102') === 1, 10_000, 'the call placed once enabled');

      expect((await op.call('PATCH', '/trunks/nope', { maxCalls: 1 })).status).toBe(404);
      expect((await op.call('DELETE', '/trunks/office')).status).toBe(204);
      expect((await op.call('GET', '/trunks')).body.items).toEqual([]);
      expect((await op.call('DELETE', '/trunks/office')).status).toBe(404);
    });

    it('moves a stored copy of the bundled callee trunk to the port the callee listens on now', async () => {
      const ctx = h.herald.ctx;
      await followBundledTrunk(ctx, 'callee-sim', { host: '127.0.0.1', port: 40000 });
      expect(await h.store.db.selectFrom('voice_trunks').selectAll().execute()).toEqual([]); // none stored: none made
      await saveStoredTrunk(
        ctx.store.db,
        'callee-sim',
        JSON.stringify({ host: '127.0.0.1', port: 1, maxCalls: 20 }),
        0,
      );
      await followBundledTrunk(ctx, 'callee-sim', { host: '127.0.0.1', port: 40000 });
      const row = await h.store.db.selectFrom('voice_trunks').select('config').executeTakeFirstOrThrow();
      expect(JSON.parse(row.config)).toMatchObject({
        host: '127.0.0.1',
        port: 40000,
        maxCalls: 20,
        disabled: false,
      });
      await h.store.db.deleteFrom('voice_trunks').execute();
    });
  });
}
