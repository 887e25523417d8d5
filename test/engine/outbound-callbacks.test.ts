/**
 * Callbacks obey the outbound policy on the connection itself: a receiver address that the policy
 * refuses (here a callback default stored before the operator turned `denyPrivate` on) gets no
 * request, and the outbox records one neutral reason. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_MESSAGE } from '../../src/security/outbound-policy.js';
import { updateAccountSettings } from '../../src/store/repositories/accounts.js';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`callbacks under the outbound policy on ${sc.name}`, () => {
    let e: EngineHerald;
    beforeAll(async () => {
      e = await startEngineHerald(sc.name, { config: { outbound: { denyPrivate: true, allow: [] } } });
    });
    afterAll(async () => {
      await e?.close();
    });

    it('never reaches a refused receiver and says why without naming its address', async () => {
      const { h, hook } = e;
      await updateAccountSettings(h.store.db, h.account.accountId, {
        callback: { url: `${hook.url}/cb`, strategy: 'OnChange' },
      });
      const token = await h.token();
      const res = await h.call('POST', '/sms', {
        token,
        json: { from: 'Herald', to: '+306948530920', body: 'Hi' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const id = res.body.trackingId as string;
      let rows: Array<{ last_error: string | null; attempts: number }> = [];
      await waitFor(
        async () => {
          rows = await h.store.db
            .selectFrom('callback_outbox')
            .select(['last_error', 'attempts'])
            .where('account_id', '=', h.account.accountId)
            .execute();
          return rows.length === 3 && rows.every((r) => r.attempts >= 2);
        },
        10_000,
        'three callbacks tried twice',
      );
      expect(new Set(rows.map((r) => r.last_error))).toEqual(new Set([REFUSED_MESSAGE]));
      expect(hook.received.filter((c) => c.body?.messageId === id)).toEqual([]);
    });
  });
}
