/**
 * Replaying failed callbacks: a receiver that answers 500 makes Herald retry and give up; the failing
 * callback is listed (Herald's API and the console's) with its attempts and last error; once the
 * receiver is mended, a replay by id sends it again now and it leaves the list. Another account can
 * neither see nor replay it; a replay of all of an unknown campaign is a 404. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../helpers/console-session.js';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`callback replay on ${sc.name}`, () => {
    let e: EngineHerald;
    beforeAll(async () => {
      e = await startEngineHerald(sc.name);
    });
    afterAll(async () => e?.close());

    it('lists a callback given up on and delivers it again on replay', async () => {
      const { h, hook } = e;
      hook.respond = 500;
      const token = await h.token();
      const sent = await h.call('POST', '/sms', {
        token,
        json: {
          from: 'Herald',
          to: '+33612345678',
          body: 'hello',
          callback: { url: `${hook.url}/sms`, strategy: 'OnCompletion' },
        },
      });
      expect(sent.status).toBe(200);
      const failing = async () =>
        (await h.call('GET', '/accounts/me/callbacks/failing?failedOnly=true', { token })).body;
      // The first POST and five more (backoff of 50 ms in tests), then given up.
      await waitFor(async () => (await failing()).totalElements === 1, 15_000, 'callback given up');
      const item = (await failing()).content[0];
      expect(item).toMatchObject({
        kind: expect.any(String),
        url: `${hook.url}/sms`,
        state: 'Failed',
        attempts: 6,
        nextAttemptDate: null,
      });
      expect(item.lastError).toMatch(/500/);
      expect(JSON.parse(item.payload)).toMatchObject({ messageId: sent.body.trackingId });
      expect(hook.received.length).toBe(6);

      const s = await consoleSession(h);
      const listed = await s.call('GET', '/callbacks');
      expect(listed.body).toMatchObject({ total: 1, items: [{ id: item.id, state: 'failed', attempts: 6 }] });

      const other = await h.newAccount({ name: 'other' });
      const otherToken = await h.token(other);
      const theirs = await h.call('POST', '/accounts/me/callbacks/replay', {
        token: otherToken,
        json: { ids: [item.id] },
      });
      expect(theirs.body).toEqual({ replayed: 0 });
      expect(
        (await h.call('GET', '/accounts/me/callbacks/failing', { token: otherToken })).body.totalElements,
      ).toBe(0);
      const unknown = await h.call('POST', '/accounts/me/callbacks/replay', {
        token,
        json: { all: true, campaignId: 'no-such-campaign' },
      });
      expect(unknown.status).toBe(404);
      const empty = await h.call('POST', '/accounts/me/callbacks/replay', { token, json: {} });
      expect(empty.status).toBe(400);

      hook.respond = 200;
      const replayed = await h.call('POST', '/accounts/me/callbacks/replay', {
        token,
        json: { ids: [String(item.id)] },
      });
      expect(replayed.status).toBe(200);
      expect(replayed.body).toEqual({ replayed: 1 });
      await waitFor(() => hook.received.length === 7, 10_000, 'replayed callback');
      expect(hook.received[6]!.body).toMatchObject({ messageId: sent.body.trackingId });
      await waitFor(async () => (await s.call('GET', '/callbacks')).body.total === 0, 10_000, 'list emptied');
    });
  });
}
