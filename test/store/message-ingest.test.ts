import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { createMessageIngest } from '../../src/store/message-ingest.js';
import { ingestRecord } from '../helpers/messages.js';
import { balanceOf, ledgerSum, listEntries } from '../../src/store/repositories/ledger.js';
import { fundedAccount, storeCases, storeForSuite } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`message ingest (group commit) on ${sc.name}`, () => {
    let store: Store;
    storeForSuite(sc, (s) => (store = s));

    const account = (id: string, balance: number) => fundedAccount(store, id, balance);

    const quoted = `it's "quoted", {braced} and \\ back-slashed`;
    const record = (accountId: string, id: string, parts: number, priceMicros: number) =>
      ingestRecord({ accountId, id, parts, priceMicros, body: quoted });

    it('stores a batch with its parts, charging each message in turn on the ledger', async () => {
      await account('i1', 1_000_000);
      const ingest = createMessageIngest(store);
      // Accepted in the same tick: one batch.
      const outcomes = await Promise.all([
        ingest.accept(record('i1', 'm1', 1, 50_000)),
        ingest.accept(record('i1', 'm2', 3, 50_000)),
        ingest.accept(record('i1', 'm3', 2, 50_000)),
      ]);
      expect(outcomes).toEqual(['stored', 'stored', 'stored']);
      expect(await balanceOf(store.db, 'i1')).toBe(700_000);
      const { rows } = await listEntries(store.db, 'i1', { offset: 0, limit: 10 });
      const charges = rows
        .filter((r) => r.kind === 'charge')
        .map((r) => [r.reference, r.amount_micros, r.balance_after_micros])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(charges).toEqual([
        ['m1', -50_000, 950_000],
        ['m2', -150_000, 800_000],
        ['m3', -100_000, 700_000],
      ]);
      const messages = await store.db
        .selectFrom('messages')
        .selectAll()
        .where('account_id', '=', 'i1')
        .execute();
      expect(messages.map((m) => m.id).sort()).toEqual(['m1', 'm2', 'm3']);
      expect(messages[0]!.body).toBe(quoted);
      const parts = await store.db
        .selectFrom('message_parts')
        .select(['message_id', 'part_index', 'queue_state', 'price_micros'])
        .where('account_id', '=', 'i1')
        .orderBy('message_id')
        .orderBy('part_index')
        .execute();
      expect(parts.map((p) => `${p.message_id}/${p.part_index}/${p.queue_state}/${p.price_micros}`)).toEqual([
        'm1/0/ready/50000',
        'm2/0/ready/50000',
        'm2/1/ready/50000',
        'm2/2/ready/50000',
        'm3/0/ready/50000',
        'm3/1/ready/50000',
      ]);
    });

    it('when the balance covers only part of a batch, stores what it covers, first come first served', async () => {
      await account('i2', 200_000);
      const ingest = createMessageIngest(store);
      const outcomes = await Promise.all([
        ingest.accept(record('i2', 'n1', 2, 50_000)),
        ingest.accept(record('i2', 'n2', 3, 50_000)),
        ingest.accept(record('i2', 'n3', 2, 50_000)),
      ]);
      expect(outcomes).toEqual(['stored', 'insufficient-balance', 'stored']);
      expect(await balanceOf(store.db, 'i2')).toBe(0);
      expect(await ledgerSum(store.db, 'i2')).toBe(0);
      const stored = await store.db
        .selectFrom('messages')
        .select('id')
        .where('account_id', '=', 'i2')
        .execute();
      expect(stored.map((m) => m.id).sort()).toEqual(['n1', 'n3']);
      const parts = await store.db
        .selectFrom('message_parts')
        .select('message_id')
        .where('account_id', '=', 'i2')
        .execute();
      expect(parts).toHaveLength(4);
    });

    it('a record that cannot be stored fails alone; the rest of its batch is stored', async () => {
      await account('i3', 1_000_000);
      const ingest = createMessageIngest(store);
      await ingest.accept(record('i3', 'dup', 1, 10_000));
      const outcomes = await Promise.allSettled([
        ingest.accept(record('i3', 'k1', 1, 10_000)),
        ingest.accept(record('i3', 'dup', 1, 10_000)),
        ingest.accept(record('i3', 'k2', 1, 10_000)),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await balanceOf(store.db, 'i3')).toBe(970_000);
      expect(await ledgerSum(store.db, 'i3')).toBe(970_000);
    });

    it('batches of two nodes written at once, across accounts, charge every stored message once and no more than the balance', async () => {
      await account('c1', 3_000_000);
      await account('c2', 2_000_000);
      // Two nodes' ingests (their batches interleave on PostgreSQL; SQLite writes one at a time), with
      // records of both accounts in each batch, accepted over several ticks: 120 records of 50,000
      // each, 100 of them covered.
      // The two nodes' batches of a tick start with different accounts; each takes the accounts' rows
      // in one order (by id), so they never wait on each other crosswise (a deadlock, which would
      // cost a second before PostgreSQL broke it and the batch was written again one by one).
      const accountOf = (n: number) => ((n + Math.floor(n / 10)) % 2 === 0 ? 'c1' : 'c2');
      const nodes = [createMessageIngest(store, 5), createMessageIngest(store, 5)];
      const accepted: Array<Promise<string>> = [];
      for (let tick = 0; tick < 12; tick++) {
        for (let k = 0; k < 10; k++) {
          const n = tick * 10 + k;
          accepted.push(nodes[Math.floor(n / 5) % 2]!.accept(record(accountOf(n), `cc${n}`, 1, 50_000)));
        }
        await new Promise((r) => setImmediate(r));
      }
      const outcomes = await Promise.all(accepted);
      const storedOf = (a: string) => outcomes.filter((o, n) => o === 'stored' && accountOf(n) === a);
      expect(storedOf('c1')).toHaveLength(60);
      expect(storedOf('c2')).toHaveLength(40);
      expect(await balanceOf(store.db, 'c1')).toBe(0);
      expect(await balanceOf(store.db, 'c2')).toBe(0);
      expect(await ledgerSum(store.db, 'c1')).toBe(0);
      expect(await ledgerSum(store.db, 'c2')).toBe(0);
      const messages = await store.db
        .selectFrom('messages')
        .select(['account_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('account_id', 'in', ['c1', 'c2'])
        .groupBy('account_id')
        .orderBy('account_id')
        .execute();
      expect(messages.map((m) => [m.account_id, Number(m.n)])).toEqual([
        ['c1', 60],
        ['c2', 40],
      ]);
    });
  });
}
