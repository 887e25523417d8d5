/**
 * Random input on the Octopush APIs: never a 5xx, always Octopush's envelope (a JSON object with a
 * numeric code for v1; XML with an error_code for the legacy API), and nothing half-written.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, ledgerSum } from '../../src/store/repositories/ledger.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';

describe('fuzzing the Octopush APIs', () => {
  let h: TestHerald;
  let headers: Record<string, string>;
  beforeAll(async () => {
    h = await startTestHerald('sqlite', { balance: 100 });
    headers = { 'api-login': h.account.credentials.apiLogin, 'api-key': h.account.credentials.apiKey };
  });
  afterAll(async () => {
    await h.close();
  });
  const anyValue = fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
  );
  const recipient = fc.record(
    {
      phone_number: fc.oneof(fc.constant('+33600003001'), fc.constant('+306948000001'), anyValue),
      first_name: anyValue,
      param1: anyValue,
    },
    { requiredKeys: [] },
  );
  const campaign = fc.record(
    {
      text: fc.oneof(fc.constant('Hi {first_name} STOP au XXXXX'), anyValue),
      recipients: fc.oneof(fc.array(recipient, { maxLength: 4 }), anyValue),
      sender: anyValue,
      send_at: fc.oneof(fc.constant('2031-01-01 00:01:00'), anyValue),
      purpose: anyValue,
      type: anyValue,
      simulation_mode: anyValue,
      request_id: anyValue,
      auto_optimize_text: anyValue,
      with_replies: anyValue,
      list_name: anyValue,
    },
    { requiredKeys: [] },
  );

  it('v1: 201 with a ticket or a 4xx {code, message}, on every route', async () => {
    const routes = [
      ['POST', '/v1/public/sms-campaign/send'],
      ['DELETE', '/v1/public/sms-campaign/cancel'],
      ['POST', '/v1/public/contact/create'],
      ['POST', '/v1/public/contact-list/create'],
      ['PATCH', '/v1/public/user/campaign-parameters/edit'],
      ['DELETE', '/v1/public/contact-list/delete'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        campaign,
        fc.boolean(),
        async ([method, path], json, auth) => {
          const res = await h.call(method, path, { json, headers: auth ? headers : { 'api-login': 'x' } });
          expect(res.status, `${method} ${path} ${res.text.slice(0, 200)}`).toBeLessThan(500);
          expect(typeof res.body).toBe('object');
          if (res.status >= 400) {
            expect(typeof res.body.code).toBe('number');
            expect(typeof res.body.message).toBe('string');
          } else if (path.endsWith('/send')) {
            expect(res.body.sms_ticket).toMatch(/^sms_/);
            expect(res.body.code).toBeUndefined();
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('legacy: always XML with an error_code', async () => {
    const form = fc.dictionary(
      fc.constantFrom(
        'sms_recipients',
        'sms_text',
        'sms_type',
        'sms_sender',
        'sms_mode',
        'sending_date',
        'request_mode',
        'request_keys',
        'request_sha1',
        'transactional',
      ),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(form, fc.boolean(), async (f, auth) => {
        const creds: Record<string, string> = auth
          ? { user_login: h.account.credentials.apiLogin, api_key: h.account.credentials.apiKey }
          : {};
        const res = await h.call('POST', '/api/sms', { form: { ...creds, ...f } });
        expect(res.status).toBe(200);
        expect(res.text).toMatch(/<error_code>\d{3}<\/error_code>/);
      }),
      { numRuns: 200 },
    );
  });

  it('left nothing half-written', async () => {
    const db = h.store.db;
    const broken = await sql<{ id: string }>`
      SELECT m.id FROM messages m LEFT JOIN message_parts p ON p.message_id = m.id
      GROUP BY m.id, m.parts HAVING COUNT(p.id) <> m.parts`.execute(db);
    expect(broken.rows).toEqual([]);
    const mismatched = await sql<{ id: string }>`
      SELECT c.id FROM campaigns c
       WHERE c.cost_micros <> (SELECT COALESCE(SUM(m.price_micros), 0) FROM messages m WHERE m.campaign_id = c.id)`.execute(
      db,
    );
    expect(mismatched.rows).toEqual([]);
    expect(await ledgerSum(db, h.account.accountId)).toBe(await balanceOf(db, h.account.accountId));
  });
});
