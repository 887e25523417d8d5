import { describe, expect, it } from 'vitest';
import { partClaimer } from '../../src/store/part-claims.js';
import { StateWriter } from '../../src/engine/sms/state-writer.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/database.js';
import { createMessageIngest } from '../../src/store/message-ingest.js';
import { ingestRecord } from '../helpers/messages.js';
import { fundedAccount, storeCases, storeForSuite } from '../helpers/stores.js';
import { callbackRenderers } from '../../src/api/callback-renderers.js';

/**
 * A receipt is matched in memory when this node sent the part lately, else looked up in the database
 * (after a restart, on another node). Both ways must change the same rows and write the same callback.
 */
for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`receipts matched in memory and in the database on ${sc.name}`, () => {
    let store: Store;
    storeForSuite(sc, (s) => (store = s));

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
        renderers: callbackRenderers,
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

    it('gives a part sent and receipted in one flush both changes: final row, message status, every callback', async () => {
      await fundedAccount(store, 'rf2', 1_000_000);
      const ingest = createMessageIngest(store);
      const onChange = { url: 'http://127.0.0.1:9/cb', strategy: 'OnChange' };
      const rec = (id: string) => ({ ...ingestRecord({ accountId: 'rf2', id, now, callback: onChange }) });
      await Promise.all(['ok', 'lost', 'later'].map((id) => ingest.accept(rec(id))));
      const claimed = await partClaimer(store, 'node-rf2', 30_000).claim(10, now);
      const part = new Map(claimed.map((p) => [p.messageId, p]));
      expect([...part.keys()].sort()).toEqual(['later', 'lost', 'ok']);

      const writer = new StateWriter(store, () => now, createLogger('silent'), {
        flushEveryMs: 50,
        maxBatch: 100,
        parkRetryMs: 1_000,
        receiptTtlMs: 86_400_000,
        renderers: callbackRenderers,
      });
      const sent = (id: string, smscId: string) =>
        writer.submit({ type: 'sent', partId: part.get(id)!.id, linkId: 'l1', smscId, part: part.get(id)! });
      const receipt = (smscId: string, stat: 'DELIVRD' | 'UNDELIV' | 'ENROUTE', err = '000') =>
        writer.submit({ type: 'receipt', linkId: 'l1', smscId, stat, err, receivedAt: now });
      // One flush: three submits; a final receipt for two of them (one after a non-final one, in the
      // other base), a non-final one only for the third.
      await Promise.all([
        sent('ok', '1f'),
        sent('lost', '20'),
        sent('later', '21'),
        receipt('31', 'ENROUTE'),
        receipt('31', 'DELIVRD'),
        receipt('20', 'UNDELIV', '001'),
        receipt('21', 'ENROUTE'),
      ]);
      expect(writer.counters.flushes).toBe(1);
      const parts = await store.db
        .selectFrom('message_parts')
        .select(['message_id', 'status', 'detailed_status', 'smsc_id', 'link_id', 'submitted_at', 'final_at'])
        .where('account_id', '=', 'rf2')
        .orderBy('message_id')
        .execute();
      expect(
        parts.map((p) => ({
          ...p,
          submitted_at: Number(p.submitted_at),
          final_at: p.final_at && Number(p.final_at),
        })),
      ).toEqual([
        {
          message_id: 'later',
          status: 'Sent',
          detailed_status: null,
          smsc_id: '21',
          link_id: 'l1',
          submitted_at: now,
          final_at: null,
        },
        {
          message_id: 'lost',
          status: 'Undelivered',
          detailed_status: 'Unknown Number',
          smsc_id: '20',
          link_id: 'l1',
          submitted_at: now,
          final_at: now,
        },
        {
          message_id: 'ok',
          status: 'Delivered',
          detailed_status: 'Delivered',
          smsc_id: '1f',
          link_id: 'l1',
          submitted_at: now,
          final_at: now,
        },
      ]);
      const messages = await store.db
        .selectFrom('messages')
        .select(['id', 'status', 'detailed_status'])
        .where('account_id', '=', 'rf2')
        .orderBy('id')
        .execute();
      expect(messages.map((m) => `${m.id}:${m.status}/${m.detailed_status}`)).toEqual([
        'later:Sent/null',
        'lost:Undelivered/Unknown Number',
        'ok:Delivered/Delivered',
      ]);
      // OnChange: the Sent callback of each part, then the final one, in that order per part.
      const outbox = await store.db
        .selectFrom('callback_outbox')
        .select(['order_key', 'payload'])
        .where('account_id', '=', 'rf2')
        .where('kind', '=', 'sms')
        .orderBy('id')
        .execute();
      const statuses = (key: string) =>
        outbox
          .filter((o) => o.order_key === key)
          .map((o) => (JSON.parse(o.payload) as { status: { name: string } }).status.name);
      expect(statuses('ok-p0')).toEqual(['Sent', 'Delivered']);
      expect(statuses('lost-p0')).toEqual(['Sent', 'Undelivered']);
      expect(statuses('later-p0')).toEqual(['Sent']);
    });
  });
}
