import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSum } from '../../src/store/repositories/ledger.js';
import { countMessages } from '../../src/store/repositories/messages.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

// Every case with the fast lane on (the default when no global hook is registered) and off: the
// lane answers plain requests itself, so both paths must give the same results.
for (const sc of storeCases())
  for (const lane of ['on', 'off'] as const) {
    describe.skipIf(sc.skip)(`Routee single SMS on ${sc.name}, fast lane ${lane}`, () => {
      let h: TestHerald;
      let token: string;
      beforeAll(async () => {
        h = await startTestHerald(sc.name, { balance: 10, config: { httpFastLane: lane === 'on' } });
        expect(h.herald.app.fastLane !== null).toBe(lane === 'on');
        token = await h.token();
      });
      afterAll(async () => {
        await h.close();
      });
      const send = (json: unknown, t = token) => h.call('POST', '/sms', { token: t, json });

      it('accepts an SMS with every field, charges it and tracks each part as Queued', async () => {
        const before = (await h.call('GET', '/accounts/me/balance', { token })).body.balance;
        const body = `Hello [promo] ${'x'.repeat(150)}`; // 166 septets ([ and ] count 2): 2 GSM parts
        const res = await send({
          from: 'Herald',
          to: '+306948530920',
          body,
          flash: true,
          label: 'order-42',
          callback: { url: 'http://127.0.0.1:9/cb', strategy: 'OnCompletion' },
          ttl: 60,
          transcode: false,
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          from: 'Herald',
          to: '+306948530920',
          body,
          status: 'Queued',
          label: 'order-42',
          flash: true,
          ttl: 60,
          callback: { url: 'http://127.0.0.1:9/cb', strategy: 'OnCompletion' },
          bodyAnalysis: { characters: 166, parts: 2, unicode: false, unsupportedGSMCharacters: [] },
        });
        expect(res.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        // GR costs 0.042 per part.
        const after = (await h.call('GET', '/accounts/me/balance', { token })).body.balance;
        expect(Math.round((before - after) * 1e6)).toBe(84_000);

        const tracking = await h.call('GET', `/sms/tracking/single/${res.body.trackingId}`, { token });
        expect(tracking.status).toBe(200);
        expect(tracking.body).toHaveLength(2);
        expect(tracking.body[0]).toMatchObject({
          messageId: res.body.trackingId,
          to: '+306948530920',
          from: 'Herald',
          country: 'GR',
          part: 1,
          parts: 2,
          price: 0.042,
          label: 'order-42',
          status: { status: 'Queued' },
          direction: 'Outbound',
          originatingService: 'Sms',
        });
        expect(tracking.body[1].part).toBe(2);
        expect(tracking.body[0].smsId).not.toBe(tracking.body[1].smsId);
      });

      it('transcodes when asked and when it saves parts, and charges the transcoded parts', async () => {
        const body = 'Γειά σου κόσμε, '.repeat(6); // 2 UCS-2 parts, 1 GSM part
        const res = await send({ from: 'Herald', to: '+306948530920', body, transcode: true });
        expect(res.status).toBe(200);
        expect(res.body.bodyAnalysis).toMatchObject({
          parts: 2,
          unicode: true,
          transcode: { message: 'ΓEIA ΣOY KOΣME, '.repeat(6), parts: 1 },
        });
        const tracking = await h.call('GET', `/sms/tracking/single/${res.body.trackingId}`, { token });
        expect(tracking.body).toHaveLength(1);
        expect(tracking.body[0].body).toBe('ΓEIA ΣOY KOΣME, '.repeat(6));
        const untouched = await send({ from: 'Herald', to: '+306948530920', body });
        const t2 = await h.call('GET', `/sms/tracking/single/${untouched.body.trackingId}`, { token });
        expect(t2.body).toHaveLength(2);
        expect(t2.body[0].body).toBe(body);
      });

      it('uses the application default callback and transcode when the request sets none', async () => {
        const other = await h.newAccount({
          name: 'with-defaults',
          settings: { callback: { url: 'https://example.test/hook', strategy: 'OnChange' }, transcode: true },
        });
        const t = await h.token(other);
        const res = await send(
          { from: 'Herald', to: '+306948530920', body: 'Γειά σου κόσμε, '.repeat(6) },
          t,
        );
        expect(res.body.callback).toEqual({ url: 'https://example.test/hook', strategy: 'OnChange' });
        const tracking = await h.call('GET', `/sms/tracking/single/${res.body.trackingId}`, { token: t });
        expect(tracking.body).toHaveLength(1);
      });

      it('accepts loose types: strings for booleans and numbers, numbers without +, callback without strategy, unknown keys', async () => {
        const res = await send({
          from: 447123123456,
          to: '306948530920',
          body: 'hi',
          flash: 'true',
          ttl: '120',
          callback: { url: 'http://127.0.0.1:9/x' },
          smsCallback: { url: 'ignored' },
          somethingNew: 1,
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          from: '447123123456',
          to: '+306948530920',
          flash: true,
          ttl: 120,
          callback: { url: 'http://127.0.0.1:9/x', strategy: 'OnChange' },
        });
      });

      it('rejects an invalid sender with 400005000', async () => {
        for (const from of ['+306948530920', 'WayTooLongSender', '12345678901234567', 'bad<>']) {
          const res = await send({ from, to: '+306948530920', body: 'hi' });
          expect(res.status, from).toBe(400);
          expect(res.body.code).toBe('400005000');
        }
      });

      it('rejects invalid numbers and fields with 400000000 and the property named', async () => {
        const cases: Array<[Record<string, unknown>, string]> = [
          [{ to: '+30694' }, 'to'],
          [{ to: '+302101234567' }, 'to'], // a fixed line
          [{ to: undefined }, 'to'],
          [{ body: '' }, 'body'],
          [{ ttl: 0 }, 'ttl'],
          [{ ttl: 4321 }, 'ttl'],
          [{ ttl: 'soon' }, 'ttl'],
          [{ flash: 'maybe' }, 'flash'],
          [{ label: 'x'.repeat(351) }, 'label'],
          [{ callback: { url: 'ftp://x' } }, 'callback.url'],
          [{ callback: { url: 'http://x', strategy: 'Sometimes' } }, 'callback.strategy'],
        ];
        for (const [patch, property] of cases) {
          const res = await send({ from: 'Herald', to: '+306948530920', body: 'hi', ...patch });
          expect(res.status, property).toBe(400);
          expect(res.body.code).toBe('400000000');
          expect(Object.keys(res.body.properties), property).toContain(property);
        }
      });

      it('refuses with 400001009 when the balance is short and stores nothing', async () => {
        const poor = await h.newAccount({ name: 'poor', balance: 0.05 });
        const t = await h.token(poor);
        const ok = await send({ from: 'Herald', to: '+306948530920', body: 'one part' }, t);
        expect(ok.status).toBe(200);
        const short = await send({ from: 'Herald', to: '+306948530920', body: 'one part' }, t);
        expect(short.status).toBe(400);
        expect(short.body.code).toBe('400001009');
        expect(await countMessages(h.store.db, poor.accountId)).toBe(1);
        expect(await ledgerSum(h.store.db, poor.accountId)).toBe(8_000);
      });

      it('analyses without storing or charging', async () => {
        const fresh = await h.newAccount({ name: 'analyse', balance: 1 });
        const t = await h.token(fresh);
        const res = await h.call('POST', '/sms/analyze', {
          token: t,
          json: { from: 'Herald', to: '+33612345678', body: 'a'.repeat(200) },
        });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          cost: 0.09,
          bodyAnalysis: { characters: 200, parts: 2, unicode: false, unsupportedGSMCharacters: [] },
        });
        expect(await countMessages(h.store.db, fresh.accountId)).toBe(0);
        expect((await h.call('GET', '/accounts/me/balance', { token: t })).body.balance).toBe(1);
      });

      it("never shows another account's message (404005000)", async () => {
        const res = await send({ from: 'Herald', to: '+306948530920', body: 'mine' });
        const stranger = await h.newAccount({ name: 'stranger' });
        const t = await h.token(stranger);
        const other = await h.call('GET', `/sms/tracking/single/${res.body.trackingId}`, { token: t });
        expect(other.status).toBe(404);
        expect(other.body.code).toBe('404005000');
        const missing = await h.call('GET', '/sms/tracking/single/nope', { token });
        expect(missing.status).toBe(404);
      });

      it('never overspends under parallel requests', async () => {
        const racer = await h.newAccount({ name: 'racer', balance: 0.42 }); // exactly 10 GR parts
        const t = await h.token(racer);
        const results = await Promise.all(
          Array.from({ length: 30 }, () => send({ from: 'Herald', to: '+306948530920', body: 'race' }, t)),
        );
        expect(results.filter((r) => r.status === 200)).toHaveLength(10);
        expect(results.filter((r) => r.status === 400 && r.body.code === '400001009')).toHaveLength(20);
        expect((await h.call('GET', '/accounts/me/balance', { token: t })).body.balance).toBe(0);
        expect(await countMessages(h.store.db, racer.accountId)).toBe(10);
        expect(await ledgerSum(h.store.db, racer.accountId)).toBe(0);
      });
    });
  }

describe('POST /sms/tracking (filtered search)', () => {
  let h: TestHerald;
  let token: string;
  beforeAll(async () => {
    h = await startTestHerald('sqlite');
    token = await h.token();
    for (let i = 0; i < 5; i++) {
      await h.call('POST', '/sms', {
        token,
        json: {
          from: 'Herald',
          to: `+3069485309${10 + i}`,
          body: `search ${i}`,
          label: i < 3 ? 'promo' : 'otp',
        },
      });
    }
  });
  afterAll(async () => {
    await h.close();
  });
  const search = (filters: unknown, query = '') =>
    h.call('POST', `/sms/tracking${query}`, { token, json: filters });

  it('defaults the date range, page and size when no query string is given', async () => {
    const res = await search([]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalElements: 5, size: 20, number: 0, first: true, last: true });
    expect(res.body.content[0]).toMatchObject({ direction: 'Outbound', status: { status: 'Queued' } });
  });

  it('filters by field with operators and pages', async () => {
    expect((await search([{ fieldName: 'label', searchTerm: 'promo' }])).body.totalElements).toBe(3);
    expect(
      (await search([{ fieldName: 'label', searchTerm: 'promo', searchOperator: 'is_not' }])).body
        .totalElements,
    ).toBe(2);
    expect(
      (await search([{ fieldName: 'to', searchTerm: '+30694853091', searchOperator: 'starts_with' }])).body
        .totalElements,
    ).toBe(5);
    expect(
      (await search([{ fieldName: 'to', searchTerm: '12', searchOperator: 'ends_with' }])).body.content.map(
        (c: any) => c.to,
      ),
    ).toEqual(['+306948530912']);
    expect((await search([{ fieldName: 'status.status', searchTerm: 'Queued' }])).body.totalElements).toBe(5);
    const page = await search([], '?page=1&size=2');
    expect(page.body).toMatchObject({ totalElements: 5, totalPages: 3, numberOfElements: 2, number: 1 });
    const smsId = page.body.content[0].smsId;
    expect((await search([{ fieldName: 'smsId', searchTerm: smsId }])).body.content[0].smsId).toBe(smsId);
  });

  it('refuses unknown fields and operators with 400000000', async () => {
    const bad = await search([{ fieldName: 'password', searchTerm: 'x' }]);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('400000000');
    expect((await search([{ fieldName: 'to', searchTerm: 'x', searchOperator: 'regex' }])).status).toBe(400);
  });

  it('never shows another account’s messages', async () => {
    const other = await h.newAccount({ name: 'other' });
    const t = await h.token(other);
    const res = await h.call('POST', '/sms/tracking', { token: t, json: [] });
    expect(res.body.totalElements).toBe(0);
  });
});
