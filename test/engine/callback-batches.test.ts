import { describe, expect, it } from 'vitest';
import { expandExpiredCallbackBatches } from '../../src/engine/callbacks/callback-batches.js';
import { CallbackSender } from '../../src/engine/callbacks/callback-sender.js';
import { partClaimer } from '../../src/store/part-claims.js';
import type { ReadyCallback } from '../../src/engine/callbacks/callback-handoff.js';
import { StateWriter } from '../../src/engine/sms/state-writer.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/database.js';
import { createMessageIngest } from '../../src/store/message-ingest.js';
import { ingestRecord } from '../helpers/messages.js';
import { fundedAccount, storeCases, storeForSuite } from '../helpers/stores.js';
import { waitFor } from '../helpers/process.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { OUTBOUND_DEFAULTS, OutboundPolicy } from '../../src/security/outbound-policy.js';
import { callbackRenderers } from '../../src/api/callback-renderers.js';

/**
 * Final statuses reported on completion go to the sender as one callback batch row per flush; when
 * the node dies before the sender is done, the batch becomes outbox rows with the same payloads.
 */
for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`callback batches on ${sc.name}`, () => {
    let store: Store;
    storeForSuite(sc, (s) => (store = s));

    const now = 1_700_000_000_000;
    const leaseMs = 15_000;
    const newWriter = (clock: () => number) =>
      new StateWriter(store, clock, createLogger('silent'), {
        flushEveryMs: 1,
        maxBatch: 100,
        parkRetryMs: 1_000,
        receiptTtlMs: 86_400_000,
        renderers: callbackRenderers,
      });
    /** A writer at `now` whose hand-over collects the callbacks into `handed`. */
    const writerHandingTo = (handed: ReadyCallback[]) => {
      const writer = newWriter(() => now);
      writer.handoff = { room: () => 100, leaseMs, take: (c) => handed.push(...c) };
      return writer;
    };

    it('writes one batch row for a flush, hands its callbacks over, and rebuilds them after the lease', async () => {
      await fundedAccount(store, 'cb1', 1_000_000);
      const ingest = createMessageIngest(store);
      const onCompletion = { url: 'http://127.0.0.1:9/done', strategy: 'OnCompletion' };
      const onChange = { url: 'http://127.0.0.1:9/change', strategy: 'OnChange' };
      await Promise.all([
        ingest.accept(
          ingestRecord({ accountId: 'cb1', id: 'b-ok', now, label: 'x', callback: onCompletion }),
        ),
        ingest.accept(ingestRecord({ accountId: 'cb1', id: 'b-lost', now, callback: onCompletion })),
        ingest.accept(ingestRecord({ accountId: 'cb1', id: 'b-change', now, callback: onChange })),
      ]);
      const claimed = await partClaimer(store, 'node-cb1', 30_000).claim(10, now);
      expect(claimed.map((p) => p.messageId).sort()).toEqual(['b-change', 'b-lost', 'b-ok']);

      const handed: ReadyCallback[] = [];
      const writer = writerHandingTo(handed);
      const smscId = (p: (typeof claimed)[number]) => `${p.messageId.slice(2)}-id`;
      await Promise.all(
        claimed.map((p) =>
          writer.submit({ type: 'sent', partId: p.id, linkId: 'l1', smscId: smscId(p), part: p }),
        ),
      );
      await Promise.all(
        claimed.map((p) =>
          writer.submit({
            type: 'receipt',
            linkId: 'l1',
            smscId: smscId(p),
            stat: p.messageId === 'b-lost' ? 'UNDELIV' : 'DELIVRD',
            err: p.messageId === 'b-lost' ? '001' : '000',
            receivedAt: now,
          }),
        ),
      );

      // On completion: one batch of two, no outbox row. On change: outbox rows (Sent, then Delivered).
      const batches = await store.db.selectFrom('callback_batches').selectAll().execute();
      expect(batches).toHaveLength(1);
      const partOf = new Map(claimed.map((p) => [p.messageId, p.id]));
      expect(batches[0]!.part_ids.split(',').map(Number).sort()).toEqual(
        [partOf.get('b-ok'), partOf.get('b-lost')].sort(),
      );
      expect(Number(batches[0]!.lease_until)).toBe(now + leaseMs);
      const outbox = await store.db
        .selectFrom('callback_outbox')
        .select(['order_key', 'url'])
        .where('account_id', '=', 'cb1')
        .execute();
      expect(outbox.map((o) => o.url)).toEqual([onChange.url, onChange.url]);

      const inBatch = handed.filter((c) => c.batch);
      expect(inBatch).toHaveLength(2);
      expect(inBatch[0]!.batch).toBe(inBatch[1]!.batch);
      expect(inBatch[0]!.batch).toEqual({ id: Number(batches[0]!.id), remaining: 2 });
      const statusOf = (payload: string) =>
        (JSON.parse(payload) as { messageId: string; status: { name: string } }).status.name;
      const handedByMessage = new Map(
        inBatch.map((c) => [(JSON.parse(c.payload) as { messageId: string }).messageId, c]),
      );
      expect(statusOf(handedByMessage.get('b-ok')!.payload)).toBe('Delivered');
      expect(statusOf(handedByMessage.get('b-lost')!.payload)).toBe('Undelivered');

      // The lease still runs: nothing to expand.
      expect(await expandExpiredCallbackBatches(store, callbackRenderers, now + leaseMs - 1)).toBe(0);
      // The node died: the batch becomes outbox rows due now, with the payloads it handed over.
      const later = now + leaseMs + 5;
      expect(await expandExpiredCallbackBatches(store, callbackRenderers, later)).toBe(2);
      expect(await store.db.selectFrom('callback_batches').selectAll().execute()).toEqual([]);
      const rebuilt = await store.db
        .selectFrom('callback_outbox')
        .select(['order_key', 'url', 'payload', 'state', 'attempts', 'next_attempt_at', 'kind'])
        .where('url', '=', onCompletion.url)
        .orderBy('order_key')
        .execute();
      expect(rebuilt.map((r) => ({ ...r, next_attempt_at: Number(r.next_attempt_at) }))).toEqual(
        ['b-lost', 'b-ok'].map((id) => {
          const c = handedByMessage.get(id)!;
          return {
            order_key: c.batch ? c.orderKey : '',
            url: onCompletion.url,
            payload: c.payload,
            state: 'pending',
            attempts: 0,
            next_attempt_at: later,
            kind: 'sms',
          };
        }),
      );
      // Taken once: a second look finds nothing.
      expect(await expandExpiredCallbackBatches(store, callbackRenderers, later + 1)).toBe(0);
    });

    it('deletes a batch once the sender reports it done', async () => {
      await fundedAccount(store, 'cb2', 1_000_000);
      const ingest = createMessageIngest(store);
      const onCompletion = { url: 'http://127.0.0.1:9/done2', strategy: 'OnCompletion' };
      await ingest.accept(ingestRecord({ accountId: 'cb2', id: 'c-ok', now, callback: onCompletion }));
      const [part] = await partClaimer(store, 'node-cb2', 30_000).claim(10, now);
      const handed: ReadyCallback[] = [];
      const writer = writerHandingTo(handed);
      await writer.submit({ type: 'sent', partId: part!.id, linkId: 'l1', smscId: 'c-ok-id', part });
      await writer.submit({
        type: 'receipt',
        linkId: 'l1',
        smscId: 'c-ok-id',
        stat: 'DELIVRD',
        err: '000',
        receivedAt: now,
      });
      expect(handed).toHaveLength(1);
      const batchId = handed[0]!.batch!.id;
      const ids = async () =>
        (await store.db.selectFrom('callback_batches').select('id').execute()).map((r) => Number(r.id));
      expect(await ids()).toContain(batchId);
      await writer.submit({ type: 'callbacks-delivered', ids: [], batches: [batchId] });
      expect(await ids()).not.toContain(batchId);
      expect(await expandExpiredCallbackBatches(store, callbackRenderers, now + leaseMs + 1)).toBe(0);
    });

    it('moves a failed callback of a batch to the outbox, and on stop the ones not started', async () => {
      const receiver = new WebhookReceiver();
      await receiver.start();
      // The first callback is refused; the second is held 300 ms; the sender sends one at a time.
      receiver.respond = (n) => (n === 1 ? 500 : 200);
      await fundedAccount(store, 'cb3', 1_000_000);
      const ingest = createMessageIngest(store);
      const callback = { url: `${receiver.url}/cb3`, strategy: 'OnCompletion' };
      const ids = ['d-1', 'd-2', 'd-3', 'd-4'];
      const t0 = Date.now();
      await Promise.all(
        ids.map((id) => ingest.accept(ingestRecord({ accountId: 'cb3', id, now: t0, callback }))),
      );
      const claimed = await partClaimer(store, 'node-cb3', 30_000).claim(10, t0);
      const logger = createLogger('silent');
      const writer = newWriter(Date.now);
      const sender = new CallbackSender(
        store,
        Date.now,
        logger,
        {
          concurrency: 1,
          timeoutMs: 2_000,
          pollMs: 60_000,
          leaseMs: 6_000,
          backoffMs: [60_000],
          renderers: callbackRenderers,
        },
        new OutboundPolicy(OUTBOUND_DEFAULTS),
        ({ ids: rows, batches: done }) =>
          writer.submit({ type: 'callbacks-delivered', ids: rows, batches: done }),
      );
      writer.handoff = sender;
      sender.start();
      try {
        const byId = new Map(claimed.map((p) => [p.messageId, p]));
        const sent = ids.map((id) => byId.get(id)!);
        await Promise.all(
          sent.map((p) =>
            writer.submit({ type: 'sent', partId: p.id, linkId: 'l1', smscId: `${p.messageId}-x`, part: p }),
          ),
        );
        receiver.delayMs = 300;
        await Promise.all(
          sent.map((p) =>
            writer.submit({
              type: 'receipt',
              linkId: 'l1',
              smscId: `${p.messageId}-x`,
              stat: 'DELIVRD',
              err: '000',
              receivedAt: Date.now(),
            }),
          ),
        );
        expect(await store.db.selectFrom('callback_batches').selectAll().execute()).toHaveLength(1);
        // The refused one (answered after 300 ms) is in the outbox, its attempt counted; then the second
        // is in flight, two wait in memory.
        await waitFor(() => receiver.received.length >= 2, 5_000, 'two callbacks to reach the receiver');
        await sender.stop();
        const outbox = await store.db
          .selectFrom('callback_outbox')
          .select(['order_key', 'state', 'attempts', 'last_error', 'payload'])
          .where('account_id', '=', 'cb3')
          .orderBy('attempts', 'desc')
          .orderBy('order_key')
          .execute();
        const first = (receiver.received[0]!.body as { smsId: string }).smsId;
        const second = (receiver.received[1]!.body as { smsId: string }).smsId;
        const notStarted = sent
          .map((p) => p.smsId)
          .filter((k) => k !== first && k !== second)
          .sort();
        expect(outbox.map((o) => [o.order_key, o.state, o.attempts])).toEqual([
          [first, 'pending', 1],
          ...notStarted.map((k) => [k, 'pending', 0]),
        ]);
        expect(outbox[0]!.last_error).toContain('500');
        expect(outbox[0]!.payload).toBe(receiver.received[0]!.raw);
        // Every callback of the batch is delivered or in the outbox: the batch is gone.
        expect(await store.db.selectFrom('callback_batches').selectAll().execute()).toEqual([]);
        expect(receiver.received).toHaveLength(2);
      } finally {
        await sender.stop();
        await receiver.stop();
      }
    });
  });
}
