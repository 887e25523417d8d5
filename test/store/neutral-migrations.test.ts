// Migrations 016 to 018, which took provider names out of stored data, on both databases: messages
// stored with the per-message strategy under its old name ('OctopushDlr') call back the same way under
// its neutral name, the accounts' credential columns keep their values under neutral names, and
// campaigns stored with Routee's echo keep what they were asked under Herald's names while Routee
// still sees the same echo.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ON_MESSAGE_COMPLETION } from '../../src/domain/sms-callback.js';
import type { Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { findAccountByApiLogin, findAccountByClientId } from '../../src/store/repositories/accounts.js';
import { smsCampaignView, voiceCampaignView } from '../../src/api/routee/campaign-views.js';
import type { CampaignAnalysis } from '../../src/services/campaign-plan.js';
import { newCampaignRow } from '../../src/services/campaign-lifecycle.js';
import type { VoiceAnalysis } from '../../src/services/voice-campaigns.js';
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
        for (const [id, callback] of rows) {
          // The columns a message had at migration 015 (pools came with 027).
          const {
            pool_id: _pool,
            pool_strategy: _strategy,
            ...message
          } = ingestRecord({
            accountId: 'm16',
            id,
            ...(callback && { callback }),
          }).message;
          await store.db.insertInto('messages').values(message).execute();
        }
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
        expect(await migrateToLatest(store, '017_neutral_credential_columns')).toEqual([
          '017_neutral_credential_columns',
        ]);
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

    it('018 keeps campaign settings under neutral names; Routee echoes them as before', async () => {
      const store = await openTestStore(sc.name, 5, '017_neutral_credential_columns');
      try {
        await sql`INSERT INTO accounts (id, name, currency, balance_micros, client_id, client_secret_hash,
            api_login, api_key_hash, scopes, settings, created_at)
          VALUES ('m18', 'm18', 'EUR', 0, 'app-m18', 'h', 'm18@example.com', 'h', 'sms', '{}', 1)`.execute(
          store.db,
        );
        const smsEcho = {
          to: ['+33600000001'],
          contacts: [],
          groups: ['vip'],
          flash: false,
          respectQuietHours: true,
          ttl: 120,
          reminder: { minutesBefore: 5, to: ['+33600000009'] },
          allowInvalid: true,
          transcode: true,
        };
        const plan = {
          message: { text: 'Hello', language: 'en-GB', gender: 'female' },
          hangupDelay: 3,
          collectDtmfDigits: true,
          collectDtmfAwaitSeconds: 7,
        };
        const voiceEcho = {
          to: ['+33600000002'],
          contacts: ['c1'],
          groups: [],
          message: plan.message,
          respectQuietHours: false,
          ignoreDnd: true,
          hangupDelay: null,
          collectDtmfDigits: true,
          collectDtmfAwaitSeconds: 7,
        };
        const draftRequest = { text: 'draft body', recipients: [{ phone_number: '+33600000003' }] };
        const campaign = (id: string, type: string, state: string, request: unknown) =>
          newCampaignRow({
            id,
            accountId: 'm18',
            type,
            name: null,
            state,
            sender: 'Herald',
            body: 'Hello',
            request: JSON.stringify(request),
            analysis: '{}',
            scheduledAt: null,
            sendAt: 1,
            costMicros: 0,
            total: 1,
            callback: null,
            campaignCallback: null,
            createdAt: 1,
            now: 1,
          });
        await store.db
          .insertInto('campaigns')
          .values([
            campaign('sms-old', 'Sms', 'Queued', { ...smsEcho, invalid: ['+999'] }),
            campaign('voice-old', 'Voice', 'Scheduled', { ...voiceEcho, voice: plan }),
            campaign('draft', 'Sms', 'Draft', draftRequest),
          ])
          .execute();
        expect(await migrateToLatest(store, '018_neutral_campaign_settings')).toEqual([
          '018_neutral_campaign_settings',
        ]);
        const stored = Object.fromEntries(
          (await store.db.selectFrom('campaigns').select(['id', 'request']).execute()).map((r) => [
            r.id,
            JSON.parse(r.request) as Record<string, unknown>,
          ]),
        );
        const { ttl: _ttl, ...smsRest } = smsEcho;
        expect(stored['sms-old']).toEqual({ ...smsRest, ttlMinutes: 120 });
        expect(stored['voice-old']).toEqual({
          to: ['+33600000002'],
          contacts: ['c1'],
          groups: [],
          respectQuietHours: false,
          ignoreDnd: true,
          hangupDelay: null,
          plan,
        });
        expect(stored.draft).toEqual(draftRequest);

        const rows = await store.db.selectFrom('campaigns').selectAll().orderBy('id').execute();
        const row = (id: string) => rows.find((r) => r.id === id)!;
        const smsView = smsCampaignView({
          kind: 'sms',
          row: row('sms-old'),
          statuses: {},
          settings: JSON.parse(row('sms-old').request),
          analysis: { bodyAnalysis: {} } as CampaignAnalysis,
        });
        // Same keys in the same order as the echo stored before, without the numbers never shown.
        expect(JSON.stringify(Object.fromEntries(Object.keys(smsEcho).map((k) => [k, smsView[k]])))).toBe(
          JSON.stringify(smsEcho),
        );
        expect(Object.keys(smsView).slice(6, 6 + Object.keys(smsEcho).length)).toEqual(Object.keys(smsEcho));
        expect(smsView).not.toHaveProperty('invalid');
        const voiceView = voiceCampaignView({
          kind: 'voice',
          row: row('voice-old'),
          statuses: {},
          costMicros: 0,
          settings: JSON.parse(row('voice-old').request),
          analysis: {} as VoiceAnalysis,
        });
        expect(Object.keys(voiceView).slice(5, 5 + Object.keys(voiceEcho).length)).toEqual(
          Object.keys(voiceEcho),
        );
        expect(Object.fromEntries(Object.keys(voiceEcho).map((k) => [k, voiceView[k]]))).toEqual(voiceEcho);
        expect(voiceView).not.toHaveProperty('voice');
        expect(voiceView).not.toHaveProperty('plan');
      } finally {
        await store.close();
      }
    });
  });
}
