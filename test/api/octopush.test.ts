import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSum } from '../../src/store/repositories/ledger.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Octopush v1 API on ${sc.name}`, () => {
    let h: TestHerald;
    let headers: Record<string, string>;
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 20 });
      // The official curl example sends two spaces after the colon: values are trimmed.
      headers = {
        'api-login': `  ${h.account.credentials.apiLogin}`,
        'api-key': `${h.account.credentials.apiKey}  `,
      };
    });
    afterAll(async () => {
      await h.close();
    });
    const call = (method: string, path: string, json?: unknown, hdrs = headers) =>
      h.call(method, `/v1/public${path}`, { headers: hdrs, ...(json !== undefined && { json }) });
    const send = (json: Record<string, unknown>) => call('POST', '/sms-campaign/send', json);
    const counts = async () => {
      const m = await h.store.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', h.account.accountId)
        .executeTakeFirst();
      return Number(m?.n);
    };
    const balance = async () => (await call('GET', '/wallet/check-balance')).body.amount as number;
    const bodiesOf = async (ticket: string) =>
      Object.fromEntries(
        (
          await h.store.db
            .selectFrom('messages')
            .select(['recipient', 'body', 'sender'])
            .where('campaign_id', '=', ticket)
            .execute()
        ).map((m) => [m.recipient, m]),
      );

    it('authenticates with api-login and api-key headers', async () => {
      const none = await call('GET', '/wallet/check-balance', undefined, {});
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ code: 108, message: 'You have not entered your login details.' });
      const noKey = await call('GET', '/wallet/check-balance', undefined, {
        'api-login': h.account.credentials.apiLogin,
      });
      expect(noKey.body.code).toBe(109);
      const wrong = await call('GET', '/wallet/check-balance', undefined, { ...headers, 'api-key': 'nope' });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ code: 101, message: 'Incorrect login details.' });
      const ok = await call('GET', '/wallet/check-balance');
      expect(ok.body).toEqual({ amount: 20, unit: 'euros' });
      const missing = await call('GET', '/no/such/thing');
      expect(missing.status).toBe(404);
      expect(typeof missing.body.code).toBe('number');
    });

    it('sends a personalised campaign with every field, nulls meaning absent', async () => {
      const res = await send({
        text: 'Bonjour {first_name} {last_name}, code {param1}. STOP au XXXXX',
        recipients: [
          {
            phone_number: '+33600000001',
            first_name: 'Axelle',
            last_name: 'Durand',
            param1: 'A1',
            param2: null,
          },
          { phone_number: '+33600000002', first_name: 'John', last_name: 'Smith', param3: 'M' },
          { phone_number: 'invalid' },
        ],
        sender: 'My Shop!',
        purpose: 'wholesale',
        type: 'sms_premium',
        send_at: null,
        simulation_mode: null,
        with_replies: null,
        request_id: null,
        auto_optimize_text: null,
        list_name: 'clients 2026',
        recipient_tracking: 'true',
        unknown_field: 42,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({
        number_of_contacts: 2,
        number_of_sms_needed: 2,
        message: expect.any(String),
      });
      expect(res.body.sms_ticket).toMatch(/^sms_[0-9a-f]{13}$/);
      expect(res.body.total_cost).toBeCloseTo(2 * 0.045, 6);
      expect(res.body.residual_credit).toBeCloseTo(20 - res.body.total_cost, 6);
      const sent = await bodiesOf(res.body.sms_ticket);
      expect(sent['+33600000001']).toEqual({
        recipient: '+33600000001',
        body: 'Bonjour Axelle Durand, code A1. STOP au 36200',
        sender: 'MyShop',
      });
      expect(sent['+33600000002']!.body).toBe('Bonjour John Smith, code . STOP au 36200');
      // list_name: the recipients became contacts of that list.
      const list = await h.store.db
        .selectFrom('group_members')
        .select('contact_id')
        .where('account_id', '=', h.account.accountId)
        .where('group_name', '=', 'clients 2026')
        .execute();
      expect(list).toHaveLength(2);
      expect(await ledgerSum(h.store.db, h.account.accountId)).toBe(Math.round((await balance()) * 1e6));
    });

    it('refuses French premium marketing without "STOP au XXXXX", and only that', async () => {
      const before = await counts();
      const missing = await send({ text: 'Promo -20%', recipients: [{ phone_number: '+33600000003' }] });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ code: 121, message: 'Mention STOP is missing.' });
      // An unknown type falls back to sms_premium: the rule still applies.
      expect(
        (await send({ text: 'Promo', type: 'sms_gold', recipients: [{ phone_number: '+33600000003' }] })).body
          .code,
      ).toBe(121);
      // Lower case does not count.
      expect(
        (await send({ text: 'Promo stop au XXXXX', recipients: [{ phone_number: '+33600000003' }] })).body
          .code,
      ).toBe(121);
      expect(await counts()).toBe(before);
      expect(
        (
          await send({
            text: 'Your code is 1234',
            purpose: 'alert',
            recipients: [{ phone_number: '+33600000003' }],
          })
        ).status,
      ).toBe(201);
      expect((await send({ text: 'Promo', recipients: [{ phone_number: '+306948000001' }] })).status).toBe(
        201,
      );
      expect(
        (await send({ text: 'Promo', type: 'sms_low_cost', recipients: [{ phone_number: '+33600000003' }] }))
          .status,
      ).toBe(201);
    });

    it('answers every documented error with its code and writes nothing', async () => {
      const before = { messages: await counts(), balance: await balance() };
      const fr = [{ phone_number: '+33600000004' }];
      const cases: Array<[Record<string, unknown>, number]> = [
        [{ recipients: fr }, 107],
        [{ text: '', recipients: fr }, 107],
        [{ text: 'x'.repeat(1225), purpose: 'alert', recipients: fr }, 102],
        [{ text: 'Hello', purpose: 'alert' }, 110],
        [{ text: 'Hello', purpose: 'alert', recipients: [] }, 110],
        [{ text: 'Hello', purpose: 'alert', recipients: [{ phone_number: '123' }, 'nope'] }, 117],
        [{ text: 'Hello', purpose: 'alert', sender: '!!', recipients: fr }, 106],
        [{ text: 'Hello', purpose: 'alert', sender: 'ABCDEFGHIJKL', recipients: fr }, 106],
        [{ text: 'x'.repeat(161), purpose: 'alert', type: 'sms_low_cost', recipients: fr }, 119],
      ];
      for (const [json, code] of cases) {
        const res = await send(json);
        expect({ json: JSON.stringify(json).slice(0, 60), status: res.status, code: res.body.code }).toEqual({
          json: JSON.stringify(json).slice(0, 60),
          status: 400,
          code,
        });
        expect(typeof res.body.message).toBe('string');
      }
      const poor = await h.newAccount({ name: 'poor', balance: 0.01 });
      const poorHeaders = { 'api-login': poor.credentials.apiLogin, 'api-key': poor.credentials.apiKey };
      const broke = await call(
        'POST',
        '/sms-campaign/send',
        { text: 'Hi', purpose: 'alert', recipients: fr },
        poorHeaders,
      );
      expect(broke.body).toEqual({ code: 104, message: 'You have run out of credit.' });
      expect({ messages: await counts(), balance: await balance() }).toEqual(before);
    });

    it('simulates without sending or charging, and refuses a repeated request_id', async () => {
      const before = { messages: await counts(), balance: await balance() };
      const sim = await send({
        text: 'Hi {first_name}',
        purpose: 'alert',
        simulation_mode: 'true',
        recipients: [{ phone_number: '+33600000005', first_name: 'Zoé' }],
      });
      expect(sim.status).toBe(201);
      expect(sim.body).toMatchObject({
        number_of_contacts: 1,
        number_of_sms_needed: 1,
        residual_credit: before.balance,
      });
      expect(sim.body.total_cost).toBeCloseTo(0.045, 6);
      const simBad = await send({
        text: 'Promo',
        simulation_mode: true,
        recipients: [{ phone_number: '+33600000005' }],
      });
      expect(simBad.body.code).toBe(121);
      expect({ messages: await counts(), balance: await balance() }).toEqual(before);

      const first = await send({
        text: 'Once',
        purpose: 'alert',
        request_id: 'order-77',
        recipients: [{ phone_number: '+33600000006' }],
      });
      expect(first.status).toBe(201);
      const again = await send({
        text: 'Once',
        purpose: 'alert',
        request_id: 'order-77',
        recipients: [{ phone_number: '+33600000006' }],
      });
      expect(again.status).toBe(400);
      expect(again.body).toEqual({
        code: 120,
        message: 'A SMS with the same request_id has already been sent.',
      });
      expect(await counts()).toBe(before.messages + 1);
    });

    it('optimises the text unless told not to', async () => {
      const text = 'Ça coûte 5€ « promo » ! Merci…   à bientôt';
      const a = await send({ text, purpose: 'alert', recipients: [{ phone_number: '+33600000007' }] });
      expect((await bodiesOf(a.body.sms_ticket))['+33600000007']!.body).toBe(
        'Ça coute 5€ " promo " ! Merci. à bientot',
      );
      const b = await send({
        text,
        purpose: 'alert',
        auto_optimize_text: 'false',
        recipients: [{ phone_number: '+33600000008' }],
      });
      expect((await bodiesOf(b.body.sms_ticket))['+33600000008']!.body).toBe(text);
    });

    it('schedules with send_at in every documented form and cancels with a refund', async () => {
      // A day two months ahead (within the 365-day horizon); Paris's offset that day read from Intl.
      const day = new Date(Date.now() + 60 * 24 * 3600_000).toISOString().slice(0, 10);
      const paris = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' })
        .formatToParts(new Date(`${day}T12:00:00Z`))
        .find((p) => p.type === 'timeZoneName')!.value; // "GMT+01:00" or "GMT+02:00"
      const parisHours = Number(paris.slice(4, 6));
      const forms: Array<[string, string]> = [
        // Central European time, no zone
        [`${day} 03:01:00`, `${day}T0${3 - parisHours}:01:00.000Z`],
        [`${day}T12:00:00+0200`, `${day}T10:00:00.000Z`], // offset without a colon
        [`${day}T12:00:00-07:00`, `${day}T19:00:00.000Z`],
      ];
      for (const [sendAt, utc] of forms) {
        const res = await send({
          text: 'Later',
          purpose: 'alert',
          send_at: sendAt,
          recipients: [{ phone_number: '+33600000009' }],
        });
        expect(res.status).toBe(201);
        const c = await h.store.db
          .selectFrom('campaigns')
          .select(['state', 'send_at'])
          .where('id', '=', res.body.sms_ticket)
          .executeTakeFirstOrThrow();
        expect({ state: c.state, at: new Date(c.send_at).toISOString() }).toEqual({
          state: 'Scheduled',
          at: utc,
        });
      }
      const before = await balance();
      const later = await send({
        text: 'Later',
        purpose: 'alert',
        send_at: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
        recipients: [{ phone_number: '+33600000010' }],
      });
      expect(await balance()).toBeCloseTo(before - 0.045, 6);
      const cancel = await call('DELETE', '/sms-campaign/cancel', { ticket_number: later.body.sms_ticket });
      expect(cancel.status).toBe(200);
      expect(cancel.body).toMatchObject({ ticket_number: later.body.sms_ticket });
      expect(await balance()).toBeCloseTo(before, 6);
      const unknown = await call('DELETE', '/sms-campaign/cancel', { ticket_number: 'sms_0000000000000' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe(131);
    });

    it('runs a campaign on a contact list: priced draft, status, confirm, cancel', async () => {
      await call('POST', '/contact/create', {
        list_name: 'members',
        contacts: [
          { phone_number: '+33600000031', first_name: 'Inès', param1: 'gold' },
          { phone_number: '+33600000032', first_name: 'Hugo' },
        ],
      });
      const before = { messages: await counts(), balance: await balance() };
      const draft = await call('POST', '/sms-campaign-on-list/create', {
        list_name: 'members',
        text: 'Hi {first_name} ({param1}) STOP au XXXXX',
        sender: 'Club',
      });
      expect(draft.status, JSON.stringify(draft.body)).toBe(201);
      expect(draft.body).toMatchObject({
        number_of_contacts: 2,
        number_of_sms_needed: 2,
        status: 'ready_to_be_sent',
      });
      expect(draft.body.total_cost).toBeCloseTo(0.09, 6);
      expect({ messages: await counts(), balance: await balance() }).toEqual(before);
      const ticket = draft.body.ticket_number as string;
      expect((await call('GET', `/sms-campaign-on-list/status?ticket_number=${ticket}`)).body).toEqual({
        number_of_contacts: 2,
        cost: 0.09,
        status: 'ready_to_be_sent',
      });
      const sent = await call('POST', '/sms-campaign-on-list/send', { ticket_number: ticket });
      expect(sent.status).toBe(200);
      expect(sent.body.sending_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      const bodies = await bodiesOf(ticket);
      expect(bodies['+33600000031']!.body).toBe('Hi Inès (gold) STOP au 36200');
      expect(bodies['+33600000032']!.body).toBe('Hi Hugo () STOP au 36200');
      expect(await balance()).toBeCloseTo(before.balance - 0.09, 6);
      expect((await call('GET', `/sms-campaign-on-list/status?ticket_number=${ticket}`)).body.status).toBe(
        'sent',
      );
      expect((await call('POST', '/sms-campaign-on-list/send', { ticket_number: ticket })).body.code).toBe(
        132,
      );

      const other = await call('POST', '/sms-campaign-on-list/create', {
        list_name: 'members',
        text: 'Bye',
        purpose: 'alert',
      });
      const cancelled = await call('DELETE', '/sms-campaign-on-list/cancel', {
        ticket_number: other.body.ticket_number,
      });
      expect(cancelled.status).toBe(200);
      expect(
        (await call('GET', `/sms-campaign-on-list/status?ticket_number=${other.body.ticket_number}`)).body
          .code,
      ).toBe(131);
      const noList = await call('POST', '/sms-campaign-on-list/create', {
        list_name: 'nope',
        text: 'x',
        purpose: 'alert',
      });
      expect(noList.status).toBe(404);
      expect(noList.body.code).toBe(303);
      const noStop = await call('POST', '/sms-campaign-on-list/create', {
        list_name: 'members',
        text: 'Promo',
      });
      expect(noStop.body.code).toBe(121);
    });

    it('reads credits, edits campaign parameters, manages contacts and lists', async () => {
      const credits = await call('GET', '/wallet/check-credits?country_codes[]=FR&country_codes[]=GR');
      expect(Object.keys(credits.body).sort()).toEqual(['FR', 'GR']);
      expect(credits.body.GR.premium_sms).toBe(Math.floor((await balance()) / 0.042));
      const params = await call('PATCH', '/user/campaign-parameters/edit', {
        callback_url_for_deliveries: 'https://example.com/dlr',
        callback_url_for_inbounds: 'https://example.com/in',
        callback_url_for_blacklisted_numbers: null,
        email_for_inbounds: 'ops@example.com',
      });
      expect(params.status).toBe(200);
      expect((await call('GET', '/user/campaign-parameters')).body).toMatchObject({
        callback_url_for_deliveries: 'https://example.com/dlr',
        callback_url_for_inbounds: 'https://example.com/in',
        callback_url_for_blacklisted_numbers: null,
        email_for_inbounds: 'ops@example.com',
      });
      const list = await call('POST', '/contact-list/create', { list_name: 'vip' });
      expect(list.status).toBe(201);
      expect(list.body).toEqual({ list_name: 'vip' });
      const dup = await call('POST', '/contact-list/create', { list_name: 'vip' });
      expect(dup.body.code).toBe(302);
      const created = await call('POST', '/contact/create', {
        list_name: 'vip',
        contacts: [{ phone_number: '+33600000020', first_name: 'Léa', param1: 'x' }, { phone_number: 'bad' }],
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        number_of_contacts_created: 1,
        number_of_contacts_updated: 0,
        invalid_numbers: ['bad'],
      });
      expect((await call('DELETE', '/contact-list/empty', { list_name: 'vip' })).body).toEqual({
        list_name: 'vip',
        number_of_contacts_removed: 1,
      });
      expect((await call('DELETE', '/contact/delete', { phone_numbers: ['+33600000020'] })).body).toEqual({
        number_of_contacts_deleted: 1,
      });
      expect((await call('DELETE', '/contact-list/delete', { list_name: 'vip' })).body).toEqual({
        list_name: 'vip',
        deleted: true,
      });
      expect((await call('DELETE', '/contact-list/delete', { list_name: 'vip' })).body.code).toBe(303);
    });
  });
}
