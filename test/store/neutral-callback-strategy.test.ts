// Migration 016: messages stored with the per-message strategy under its old provider name
// ('OctopushDlr') call back the same way after an upgrade, under its neutral name; other strategies
// are left as they were. On both databases.
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate.js';
import { ON_MESSAGE_COMPLETION } from '../../src/domain/sms-callback.js';
import { fundedAccount, openTestStore, storeCases } from '../helpers/stores.js';
import { ingestRecord } from '../helpers/messages.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`migration 016 on ${sc.name}`, () => {
    it('renames OctopushDlr to OnMessageCompletion and nothing else', async () => {
      const store = await openTestStore(sc.name, 5, '015_retention');
      try {
        await fundedAccount(store, 'm16', 1_000_000);
        const rows = [
          ['old-octopush', { url: 'https://a.example/dlr', strategy: 'OctopushDlr' }],
          ['routee-change', { url: 'https://a.example/cb', strategy: 'OnChange' }],
          ['routee-completion', { url: 'https://a.example/cb', strategy: 'OnCompletion' }],
          ['none', undefined],
        ] as const;
        for (const [id, callback] of rows)
          await store.db
            .insertInto('messages')
            .values(ingestRecord({ accountId: 'm16', id, ...(callback && { callback }) }).message)
            .execute();
        expect(await migrateToLatest(store)).toEqual(['016_neutral_callback_strategy']);
        const after = await store.db
          .selectFrom('messages')
          .select(['id', 'callback_strategy'])
          .orderBy('id')
          .execute();
        expect(after).toEqual([
          { id: 'none', callback_strategy: null },
          { id: 'old-octopush', callback_strategy: ON_MESSAGE_COMPLETION },
          { id: 'routee-change', callback_strategy: 'OnChange' },
          { id: 'routee-completion', callback_strategy: 'OnCompletion' },
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
