import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { balanceOf, debit, ledgerSum, listEntries } from '../../src/store/repositories/ledger.js';
import { fundedAccount, storeCases, storeForSuite } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`ledger on ${sc.name}`, () => {
    let store: Store;
    storeForSuite(sc, (s) => (store = s));

    const account = (id: string, balance: number) => fundedAccount(store, id, balance);

    it('debits when covered and refuses when short, leaving nothing written', async () => {
      await account('a1', 1_000_000);
      const after = await store.db
        .transaction()
        .execute((trx) =>
          debit(trx, { accountId: 'a1', amountMicros: 400_000, kind: 'charge', reference: 'm1', now: 2 }),
        );
      expect(after).toBe(600_000);
      const refused = await store.db
        .transaction()
        .execute((trx) =>
          debit(trx, { accountId: 'a1', amountMicros: 600_001, kind: 'charge', reference: 'm2', now: 3 }),
        );
      expect(refused).toBeNull();
      expect(await balanceOf(store.db, 'a1')).toBe(600_000);
      const { rows, total } = await listEntries(store.db, 'a1', { offset: 0, limit: 10 });
      expect(total).toBe(2);
      expect(rows.map((r) => [r.kind, r.amount_micros, r.balance_after_micros])).toEqual([
        ['charge', -400_000, 600_000],
        ['topup', 1_000_000, 1_000_000],
      ]);
    });

    it('debits the exact balance down to zero, and not one micro-unit more', async () => {
      await account('exact', 250_000);
      const debitOf = (amountMicros: number, reference: string) =>
        store.db
          .transaction()
          .execute((trx) =>
            debit(trx, { accountId: 'exact', amountMicros, kind: 'charge', reference, now: 4 }),
          );
      expect(await debitOf(250_001, 'over')).toBeNull();
      expect(await balanceOf(store.db, 'exact')).toBe(250_000);
      expect(await debitOf(250_000, 'all')).toBe(0);
      expect(await balanceOf(store.db, 'exact')).toBe(0);
      expect(await debitOf(1, 'one more')).toBeNull();
      expect(await ledgerSum(store.db, 'exact')).toBe(0);
    });

    it('never overspends under concurrent debits, and the ledger sums to the balance', async () => {
      await account('a2', 1_000_000);
      // 50 concurrent spends of 0.03 against 1.00: exactly 33 may succeed.
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.db.transaction().execute((trx) =>
            debit(trx, {
              accountId: 'a2',
              amountMicros: 30_000,
              kind: 'charge',
              reference: `c${i}`,
              now: 5,
            }),
          ),
        ),
      );
      const ok = results.filter((r) => r !== null);
      expect(ok).toHaveLength(33);
      expect(await balanceOf(store.db, 'a2')).toBe(10_000);
      expect(await ledgerSum(store.db, 'a2')).toBe(10_000);
    });

    it('rejects a negative balance at the database level too', async () => {
      await account('a3', 100);
      await expect(
        store.db.updateTable('accounts').set({ balance_micros: -1 }).where('id', '=', 'a3').execute(),
      ).rejects.toThrow();
    });
  });
}
