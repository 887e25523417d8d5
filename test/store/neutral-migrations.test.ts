// Migrations 016 and 017, which took provider names out of stored data, on both databases: messages
// stored with the per-message strategy under its old name ('OctopushDlr') call back the same way under
// its neutral name, and the accounts' credential columns keep their values under neutral names.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ON_MESSAGE_COMPLETION } from '../../src/domain/sms-callback.js';
import type { Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { findAccountByApiLogin, findAccountByClientId } from '../../src/store/repositories/accounts.js';
import { ingestRecord } from '../helpers/messages.js';
import { openTestStore, storeCases } from '../helpers/stores.js';

/** An account row as migrations 001–016 left the table. */
async function insertOldAccount(store: Store, id: string): Promise<void> {
  await sql`INSERT INTO accounts (id, name, currency, balance_micros, routee_app_id, routee_secret_hash,
      octopush_login, octopush_key_hash, scopes, settings, created_at)
    VALUES (${id}, ${id}, 'EUR', 0, ${`app-${id}`}, 'secret-hash', ${`${id}@example.com`}, 'key-hash',
      'sms', '{}', 1)`.execute(store.db);
}

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`neutral names in stored data on ${sc.name}`, () => {
    it('016 renames OctopushDlr to OnMessageCompletion and nothing else', async () => {
      const store = await openTestStore(sc.name, 5, '015_retention');
      try {
        await insertOldAccount(store, 'm16');
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
        expect(await migrateToLatest(store, '016_neutral_callback_strategy')).toEqual([
          '016_neutral_callback_strategy',
        ]);
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

    it('017 keeps the credentials under neutral column names, still unique', async () => {
      const store = await openTestStore(sc.name, 5, '016_neutral_callback_strategy');
      try {
        await insertOldAccount(store, 'm17');
        expect(await migrateToLatest(store)).toEqual(['017_neutral_credential_columns']);
        const byClient = await findAccountByClientId(store.db, 'app-m17');
        const byLogin = await findAccountByApiLogin(store.db, 'm17@example.com');
        expect([byClient?.id, byClient?.client_secret_hash, byClient?.api_key_hash]).toEqual([
          'm17',
          'secret-hash',
          'key-hash',
        ]);
        expect(byLogin?.id).toBe('m17');
        // Uniqueness came along with the columns.
        await expect(
          store.db
            .insertInto('accounts')
            .values({ ...byClient!, id: 'other', api_login: 'other@example.com' })
            .execute(),
        ).rejects.toThrow();
      } finally {
        await store.close();
      }
    });
  });
}
