import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSum } from '../../src/store/repositories/ledger.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Routee SMS campaigns on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 50, config: { adminToken: 'adm' } });
      token = await h.token();
    });
    afterAll(async () => {
      await h.close();
    });
    const call = (method: string, path: string, json?: unknown, t = token) =>
      h.call(method, path, { token: t, ...(json !== undefined && { json }) });
    const balance = async (t = token) =>
      (await call('GET', '/accounts/me/balance', undefined, t)).body.balance as number;
    const counts = async (accountId = h.account.accountId) => {
      const m = await h.store.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      const c = await h.store.db
        .selectFrom('campaigns')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return { messages: Number(m?.n), campaigns: Number(c?.n) };
    };

    it('sends to numbers, contacts and groups: duplicates removed, blacklisted left out, bodies personalised', async () => {
      await call('POST', '/contacts/labels/my', [{ name: 'code', type: 'Text' }]);
      const maria = (
        await call('POST', '/contacts/my', {
          mobile: '+306948000001',
          firstName: 'Maria',
          labels: [{ name: 'code', value: 'A1' }],
        })
      ).body;
      const nikos = (await call('POST', '/contacts/my', { mobile: '+306948000002', firstName: 'Nikos' }))
        .body;
      const banned = (await call('POST', '/contacts/my', { mobile: '+306948000003', firstName: 'Banned' }))
        .body;
      const anon = (await call('POST', '/contacts/my', { mobile: '+306948000004' })).body;
      await call('POST', '/groups/my', { name: 'club' });
      await call('POST', '/groups/my/club/contacts', [maria.id, nikos.id, banned.id, anon.id]);
      await call('POST', '/contacts/my/blacklist/Sms', [banned.id]);
      const before = await balance();

      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Hi [~firstName], your code is [~code]',
        to: ['+306948000001', '+447400123456', '+306948000003', '+44 7400 123456'],
        contacts: [nikos.id],
        groups: ['club'],
        campaignName: 'Spring sale-1',
        fallbackValues: { firstName: 'friend', code: 'NONE' },
        callback: { url: 'http://127.0.0.1:9/sms', strategy: 'OnCompletion' },
        campaignCallback: { url: 'http://127.0.0.1:9/campaign', strategy: 'OnChange' },
        ttl: 120,
        flash: false,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        type: 'Sms',
        state: 'Queued',
        campaignName: 'Spring sale-1',
        from: 'Herald',
        body: 'Hi [~firstName], your code is [~code]',
        contacts: [nikos.id],
        groups: ['club'],
        flash: false,
        respectQuietHours: false,
        ttl: 120,
        fallbackValues: { firstName: 'friend', code: 'NONE' },
        callback: { url: 'http://127.0.0.1:9/sms', strategy: 'OnCompletion' },
        campaignCallback: { url: 'http://127.0.0.1:9/campaign', strategy: 'OnChange' },
        statuses: { Queued: 4, Sent: 0, Unsent: 0, Failed: 0, Delivered: 0, Undelivered: 0 },
        totalMessages: 4,
        smsAnalysis: {
          // +306948000001 (to, also in club), +447400123456 (twice in to), nikos (contact, also in club), anon (club).
          numberOfRecipients: 4,
          recipientsPerCountry: { GR: 3, GB: 1 },
          recipientCountries: { '+306948000001': 'GR', '+447400123456': 'GB', '+306948000003': 'GR' },
          contacts: {
            [nikos.id]: { recipient: '+306948000002', recipientCountry: 'GR', blacklisted: false },
          },
          recipientsPerGroup: { club: 3 },
          totalInGroups: 1,
          bodyAnalysis: { parts: 1, unicode: false },
        },
      });
      expect(res.body.trackingId).toMatch(/^[0-9a-f-]{36}$/);
      // GR 0.042, GB price from the default list: the charge equals the reported cost.
      const after = await balance();
      expect(Math.round((before - after) * 1e6)).toBe(Math.round(res.body.cost * 1e6));
      expect(await ledgerSum(h.store.db, h.account.accountId)).toBe(Math.round(after * 1e6));

      const tracking = await call('GET', `/sms/tracking/campaign/${res.body.trackingId}?size=10`);
      expect(tracking.body.totalElements).toBe(4);
      const bodies = Object.fromEntries(
        tracking.body.content.map((p: { to: string; body: string }) => [p.to, p.body]),
      );
      expect(bodies).toEqual({
        '+306948000001': 'Hi Maria, your code is A1',
        '+447400123456': 'Hi friend, your code is NONE',
        '+306948000002': 'Hi Nikos, your code is NONE',
        '+306948000004': 'Hi friend, your code is NONE',
      });
      expect(tracking.body.content[0]).toMatchObject({
        campaignTrackingId: res.body.trackingId,
        campaignName: 'Spring sale-1',
        status: { status: 'Queued' },
      });
      const details = await call('GET', `/campaigns/${res.body.trackingId}`);
      expect(details.body).toMatchObject({
        trackingId: res.body.trackingId,
        state: 'Queued',
        totalMessages: 4,
      });

      const again = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'x',
        to: ['+306948000001'],
        campaignName: 'Spring sale-1',
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('409009003');
    });

    it('rejects bad campaigns with the documented errors and writes nothing', async () => {
      const before = { ...(await counts()), balance: await balance() };
      const cases: Array<[unknown, number, Record<string, unknown>]> = [
        [{ from: 'Herald', body: 'x' }, 400, { code: '400005000', errorCode: '004' }],
        [
          { from: 'Much too long sender', body: 'x', to: ['+306948000001'] },
          400,
          { code: '400005000', errorCode: '002' },
        ],
        [
          { body: 'x', to: ['+306948000001'] },
          400,
          { code: '400000000', properties: { from: 'may not be empty' } },
        ],
        [
          { from: 'Herald', to: ['+306948000001'] },
          400,
          { code: '400000000', properties: { body: 'may not be empty' } },
        ],
        [{ from: 'Herald', body: 'x', to: ['+306948000001'], ttl: 0 }, 400, { code: '400000000' }],
        [{ from: 'Herald', body: 'x', to: ['+306948000001'], ttl: 4321 }, 400, { code: '400000000' }],
        [{ from: 'Herald', body: 'x', to: ['+306948000001'], campaignName: 'x' }, 400, { code: '400000000' }],
        [
          { from: 'Herald', body: 'x', to: ['+306948000001'], campaignName: 'bad_name!' },
          400,
          { code: '400000000' },
        ],
        [
          { from: 'Herald', body: 'x', to: ['+306948000001'], scheduledDate: '2026-13-01' },
          400,
          { code: '400000000' },
        ],
        [
          {
            from: 'Herald',
            body: 'x',
            to: ['+306948000001'],
            callback: { url: 'ftp://x', strategy: 'OnChange' },
          },
          400,
          { code: '400000000' },
        ],
        [
          { from: 'Herald', body: 'x', to: ['+306948000001'], reminder: { minutesBefore: 5, to: ['123'] } },
          400,
          { code: '400000000' },
        ],
        [{ from: 'Herald', body: 'x', contacts: ['ffffffffffffffffffffffff'] }, 404, { code: '404002001' }],
        [{ from: 'Herald', body: 'x', groups: ['missing'] }, 404, { code: '404002003' }],
        [
          {
            from: 'Herald',
            body: 'x',
            to: Array.from({ length: 30_001 }, (_, i) => `+3069${String(i).padStart(8, '0')}`),
          },
          400,
          { code: '400000000' },
        ],
      ];
      for (const [json, status, body] of cases) {
        const res = await call('POST', '/sms/campaign', json);
        expect({ json: JSON.stringify(json).slice(0, 80), status: res.status }).toEqual({
          json: JSON.stringify(json).slice(0, 80),
          status,
        });
        expect(res.body).toMatchObject(body);
      }
      const invalid = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'x',
        to: ['+306948000001', '+3069', 'hello'],
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toMatchObject({ code: '400005000', errorCode: '008' });
      expect(invalid.body.errors.map((e: { property: string }) => e.property)).toEqual(['+3069', 'hello']);

      // All recipients blacklisted.
      const c = (await call('POST', '/contacts/my', { mobile: '+306948000099' })).body;
      await call('POST', '/contacts/my/blacklist/Sms', [c.id]);
      const none = await call('POST', '/sms/campaign', { from: 'Herald', body: 'x', contacts: [c.id] });
      expect(none.status).toBe(400);
      expect(none.body.code).toBe('400009004');
      await call('POST', '/groups/my', { name: 'empty' });
      expect(
        (await call('POST', '/sms/campaign', { from: 'Herald', body: 'x', groups: ['empty'] })).body.code,
      ).toBe('400009004');

      // Not enough balance: nothing is stored, nothing is charged.
      const poor = await h.newAccount({ name: 'poor', balance: 0.05 });
      const poorToken = await h.token(poor);
      const short = await call(
        'POST',
        '/sms/campaign',
        { from: 'Herald', body: 'x', to: ['+306948000001', '+306948000002'] },
        poorToken,
      );
      expect(short.status).toBe(400);
      expect(short.body.code).toBe('400001009');
      expect(await counts(poor.accountId)).toEqual({ messages: 0, campaigns: 0 });
      expect(await balance(poorToken)).toBe(0.05);

      expect({ ...(await counts()), balance: await balance() }).toEqual(before);
    });

    it('drops invalid numbers with allowInvalid and, as seed 000 says, does not return them', async () => {
      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'x',
        to: ['+306948000011', 'nope', '+306948000011', '12'],
        allowInvalid: true,
      });
      expect(res.status).toBe(200);
      expect(res.body.smsAnalysis.numberOfRecipients).toBe(1);
      expect(res.body.to).toEqual(['+306948000011', '+306948000011']);
      expect(res.body.errors).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toContain('nope');
      const again = await call('GET', `/campaigns/${res.body.trackingId}`);
      expect(again.body.to).toEqual(['+306948000011', '+306948000011']);
      expect(again.body.errors).toBeUndefined();
      // The analysis is where a client finds them.
      const analysis = await call('POST', '/sms/analyze/campaign', {
        from: 'Herald',
        body: 'x',
        to: ['+306948000011', 'nope'],
        allowInvalid: true,
      });
      expect(analysis.body.errors).toEqual([expect.objectContaining({ property: 'nope' })]);
    });

    it('analyses a campaign without storing it', async () => {
      const before = await counts();
      const res = await call('POST', '/sms/analyze/campaign', {
        from: 'Herald',
        body: 'Γεια σου [~firstName], η προσφορα ισχυει μονο σημερα για ολους τους πελατες μας',
        to: ['+306948000021', '+306948000022', 'bad'],
        fallbackValues: { firstName: 'φίλε' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        numberOfRecipients: 2,
        recipientsPerCountry: { GR: 2 },
        bodyAnalysis: { unicode: true, parts: 2, transcode: { parts: 1 } },
        // Two UCS-2 parts each (not transcoded unless asked).
        cost: 0.168,
        errors: [expect.objectContaining({ property: 'bad' })],
      });
      expect(await counts()).toEqual(before);
    });

    it('schedules, updates while Scheduled, sends now on an update without scheduledDate, deletes with a refund', async () => {
      const start = await balance();
      const when = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
      const created = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Later',
        to: ['+306948000031', '+306948000032'],
        scheduledDate: when,
        campaignName: 'later one',
        reminder: { minutesBefore: 10, to: ['+306948000039'] },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        state: 'Scheduled',
        totalMessages: 2,
        reminder: { minutesBefore: 10 },
      });
      expect(Date.parse(created.body.scheduledDate)).toBe(Date.parse(when));
      const id = created.body.trackingId as string;
      // Two messages and one reminder, all reserved.
      expect(Math.round((start - (await balance())) * 1e6)).toBe(3 * 42_000);
      const parts = await h.store.db
        .selectFrom('message_parts as p')
        .innerJoin('messages as m', 'm.id', 'p.message_id')
        .select(['p.queue_state', 'p.next_attempt_at', 'm.reminder_of'])
        .where((eb) => eb.or([eb('m.campaign_id', '=', id), eb('m.reminder_of', '=', id)]))
        .execute();
      expect(parts.map((p) => p.queue_state)).toEqual(['scheduled', 'scheduled', 'scheduled']);
      const reminder = parts.find((p) => p.reminder_of === id)!;
      expect(reminder.next_attempt_at).toBe(Date.parse(when) - 10 * 60_000);

      const updated = await call('PUT', `/sms/${id}`, {
        from: 'Herald',
        body: 'Later, changed',
        to: ['+306948000033', '+306948000034', '+306948000035'],
        scheduledDate: when,
        campaignName: 'later one',
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        trackingId: id,
        state: 'Scheduled',
        totalMessages: 3,
        body: 'Later, changed',
      });
      expect(Math.round((start - (await balance())) * 1e6)).toBe(3 * 42_000);
      const tracked = await call('GET', `/sms/tracking/campaign/${id}`);
      expect(tracked.body.content.map((p: { to: string }) => p.to)).toEqual([
        '+306948000033',
        '+306948000034',
        '+306948000035',
      ]);

      const bad = await call('PUT', `/sms/${id}`, { from: 'Herald', body: 'x' });
      expect(bad.body).toMatchObject({ code: '400005000', errorCode: '004' });
      expect(
        (
          await call('PUT', '/sms/00000000-0000-0000-0000-000000000000', {
            from: 'Herald',
            body: 'x',
            to: ['+306948000033'],
          })
        ).body.code,
      ).toBe('404009001');

      // Without scheduledDate the campaign goes now; after that it can no longer be changed.
      const now = await call('PUT', `/sms/${id}`, { from: 'Herald', body: 'Now', to: ['+306948000036'] });
      expect(now.body).toMatchObject({ state: 'Queued', totalMessages: 1 });
      expect(now.body.scheduledDate).toBeUndefined();
      const ready = await h.store.db
        .selectFrom('message_parts as p')
        .innerJoin('messages as m', 'm.id', 'p.message_id')
        .select('p.queue_state')
        .where('m.campaign_id', '=', id)
        .execute();
      expect(ready.map((p) => p.queue_state)).toEqual(['ready']);
      expect(
        (await call('PUT', `/sms/${id}`, { from: 'Herald', body: 'x', to: ['+306948000033'] })).body.code,
      ).toBe('400009002');
      expect((await call('DELETE', `/sms/${id}`)).body.code).toBe('400009002');

      // Delete a scheduled one: refunded, gone.
      const mid = await balance();
      const doomed = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Doomed',
        to: ['+306948000037'],
        scheduledDate: when,
      });
      expect(Math.round((mid - (await balance())) * 1e6)).toBe(42_000);
      const del = await call('DELETE', `/sms/${doomed.body.trackingId}`);
      expect(del.status).toBe(200);
      expect(await balance()).toBe(mid);
      expect((await call('GET', `/campaigns/${doomed.body.trackingId}`)).body.code).toBe('404009001');
      expect((await call('DELETE', `/sms/${doomed.body.trackingId}`)).body.code).toBe('404009001');
      expect(await ledgerSum(h.store.db, h.account.accountId)).toBe(Math.round((await balance()) * 1e6));
    });

    it('uses the application defaults for callback and transcode when a request sets none', async () => {
      const other = await h.newAccount({ name: 'defaults', balance: 5 });
      const otherToken = await h.token(other);
      const set = await h.call('PATCH', `/admin/accounts/${other.accountId}/settings`, {
        headers: { authorization: 'Bearer adm' },
        json: { transcode: true, callback: { url: 'http://127.0.0.1:9/default', strategy: 'OnCompletion' } },
      });
      expect(set.status, set.text).toBe(200);
      const body = 'Καλημέρα ΑΘΗΝΑ, η προσφορά ισχύει μόνο σήμερα για όλους τους πελάτες μας στην Ελλάδα';
      const res = await call(
        'POST',
        '/sms/campaign',
        { from: 'Herald', body, to: ['+306948000051'] },
        otherToken,
      );
      expect(res.status).toBe(200);
      expect(res.body.callback).toEqual({ url: 'http://127.0.0.1:9/default', strategy: 'OnCompletion' });
      expect(res.body.smsAnalysis.bodyAnalysis).toMatchObject({
        unicode: true,
        parts: 2,
        transcode: { parts: 1 },
      });
      const sent = (await call('GET', `/sms/tracking/campaign/${res.body.trackingId}`, undefined, otherToken))
        .body;
      expect(sent.content[0].body).toBe(res.body.smsAnalysis.bodyAnalysis.transcode.message);
      expect(sent.totalElements).toBe(1); // one GSM part instead of two UCS-2 parts
      // The request wins over the default.
      const plain = await call(
        'POST',
        '/sms/campaign',
        { from: 'Herald', body, to: ['+306948000052'], transcode: false },
        otherToken,
      );
      const plainSent = (
        await call('GET', `/sms/tracking/campaign/${plain.body.trackingId}`, undefined, otherToken)
      ).body;
      expect(plainSent.content[0].body).toBe(body);
      expect(plainSent.totalElements).toBe(2);
      const bad = await h.call('PATCH', `/admin/accounts/${other.accountId}/settings`, {
        headers: { authorization: 'Bearer adm' },
        json: { quietHours: ['25:00-01:00'], colour: 'blue' },
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.properties).sort()).toEqual(['colour', 'quietHours']);
    });

    it('lists the quiet-hours countries in the asked language', async () => {
      const el = await call('GET', '/sms/quietHours/countries/el');
      expect(el.status).toBe(200);
      expect(el.body).toContainEqual({ code: 'GR', name: 'Greece', localeName: 'Ελλάδα', supported: true });
      // Countries with several time zones are supported: Herald uses each number's own zone.
      expect(el.body.find((c: { code: string }) => c.code === 'US')).toMatchObject({ supported: true });
      expect((await call('GET', '/sms/quietHours/countries/english')).status).toBe(400);
    });

    it('withdraws a scheduled campaign whose reminder already went: the reminder stays paid for', async () => {
      const before = await balance();
      const when = new Date(Date.now() + 3600_000).toISOString();
      // minutesBefore 120 with a start in 60: the reminder is due at once.
      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Big day',
        to: ['+306948000061', '+306948000062'],
        scheduledDate: when,
        reminder: { minutesBefore: 120, to: ['+306948000069'] },
      });
      expect(res.status).toBe(200);
      expect(Math.round((before - (await balance())) * 1e6)).toBe(3 * 42_000);
      const del = await call('DELETE', `/sms/${res.body.trackingId}`);
      expect(del.status, JSON.stringify(del.body)).toBe(200);
      expect(Math.round((before - (await balance())) * 1e6)).toBe(42_000);
      const left = await h.store.db
        .selectFrom('messages')
        .select('recipient')
        .where((eb) =>
          eb.or([eb('campaign_id', '=', res.body.trackingId), eb('reminder_of', '=', res.body.trackingId)]),
        )
        .execute();
      expect(left.map((m) => m.recipient)).toEqual(['+306948000069']);
      expect(await ledgerSum(h.store.db, h.account.accountId)).toBe(Math.round((await balance()) * 1e6));
    });

    it('shortens links per recipient and counts clicks', async () => {
      const res = await call('POST', '/sms/campaign', {
        from: 'Herald',
        body: 'Sale at https://shop.example.com/sale?x=1, see you',
        to: ['+306948000041', '+306948000042'],
        urlShortener: {},
      });
      expect(res.status).toBe(200);
      const tracking = (await call('GET', `/sms/tracking/campaign/${res.body.trackingId}`)).body
        .content as Array<{ to: string; body: string }>;
      const links = tracking.map((t) => /(http:\/\/\S+\/s\/\S+) see you$/.exec(t.body)?.[1]);
      expect(links.every((l) => l?.startsWith(`${h.url}/s/`))).toBe(true);
      expect(new Set(links).size).toBe(2);
      // The comma belongs to the link, as Routee documents.
      const follow = await fetch(links[1]!.replace(/,$/, ''), { redirect: 'manual' });
      expect(follow.status).toBe(302);
      expect(follow.headers.get('location')).toBe('https://shop.example.com/sale?x=1,');
      await fetch(links[1]!.replace(/,$/, ''), { redirect: 'manual' });
      const stats = await call('GET', `/campaigns/${res.body.trackingId}/links`);
      expect(stats.body).toEqual([
        {
          url: 'https://shop.example.com/sale?x=1,',
          code: expect.any(String),
          clicks: 2,
          uniqueRecipients: 1,
          recipients: [{ to: tracking[1]!.to, clicks: 2 }],
        },
      ]);
      expect((await fetch(`${h.url}/s/zzzzzzz9`, { redirect: 'manual' })).status).toBe(404);
    });
  });
}
