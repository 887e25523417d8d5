/**
 * Dates clients give are bounded: a send time must be a real date at most 365 days ahead, or the
 * request is refused in its API's envelope with nothing stored or charged; a stored time a view cannot
 * print never turns a read into a 500. On SQLite and PostgreSQL, for Routee, Octopush v1 and legacy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SCHEDULE_AHEAD_MS } from '../../src/domain/dates.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

const DAY = 24 * 3600_000;

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`date bounds on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    let octopush: Record<string, string>;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 10 });
      token = await h.token();
      octopush = { 'api-login': h.account.credentials.apiLogin, 'api-key': h.account.credentials.apiKey };
    });
    afterAll(async () => {
      await h?.close();
    });

    const snapshot = async () => {
      const campaigns = await h.store.db
        .selectFrom('campaigns')
        .select(['id', 'scheduled_at'])
        .where('account_id', '=', h.account.accountId)
        .execute();
      const messages = await h.store.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', h.account.accountId)
        .executeTakeFirstOrThrow();
      const balance = (await h.call('GET', '/accounts/me/balance', { token })).body.balance;
      return { campaigns, messages: Number(messages.n), balance };
    };

    const farDates: unknown[] = [
      1e20,
      9e15,
      '1e20',
      '100000000000000000000',
      new Date(Date.now() + MAX_SCHEDULE_AHEAD_MS + DAY).toISOString(),
      Math.floor((Date.now() + 400 * DAY) / 1000),
    ];

    it('refuses SMS campaigns (create, update, analyse) scheduled too far or on no real date', async () => {
      const before = await snapshot();
      const base = { from: 'Herald', to: ['+306948530920'], body: 'Later' };
      for (const scheduledDate of farDates) {
        for (const path of ['/sms/campaign', '/sms/analyze/campaign']) {
          const res = await h.call('POST', path, { token, json: { ...base, scheduledDate } });
          expect([
            path,
            scheduledDate,
            res.status,
            res.body.code,
            Object.keys(res.body.properties ?? {}),
          ]).toEqual([path, scheduledDate, 400, '400000000', ['scheduledDate']]);
        }
      }
      expect(await snapshot()).toEqual(before);
      // Within the horizon: accepted, and an update past it changes nothing.
      const ok = await h.call('POST', '/sms/campaign', {
        token,
        json: { ...base, scheduledDate: new Date(Date.now() + 364 * DAY).toISOString() },
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.state).toBe('Scheduled');
      const id = ok.body.trackingId as string;
      const scheduled = await snapshot();
      const put = await h.call('PUT', `/sms/${id}`, { token, json: { ...base, scheduledDate: 9e15 } });
      expect([put.status, Object.keys(put.body.properties ?? {})]).toEqual([400, ['scheduledDate']]);
      expect(await snapshot()).toEqual(scheduled);
      expect((await h.call('GET', `/campaigns/${id}`, { token })).body.scheduledDate).toBe(
        ok.body.scheduledDate,
      );
      expect((await h.call('DELETE', `/sms/${id}`, { token })).status).toBe(200);
    });

    it('refuses voice campaigns scheduled too far', async () => {
      const before = await snapshot();
      for (const scheduledDate of farDates) {
        const res = await h.call('POST', '/voice/campaign', {
          token,
          json: {
            from: '302100000000',
            to: ['+306900000011'],
            message: { text: 'Hello', language: 'en-GB', gender: 'female' },
            scheduledDate,
          },
        });
        expect([scheduledDate, res.status, Object.keys(res.body.properties ?? {})]).toEqual([
          scheduledDate,
          400,
          ['scheduledDate'],
        ]);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('refuses Octopush v1 and legacy sends scheduled too far, in their envelopes', async () => {
      const before = await snapshot();
      for (const send_at of [
        1e20,
        '100000000000000000000',
        9e15,
        Math.floor((Date.now() + 400 * DAY) / 1000),
      ]) {
        const res = await h.call('POST', '/v1/public/sms-campaign/send', {
          headers: octopush,
          json: {
            text: 'Bonjour',
            recipients: [{ phone_number: '+33600000001' }],
            purpose: 'alert',
            send_at,
          },
        });
        expect([send_at, res.status, typeof res.body.code]).toEqual([send_at, 400, 'number']);
        expect(res.body.message).toContain('scheduledDate');
      }
      const legacy = await h.call('POST', '/api/sms', {
        form: {
          user_login: h.account.credentials.apiLogin,
          api_key: h.account.credentials.apiKey,
          sms_recipients: '+33600000001',
          sms_text: 'Bonjour',
          transactional: '1',
          sms_mode: '2',
          sending_date: '100000000000000000000',
        },
      });
      expect(legacy.status).toBe(200);
      expect(/<error_code>(\d+)<\/error_code>/.exec(legacy.text)?.[1]).not.toBe('000');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses tracking ranges that are no dates', async () => {
      const res = await h.call('POST', '/sms/tracking?dateStart=1e20&dateEnd=99999999999999999999', {
        token,
        json: [],
      });
      expect([res.status, Object.keys(res.body.properties ?? {}).sort()]).toEqual([
        400,
        ['dateEnd', 'dateStart'],
      ]);
    });

    it('answers for a campaign stored with an unprintable time by an older version', async () => {
      const ok = await h.call('POST', '/sms/campaign', {
        token,
        json: {
          from: 'Herald',
          to: ['+306948530920'],
          body: 'Later',
          scheduledDate: Date.now() / 1000 + 3600,
        },
      });
      const id = ok.body.trackingId as string;
      await h.store.db.updateTable('campaigns').set({ scheduled_at: 9e15 }).where('id', '=', id).execute();
      const res = await h.call('GET', `/campaigns/${id}`, { token });
      expect(res.status).toBe(200);
      expect(res.body.trackingId).toBe(id);
      expect(res.body.scheduledDate).toBeUndefined();
      await h.call('DELETE', `/sms/${id}`, { token });
    });
  });
}
