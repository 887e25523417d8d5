import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partClaimer } from '../../src/engine/part-claims.js';
import { StateWriter } from '../../src/engine/state-writer.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/database.js';
import { createMessageIngest } from '../../src/store/message-ingest.js';
import { ingestRecord } from '../helpers/messages.js';
import { fundedAccount, storeCases } from '../helpers/stores.js';

/**
 * A receipt is matched in memory when this node sent the part lately, else looked up in the database
 * (after a restart, on another node). Both ways must change the same rows and write the same callback.
 */
for (const sc of storeCases()) {
  describe(`receipts matched in memory and in the database on ${sc.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await sc.open();
    });
    afterAll(async () => {
      await store.close();
    });

    const now = 1_700_000_000_000;
    const record = (id: string) =>
      ingestRecord({
        accountId: 'rf',
        id,
        priceMicros: 42_000,
        now,
        body: 'Same body for both',
        label: 'a label',
        callback: { url: 'http://127.0.0.1:9/cb', strategy: 'OnCompletion' },
      });

    it('gives the same statuses and the same callback either way', async () => {
      await fundedAccount(store, 'rf', 1_000_000);
      const ingest = createMessageIngest(store);
      await Promise.all([ingest.accept(record('in-memory')), ingest.accept(record('looked-up'))]);
      const claimed = await partClaimer(store, 'node-rf', 30_000).claim(10, now);
      expect(claimed.map((p) => p.messageId).sort()).toEqual(['in-memory', 'looked-up']);
      const byMessage = new Map(claimed.map((p) => [p.messageId, p]));

      const writer = new StateWriter(store, () => now, createLogger('silent'), {
        flushEveryMs: 1,
        maxBatch: 100,
        parkRetryMs: 1_000,
        receiptTtlMs: 86_400_000,
      });
      const memory = byMessage.get('in-memory')!;
      const lookedUp = byMessage.get('looked-up')!;
      // The first part's Sent carries its claim (kept for its receipt); the second's does not, as
      // when the receipt reaches a node that did not send the part.
      await Promise.all([
        writer.submit({ type: 'sent', partId: memory.id, linkId: 'l1', smscId: '0A1B', part: memory }),
        writer.submit({ type: 'sent', partId: lookedUp.id, linkId: 'l1', smscId: '0C2D' }),
      ]);
      // Receipts in the other base (decimal for the hex ids), in one flush.
      await Promise.all(
        ['0A1B', '0C2D'].map((hex) =>
          writer.submit({
            type: 'receipt',
            linkId: 'l1',
            smscId: String(Number.parseInt(hex, 16)),
            stat: 'DELIVRD',
            err: '000',
            receivedAt: now,
          }),
        ),
      );
      expect(writer.counters.receiptsMatched).toBe(2);
      expect(writer.counters.receiptsMatchedInMemory).toBe(1);

      const parts = await store.db
        .selectFrom('message_parts')
        .select(['message_id', 'status', 'detailed_status', 'smsc_id', 'queue_state'])
        .where('account_id', '=', 'rf')
        .orderBy('message_id')
        .execute();
      expect(parts).toEqual([
        {
          message_id: 'in-memory',
          status: 'Delivered',
          detailed_status: 'Delivered',
          smsc_id: 'a1b',
          queue_state: 'done',
        },
        {
          message_id: 'looked-up',
          status: 'Delivered',
          detailed_status: 'Delivered',
          smsc_id: 'c2d',
          queue_state: 'done',
        },
      ]);
      const messages = await store.db
        .selectFrom('messages')
        .select(['id', 'status'])
        .where('account_id', '=', 'rf')
        .orderBy('id')
        .execute();
      expect(messages.map((m) => `${m.id}:${m.status}`)).toEqual([
        'in-memory:Delivered',
        'looked-up:Delivered',
      ]);

      const outbox = await store.db
        .selectFrom('callback_outbox')
        .select(['order_key', 'url', 'payload'])
        .where('account_id', '=', 'rf')
        .orderBy('order_key')
        .execute();
      expect(outbox.map((o) => o.order_key)).toEqual(['in-memory-p0', 'looked-up-p0']);
      const [a, b] = outbox.map((o) => JSON.parse(o.payload) as Record<string, unknown>);
      expect(a).toMatchObject({ messageId: 'in-memory', smsId: 'in-memory-p0', label: 'a label' });
      expect(a!.status).toMatchObject({ name: 'Delivered' });
      const { messageId: _a1, smsId: _a2, ...restA } = a!;
      const { messageId: _b1, smsId: _b2, ...restB } = b!;
      expect(restA).toEqual(restB);
    });
  });
}
