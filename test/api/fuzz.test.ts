/**
 * Random and malformed input at every route: never a 500, always a Routee envelope, and nothing
 * half-written (every stored message has all its parts and exactly one charge in the ledger).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, ledgerSum } from '../../src/store/repositories/ledger.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';

const ROUTES: Array<[string, string]> = [
  ['POST', '/oauth/token'],
  ['POST', '/sms'],
  ['POST', '/sms/analyze'],
  ['GET', '/sms/tracking/single/abc'],
  ['GET', '/accounts/me/balance'],
  ['GET', '/accounts/me/transactions'],
  ['GET', '/system/prices'],
  ['DELETE', '/sms/abc'],
  ['GET', '/health'],
  ['PUT', '/nowhere/%ce%9f'],
  ['POST', '/sms/campaign'],
  ['POST', '/sms/analyze/campaign'],
  ['PUT', '/sms/abc'],
  ['GET', '/campaigns/abc'],
  ['GET', '/sms/tracking/campaign/abc'],
  ['POST', '/contacts/my'],
  ['GET', '/contacts/my'],
  ['DELETE', '/contacts/my'],
  ['PUT', '/contacts/my/abc'],
  ['POST', '/contacts/my/import'],
  ['POST', '/contacts/labels/my'],
  ['POST', '/contacts/my/blacklist/Sms'],
  ['DELETE', '/contacts/my/blacklist/Sms/groups'],
  ['POST', '/groups/my'],
  ['DELETE', '/groups/my'],
  ['POST', '/groups/my/merge'],
  ['POST', '/groups/my/abc/contacts'],
  ['GET', '/s/abcdefgh'],
];

const validSms = { from: 'Herald', to: '+306948530920', body: 'hello' };

describe('fuzzing the Routee API', () => {
  let h: TestHerald;
  let token: string;
  beforeAll(async () => {
    h = await startTestHerald('sqlite', { balance: 100, config: { bodyLimitBytes: 64 * 1024 } });
    token = await h.token();
  });
  afterAll(async () => {
    await h.close();
  });

  const anyValue = fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 5 }),
    fc.string({ minLength: 2000, maxLength: 5000 }),
  );
  const smsLike = fc.record(
    {
      from: fc.oneof(fc.constant('Herald'), anyValue),
      to: fc.oneof(fc.constant('+306948530920'), fc.constant('306948530920'), anyValue),
      body: fc.oneof(fc.constant('hi'), fc.string({ unit: 'binary' }), anyValue),
      flash: anyValue,
      ttl: anyValue,
      label: anyValue,
      callback: fc.oneof(anyValue, fc.record({ url: anyValue, strategy: anyValue }, { requiredKeys: [] })),
      transcode: anyValue,
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    smsLike.map((o) => ({ kind: 'json' as const, text: JSON.stringify({ ...validSms, ...o }) })),
    fc.jsonValue().map((v) => ({ kind: 'json' as const, text: JSON.stringify(v) })),
    fc.string().map((s) => ({ kind: 'json' as const, text: s })),
    fc.string({ unit: 'binary' }).map((s) => ({ kind: 'form' as const, text: s })),
    fc.constant({ kind: 'json' as const, text: 'x'.repeat(70 * 1024) }),
    fc.constant({ kind: 'none' as const, text: '' }),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=x',
    'garbage/type',
    undefined,
  );
  const authorization = fc.oneof(
    fc.constant('valid'),
    fc.constant(undefined),
    fc.string(),
    fc.constant('Bearer '),
    fc.constant('Basic !!!notbase64'),
    fc.constant(`Basic ${Buffer.from('a:b').toString('base64')}`),
  );

  it('never answers 5xx and always answers with a Routee envelope on errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        body,
        contentType,
        authorization,
        async ([method, path], b, ct, auth) => {
          const headers: Record<string, string> = {};
          if (ct) headers['content-type'] = ct;
          if (auth === 'valid') headers.authorization = `Bearer ${token}`;
          else if (auth !== undefined) headers.authorization = auth.replace(/[\r\n\0]/g, '');
          const hasBody = method !== 'GET' && b.kind !== 'none';
          let res: Response;
          try {
            res = await fetch(h.url + path, { method, headers, ...(hasBody && { body: b.text }) });
          } catch (err) {
            // Header values fetch itself refuses never reach the server.
            if (err instanceof TypeError) return;
            throw err;
          }
          const text = await res.text();
          expect(res.status, `${method} ${path} ${text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) {
            const parsed = JSON.parse(text);
            expect(typeof parsed.code).toBe('string');
            expect(typeof parsed.developerMessage).toBe('string');
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('POST /sms with valid credentials and randomly broken fields: 200 or a 4xx envelope', async () => {
    await fc.assert(
      fc.asyncProperty(smsLike, fc.boolean(), async (fields, sendValid) => {
        const json = sendValid ? validSms : { ...validSms, ...fields };
        const res = await h.call('POST', '/sms', { token, json });
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        if (res.status === 200) expect(res.body.status).toBe('Queued');
        else expect(res.body.code).toMatch(/^4\d{8}$/);
      }),
      { numRuns: 300 },
    );
  });

  const campaignLike = fc.record(
    {
      from: fc.oneof(fc.constant('Herald'), anyValue),
      body: fc.oneof(fc.constant('Hi [~firstName] https://x.example/a'), anyValue),
      to: fc.oneof(
        fc.constant(['+306948530920', '+306948530921']),
        fc.array(anyValue, { maxLength: 4 }),
        anyValue,
      ),
      contacts: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), anyValue),
      groups: fc.oneof(fc.constant(['All']), anyValue),
      scheduledDate: fc.oneof(fc.constant(new Date(Date.now() + 3600_000).toISOString()), anyValue),
      campaignName: anyValue,
      respectQuietHours: anyValue,
      reminder: fc.oneof(
        anyValue,
        fc.record({ minutesBefore: anyValue, minutesAfter: anyValue, to: anyValue }, { requiredKeys: [] }),
      ),
      fallbackValues: anyValue,
      allowInvalid: anyValue,
      urlShortener: anyValue,
      restrictions: anyValue,
      campaignCallback: fc.oneof(
        anyValue,
        fc.record({ url: anyValue, strategy: anyValue }, { requiredKeys: [] }),
      ),
      ttl: anyValue,
    },
    { requiredKeys: [] },
  );

  it('POST /sms/campaign with valid credentials and randomly broken fields: 200 or a 4xx envelope', async () => {
    await fc.assert(
      fc.asyncProperty(campaignLike, fc.boolean(), async (fields, sendValid) => {
        const valid = { from: 'Herald', body: 'hello [~firstName] http://x.example', to: ['+306948530920'] };
        const json = sendValid ? valid : { ...valid, ...fields };
        const res = await h.call('POST', '/sms/campaign', { token, json });
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        if (res.status === 200) expect(['Queued', 'Scheduled']).toContain(res.body.state);
        else expect(res.body.code).toMatch(/^4\d{8}$/);
      }),
      { numRuns: 300 },
    );
  });

  it('left nothing half-written', async () => {
    const db = h.store.db;
    const broken = await sql<{ id: string }>`
      SELECT m.id FROM messages m
      LEFT JOIN message_parts p ON p.message_id = m.id
      GROUP BY m.id, m.parts HAVING COUNT(p.id) <> m.parts`.execute(db);
    expect(broken.rows).toEqual([]);
    const charges = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ${h.account.accountId} AND kind = 'charge'`.execute(
      db,
    );
    // One charge per single message and one per campaign (its messages and reminders together).
    const messages = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM messages WHERE account_id = ${h.account.accountId}
         AND campaign_id IS NULL AND reminder_of IS NULL`.execute(db);
    const campaigns = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM campaigns WHERE account_id = ${h.account.accountId}`.execute(db);
    expect(Number(messages.rows[0]!.n)).toBeGreaterThan(0); // the fuzz did reach the write path
    expect(Number(campaigns.rows[0]!.n)).toBeGreaterThan(0);
    expect(Number(charges.rows[0]!.n)).toBe(Number(messages.rows[0]!.n) + Number(campaigns.rows[0]!.n));
    // Every campaign's messages are all there: its cost is the sum of their prices.
    const mismatched = await sql<{ id: string }>`
      SELECT c.id FROM campaigns c
       WHERE c.cost_micros <> (SELECT COALESCE(SUM(m.price_micros), 0) FROM messages m
                                WHERE m.campaign_id = c.id OR m.reminder_of = c.id)`.execute(db);
    expect(mismatched.rows).toEqual([]);
    expect(await ledgerSum(db, h.account.accountId)).toBe(await balanceOf(db, h.account.accountId));
  });
});
