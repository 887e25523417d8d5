// The one contact upsert by number (store/repositories/contacts.ts), on both databases: new numbers
// become contacts, known ones are left alone or (overwrite) get the new names and labels, a number
// given twice is added once and then updated from its later entry, and all of them join the group.
import { describe, expect, it } from 'vitest';
import { bulkWriteTransaction } from '../../src/store/bulk-write.js';
import type { Store } from '../../src/store/database.js';
import { type ContactByMobile, upsertContactsByMobile } from '../../src/store/repositories/contacts.js';
import { fundedAccount, storeCases, storeForSuite } from '../helpers/stores.js';

const c = (mobile: string, firstName: string | null, labels = '{}'): ContactByMobile => ({
  mobile,
  country: 'FR',
  firstName,
  lastName: null,
  labels,
});

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`contact upsert by number on ${sc.name}`, () => {
    let store: Store;
    storeForSuite(sc, (s) => (store = s));

    const contacts = (accountId: string) =>
      store.db
        .selectFrom('contacts')
        .select(['mobile', 'first_name', 'labels', 'created_at', 'updated_at'])
        .where('account_id', '=', accountId)
        .orderBy('mobile')
        .execute();
    const members = async (accountId: string, group: string) =>
      (
        await store.db
          .selectFrom('group_members as g')
          .innerJoin('contacts as c', 'c.id', 'g.contact_id')
          .select('c.mobile')
          .where('g.account_id', '=', accountId)
          .where('g.group_name', '=', group)
          .orderBy('c.mobile')
          .execute()
      ).map((r) => r.mobile);
    const upsert = (accountId: string, list: ContactByMobile[], overwrite: boolean, now: number) =>
      bulkWriteTransaction(store, async (w) => {
        await w.db
          .insertInto('contact_groups')
          .values({ account_id: accountId, name: 'vip', created_at: now })
          .onConflict((oc) => oc.doNothing())
          .execute();
        return upsertContactsByMobile(w, accountId, list, { overwrite, group: 'vip', now });
      });

    it('adds new numbers, keeps known ones unless told to overwrite, and groups them all', async () => {
      await fundedAccount(store, 'cu1', 0);
      expect(await upsert('cu1', [c('+33600000001', 'Ann'), c('+33600000002', 'Bob')], false, 1_000)).toEqual(
        {
          created: 2,
          updated: 0,
        },
      );
      expect(await upsert('cu1', [c('+33600000001', 'Anna'), c('+33600000003', 'Cy')], false, 2_000)).toEqual(
        {
          created: 1,
          updated: 0,
        },
      );
      expect((await contacts('cu1')).map((r) => [r.mobile, r.first_name, r.updated_at])).toEqual([
        ['+33600000001', 'Ann', 1_000],
        ['+33600000002', 'Bob', 1_000],
        ['+33600000003', 'Cy', 2_000],
      ]);
      expect(await upsert('cu1', [c('+33600000001', 'Anna', '{"code":"7"}')], true, 3_000)).toEqual({
        created: 0,
        updated: 1,
      });
      const ann = (await contacts('cu1'))[0]!;
      expect([ann.first_name, ann.labels, ann.created_at, ann.updated_at]).toEqual([
        'Anna',
        '{"code":"7"}',
        1_000,
        3_000,
      ]);
      expect(await members('cu1', 'vip')).toEqual(['+33600000001', '+33600000002', '+33600000003']);
    });

    it('adds a number given twice once, then updates it from the later entry when overwriting', async () => {
      await fundedAccount(store, 'cu2', 0);
      const twice = [c('+33600000010', 'First'), c('+33600000010', 'Second')];
      expect(await upsert('cu2', twice, true, 1_000)).toEqual({ created: 1, updated: 1 });
      expect((await contacts('cu2')).map((r) => [r.mobile, r.first_name])).toEqual([
        ['+33600000010', 'Second'],
      ]);
      await fundedAccount(store, 'cu4', 0);
      expect(await upsert('cu4', twice, false, 1_000)).toEqual({ created: 1, updated: 0 });
      expect((await contacts('cu4')).map((r) => r.first_name)).toEqual(['First']);
      expect(await members('cu4', 'vip')).toEqual(['+33600000010']);
    });

    it('works through more numbers than one chunk', async () => {
      await fundedAccount(store, 'cu5', 0);
      const many = Array.from({ length: 1_203 }, (_, i) => c(`+336${String(10_000_000 + i)}`, `n${i}`));
      expect(await upsert('cu5', many, false, 1_000)).toEqual({ created: 1_203, updated: 0 });
      expect(await upsert('cu5', many, true, 2_000)).toEqual({ created: 0, updated: 1_203 });
      expect((await members('cu5', 'vip')).length).toBe(1_203);
    });
  });
}
