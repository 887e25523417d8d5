/**
 * Retention: rows past their account's retention are purged in batches (messages with their parts,
 * finished campaigns, replies, callbacks given up on), what they counted is kept per day so usage
 * reads the same, open messages and the ledger stay whole, per-account settings override the server's,
 * and SQLite gives the freed pages back. On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSum } from '../../src/store/repositories/ledger.js';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';

const DAY = 24 * 3600_000;
const ADMIN = { authorization: 'Bearer admin-secret' };

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`retention on ${sc.name}`, () => {
    let e: EngineHerald;
    beforeAll(async () => {
      e = await startEngineHerald(sc.name, {
        config: {
          adminToken: 'admin-secret',
          retention: { days: 30, batchSize: 7, maxPerRound: 1_000_000, everyMs: 3_600_000 },
        },
      });
    });
    afterAll(async () => {
      await e?.close();
    });

    it('purges what is past retention, keeps its counts per day, the open messages and the ledger', async () => {
      const { h } = e;
      const keeper = await h.newAccount({ name: 'keeper' });
      await h.call('PATCH', `/admin/accounts/${keeper.accountId}/settings`, {
        headers: ADMIN,
        json: { retentionDays: 60 },
      });
      const send = async (token: string, n: number, tag: string) => {
        const ids: string[] = [];
        for (let i = 0; i < n; i++) {
          const r = await h.call('POST', '/sms', {
            token,
            json: {
              from: 'Herald',
              to: `+30694855${String(1000 + i)}`,
              body: `${tag} ${i} ${'x'.repeat(i % 2 ? 200 : 10)}`,
            },
          });
          expect(r.status).toBe(200);
          ids.push(r.body.trackingId);
        }
        return ids;
      };
      const token = await h.token();
      const keeperToken = await h.token(keeper);
      const old = await send(token, 25, 'old');
      const recent = await send(token, 5, 'recent');
      const keeperOld = await send(keeperToken, 6, 'kept');
      const campaign = await h.call('POST', '/sms/campaign', {
        token,
        json: { from: 'Herald', to: ['+306948560001', '+306948560002'], body: 'Campaign', urlShortener: {} },
      });
      expect(campaign.status).toBe(200);
      const db = h.store.db;
      await waitFor(
        async () =>
          (await db.selectFrom('messages').select('id').where('status', 'in', ['Queued', 'Sent']).execute())
            .length === 0,
        15_000,
        'every message final',
      );
      await waitFor(
        async () =>
          (await h.call('GET', `/campaigns/${campaign.body.trackingId}`, { token })).body.state ===
          'Finished',
        10_000,
        'campaign finished',
      );
      // Forty days pass for the old ones (and for a message still open, which must stay).
      const past = Date.now() - 40 * DAY;
      await db
        .updateTable('messages')
        .set({ created_at: past })
        .where('id', 'in', [...old, ...keeperOld])
        .execute();
      const stuck = old[0]!;
      await db.updateTable('messages').set({ status: 'Sent' }).where('id', '=', stuck).execute();
      await db
        .updateTable('messages')
        .set({ created_at: past })
        .where('campaign_id', '=', campaign.body.trackingId)
        .execute();
      await db
        .updateTable('campaigns')
        .set({ ended_at: past, created_at: past })
        .where('id', '=', campaign.body.trackingId)
        .execute();
      await db
        .insertInto('callback_outbox')
        .values({
          account_id: h.account.accountId,
          kind: 'sms',
          order_key: 'k',
          url: 'http://127.0.0.1:9/',
          payload: '{}',
          state: 'failed',
          attempts: 6,
          last_error: 'x',
          next_attempt_at: past,
          created_at: past,
          updated_at: past,
        })
        .execute();

      const from = new Date(past - DAY).toISOString().slice(0, 10);
      const to = new Date(Date.now() + DAY).toISOString().slice(0, 10);
      const usage = async (t: string) =>
        (await h.call('GET', `/accounts/me/usage?from=${from}&to=${to}`, { token: t })).body;
      const before = {
        usage: await usage(token),
        keeper: await usage(keeperToken),
        ledger: await ledgerSum(db, h.account.accountId),
      };
      expect(before.usage.usage.reduce((s: number, r: { messages: number }) => s + r.messages, 0)).toBe(
        25 + 5 + 2,
      );

      const purged = await h.herald.engine!.retention.round();
      // 24 final old messages and 2 campaign messages with their parts, the campaign, its short link, the failed callback.
      expect(purged).toBeGreaterThanOrEqual(24 + 2 + 1 + 1);
      const left = async (ids: string[]) =>
        (await db.selectFrom('messages').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
      expect(await left(old)).toEqual([stuck]);
      expect((await left(recent)).length).toBe(5);
      expect((await left(keeperOld)).length).toBe(6);
      const parts = await db
        .selectFrom('message_parts')
        .select('message_id')
        .where('message_id', 'in', old)
        .execute();
      expect(new Set(parts.map((p) => p.message_id))).toEqual(new Set([stuck]));
      expect((await h.call('GET', `/campaigns/${campaign.body.trackingId}`, { token })).status).toBe(404);
      expect(
        await db
          .selectFrom('short_links')
          .select('code')
          .where('campaign_id', '=', campaign.body.trackingId)
          .execute(),
      ).toEqual([]);
      expect(
        await db.selectFrom('callback_outbox').select('id').where('state', '=', 'failed').execute(),
      ).toEqual([]);
      // The counts, the money and the ledger read the same.
      expect(await usage(token)).toEqual(before.usage);
      expect(await usage(keeperToken)).toEqual(before.keeper);
      expect(await ledgerSum(db, h.account.accountId)).toBe(before.ledger);
      // A second round finds nothing more.
      expect(await h.herald.engine!.retention.round()).toBe(0);
    });

    it.skipIf(sc.name !== 'sqlite')('gives the freed pages of the SQLite file back', async () => {
      const sqlite = e.h.store.sqlite!;
      expect(sqlite.pragma('auto_vacuum', { simple: true })).toBe(2);
      const token = await e.h.token();
      for (let i = 0; i < 300; i++)
        await e.h.call('POST', '/sms', {
          token,
          json: { from: 'Herald', to: '+306948570001', body: `filler ${i} ${'y'.repeat(600)}` },
        });
      await waitFor(
        async () =>
          (
            await e.h.store.db
              .selectFrom('messages')
              .select('id')
              .where('status', 'in', ['Queued', 'Sent'])
              .where('body', 'like', 'filler%')
              .execute()
          ).length === 0,
        15_000,
        'final',
      );
      await e.h.store.db
        .updateTable('messages')
        .set({ created_at: Date.now() - 40 * DAY })
        .execute();
      const pagesBefore = Number(sqlite.pragma('page_count', { simple: true }));
      await e.h.herald.engine!.retention.round();
      expect(Number(sqlite.pragma('freelist_count', { simple: true }))).toBe(0);
      expect(Number(sqlite.pragma('page_count', { simple: true }))).toBeLessThan(pagesBefore);
      expect(e.h.herald.engine!.retention.counters.pagesFreed).toBeGreaterThan(0);
    });
  });
}
