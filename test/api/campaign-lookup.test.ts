/**
 * `GET /campaigns/{trackingId}` finds any campaign of the account, SMS or voice, with its `type`; every
 * campaign route answers an unknown id with the same 404 (code, entity, property, value). On SQLite and
 * PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`campaign lookup on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name);
      token = await h.token();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('returns a voice campaign with type Voice, as its own route does', async () => {
      const created = await h.call('POST', '/voice/campaign', {
        token,
        json: {
          from: '302100000000',
          to: ['+306900000011'],
          message: { text: 'Hello', language: 'en-GB', gender: 'female' },
          scheduledDate: new Date(Date.now() + 3600_000).toISOString(),
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      const id = created.body.trackingId as string;
      const any = await h.call('GET', `/campaigns/${id}`, { token });
      expect(any.status).toBe(200);
      expect(any.body.type).toBe('Voice');
      expect(any.body).toEqual((await h.call('GET', `/voice/campaign/${id}`, { token })).body);
      const sms = await h.call('POST', '/sms/campaign', {
        token,
        json: { from: 'Herald', to: ['+306948530920'], body: 'Hi', scheduledDate: Date.now() / 1000 + 3600 },
      });
      expect((await h.call('GET', `/campaigns/${sms.body.trackingId}`, { token })).body.type).toBe('Sms');
      // Another account's campaign stays invisible.
      const other = await h.newAccount();
      const otherToken = await h.token(other);
      expect((await h.call('GET', `/campaigns/${id}`, { token: otherToken })).status).toBe(404);
    });

    it('answers an unknown campaign with the same 404 on every campaign route', async () => {
      const id = 'no-such-campaign';
      const expected = {
        code: '404009001',
        developerMessage: `campaign with trackingId '${id}' was not found!`,
        entity: 'campaign',
        property: 'trackingId',
        value: id,
      };
      for (const path of [
        `/campaigns/${id}`,
        `/sms/tracking/campaign/${id}`,
        `/campaigns/${id}/links`,
        `/voice/campaign/${id}`,
        `/voice/tracking/campaign/${id}`,
      ]) {
        const r = await h.call('GET', path, { token });
        expect([path, r.status, r.body]).toEqual([path, 404, expected]);
      }
    });
  });
}
