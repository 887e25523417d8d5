/**
 * After a crash: a node restarted under the same node id frees the claims its previous process left
 * (PostgreSQL), and receipts of the first copy of a part sent twice — whose operator id was lost with
 * the process — are settled within receiptTtlMs at growing intervals, not retried every second for a
 * day. On SQLite and PostgreSQL where it applies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkConfig } from '../../src/carriers/smpp/link-config.js';
import { DeliveryEngine } from '../../src/engine/runtime/engine.js';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { StateWriter } from '../../src/engine/sms/state-writer.js';
import { createLogger } from '../../src/logger.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import type { Store } from '../../src/store/database.js';
import { createMessageIngest } from '../../src/store/message-ingest.js';
import { ingestRecord } from '../helpers/messages.js';
import { waitFor } from '../helpers/process.js';
import { fundedAccount, openTestStore, pgUrl, storeCases, storeForSuite } from '../helpers/stores.js';
import { callbackRenderers } from '../../src/api/callback-renderers.js';
import { engineHooks } from '../../src/engine-hooks.js';

describe.skipIf(!pgUrl)('a node restarted under the same id (PostgreSQL)', () => {
  let store: Store;
  const smsc = new SmscSimulator({ receiptDelayMs: 10 });
  const engines: DeliveryEngine[] = [];
  beforeAll(async () => {
    store = await openTestStore('postgres');
    await smsc.start();
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    await smsc.stop();
    await store.close();
  });

  it("frees its previous run's claims at once, so the node running the link sends them", async () => {
    const now = Date.now();
    await fundedAccount(store, 'rs', 10_000_000);
    await createMessageIngest(store).accept(
      ingestRecord({ accountId: 'rs', id: 'left-behind', priceMicros: 1, now }),
    );
    const part = await store.db
      .selectFrom('message_parts')
      .select('id')
      .where('message_id', '=', 'left-behind')
      .executeTakeFirstOrThrow();
    // The previous process of node "a" claimed the part (a lease of 30 s) and died; "a" comes back
    // within 5 s, so the other node sees it alive.
    await store.db
      .insertInto('nodes')
      .values({ id: 'a', started_at: now - 60_000, heartbeat_at: now })
      .execute();
    await store.db
      .insertInto('part_leases')
      .values({ node_id: 'a', lease_until: now + 30_000, part_ids: [Number(part.id)] } as never)
      .execute();
    const options = { ...ENGINE_DEFAULTS, maintenanceEveryMs: 200 };
    const logger = createLogger('silent');
    const b = new DeliveryEngine(store, Date.now, logger, { ...options, nodeId: 'b' }, engineHooks);
    engines.push(b);
    await b.start([linkConfig({ id: 'op', host: '127.0.0.1', port: smsc.port })]);
    await waitFor(() => smsc.boundSessions === 1, 5000, 'b binds');
    await new Promise((r) => setTimeout(r, 500));
    expect(smsc.received).toHaveLength(0); // held by a's lease
    const a = new DeliveryEngine(store, Date.now, logger, { ...options, nodeId: 'a' }, engineHooks);
    engines.push(a);
    const restartedAt = Date.now();
    await a.start([]);
    await waitFor(() => smsc.received.length === 1, 3000, 'sent by b once a let go');
    expect(smsc.received[0]!.destination).toBe('306948530920');
    const node = await store.db
      .selectFrom('nodes')
      .select('started_at')
      .where('id', '=', 'a')
      .executeTakeFirstOrThrow();
    expect(Number(node.started_at)).toBeGreaterThanOrEqual(restartedAt);
  });
});

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`receipts that match no part on ${sc.name}`, () => {
    let store: Store;
    storeForSuite(sc, (s) => (store = s));

    it('are settled after receiptTtlMs, tried at growing intervals', async () => {
      let now = 1_700_000_000_000;
      const writer = new StateWriter(store, () => now, createLogger('silent'), {
        flushEveryMs: 1,
        maxBatch: 100,
        parkRetryMs: 1_000,
        receiptTtlMs: 60_000,
        renderers: callbackRenderers,
      });
      await writer.submit({
        type: 'receipt',
        linkId: 'l1',
        smscId: 'lost-1',
        stat: 'DELIVRD',
        err: '000',
        receivedAt: now,
      });
      expect(writer.counters.receiptsParked).toBe(1);
      // The engine's maintenance hands due parked receipts back; here by hand, each time it is due.
      let tries = 0;
      for (;;) {
        const parked = await store.db.selectFrom('parked_receipts').selectAll().execute();
        if (parked.length === 0) break;
        const p = parked[0]!;
        now = Math.max(now, Number(p.next_attempt_at));
        tries++;
        await writer.submit({
          type: 'receipt',
          linkId: p.link_id,
          smscId: p.smsc_id,
          stat: p.stat as 'DELIVRD',
          err: p.err,
          receivedAt: Number(p.received_at),
          parkedId: Number(p.id),
          parkedAttempts: Number(p.attempts),
        });
      }
      // 2, 4, 8, 15, 15, 15 s… then settled past the minute: a handful of tries, not 86,400.
      expect(tries).toBeLessThanOrEqual(10);
      expect(now - 1_700_000_000_000).toBeGreaterThan(60_000);
      expect(writer.counters.receiptsDropped).toBe(1);
      await writer.drain();
    });
  });
}
