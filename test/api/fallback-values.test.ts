/**
 * `fallbackValues` in the three shapes Routee's pages give it: an object by label (its description), an
 * array of strings (seed 001: positional to the labels in the order the body first uses them), a
 * string (seed 000: the fallback of every label). On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbacksByLabel } from '../../src/domain/personalize.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

describe('fallbacksByLabel', () => {
  const body = 'Hi [~firstName], code [~code], again [~firstName], [~city]';
  it('maps each shape to values by label', () => {
    expect(fallbacksByLabel({ code: 'X' }, body)).toEqual({ code: 'X' });
    expect(fallbacksByLabel(['friend', 'X'], body)).toEqual({ firstName: 'friend', code: 'X' });
    expect(fallbacksByLabel(['a', 'b', 'c', 'd'], body)).toEqual({ firstName: 'a', code: 'b', city: 'c' });
    expect(fallbacksByLabel('?', body)).toEqual({ firstName: '?', code: '?', city: '?' });
    expect(fallbacksByLabel('?', 'no labels')).toEqual({});
  });
});

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`fallbackValues on ${sc.name}`, () => {
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      h = await startTestHerald(sc.name);
      token = await h.token();
      const c = await h.call('POST', '/contacts/my', {
        token,
        json: { mobile: '+306948100001', firstName: 'Maria' },
      });
      expect(c.status, JSON.stringify(c.body)).toBe(200);
    });
    afterAll(async () => {
      await h?.close();
    });

    const bodiesWith = async (fallbackValues: unknown) => {
      const res = await h.call('POST', '/sms/campaign', {
        token,
        json: {
          from: 'Herald',
          to: ['+306948100001', '+306948100002'],
          body: 'Hi [~firstName], your code is [~code]',
          fallbackValues,
          scheduledDate: Date.now() / 1000 + 3600,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const tracking = await h.call('GET', `/sms/tracking/campaign/${res.body.trackingId}`, { token });
      await h.call('DELETE', `/sms/${res.body.trackingId}`, { token });
      return {
        bodies: tracking.body.content.map((p: { body: string }) => p.body),
        echoed: res.body.fallbackValues,
      };
    };

    it('accepts an object by label, an array by position, and a string for every label', async () => {
      expect(await bodiesWith({ firstName: 'friend', code: 'NONE' })).toEqual({
        bodies: ['Hi Maria, your code is NONE', 'Hi friend, your code is NONE'],
        echoed: { firstName: 'friend', code: 'NONE' },
      });
      expect(await bodiesWith(['friend', 'NONE'])).toEqual({
        bodies: ['Hi Maria, your code is NONE', 'Hi friend, your code is NONE'],
        echoed: { firstName: 'friend', code: 'NONE' },
      });
      expect(await bodiesWith('-')).toEqual({
        bodies: ['Hi Maria, your code is -', 'Hi -, your code is -'],
        echoed: { firstName: '-', code: '-' },
      });
    });

    it('refuses other shapes with a validation error', async () => {
      for (const fallbackValues of [[{ a: 1 }], { firstName: { x: 1 } }]) {
        const res = await h.call('POST', '/sms/campaign', {
          token,
          json: { from: 'Herald', to: ['+306948100002'], body: 'Hi [~firstName]', fallbackValues },
        });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('400000000');
      }
    });
  });
}
