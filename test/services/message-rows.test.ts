// One builder of an accepted SMS's rows (services/message-rows.ts), for single sends and campaigns:
// the message row, a row per part due at the message's time (held when later than now), and a Queued
// callback per part only when the callback setting reports every change.
import { describe, expect, it } from 'vitest';
import { callbackRenderers } from '../../src/api/callback-renderers.js';
import { ON_MESSAGE_COMPLETION } from '../../src/domain/sms-callback.js';
import { messageRows, type NewMessage } from '../../src/services/message-rows.js';

const now = Date.UTC(2026, 11, 4, 10, 0, 0);
const base: NewMessage = {
  id: 'm-1',
  account: { id: 'acc', name: 'Shop' },
  campaignId: 'c-1',
  campaignName: 'Winter',
  sender: 'Herald',
  recipient: '+306948530920',
  country: 'GR',
  body: 'Hello',
  label: null,
  flash: true,
  parts: 2,
  characters: 5,
  encoding: 'GSM7',
  transcoded: false,
  pricePerPartMicros: 45_000,
  callback: { url: 'https://a.example/cb', strategy: 'OnChange' },
  ttlMinutes: 60,
  expiresAt: now + 3_600_000,
  sendAt: now,
  now,
  campaignSeq: 7,
  reminderOf: null,
  restrictions: null,
};

describe('message rows', () => {
  it('price the message as its parts, and number the parts', () => {
    const r = messageRows(base, callbackRenderers);
    expect(r.message).toMatchObject({
      id: 'm-1',
      account_id: 'acc',
      campaign_id: 'c-1',
      flash: 1,
      transcoded: 0,
      status: 'Queued',
      parts: 2,
      price_micros: 90_000,
      callback_url: 'https://a.example/cb',
      callback_strategy: 'OnChange',
      send_at: now,
      campaign_seq: 7,
    });
    expect(r.parts.map((p) => [p.part_index, p.price_micros, p.next_attempt_at, p.queue_state])).toEqual([
      [0, 45_000, now, 'ready'],
      [1, 45_000, now, 'ready'],
    ]);
    expect(new Set(r.parts.map((p) => p.sms_id)).size).toBe(2);
  });

  it('hold parts due later', () => {
    const r = messageRows({ ...base, sendAt: now + 60_000 }, callbackRenderers);
    expect(r.parts.map((p) => [p.queue_state, p.next_attempt_at])).toEqual([
      ['scheduled', now + 60_000],
      ['scheduled', now + 60_000],
    ]);
  });

  it('write a Queued callback per part only when every change is reported', () => {
    const r = messageRows(base, callbackRenderers);
    expect(r.callbacks.map((c) => [c.kind, c.orderKey, c.url])).toEqual(
      r.parts.map((p) => ['sms', p.sms_id, 'https://a.example/cb']),
    );
    expect(r.callbacks[1]!.payload).toMatchObject({
      messageId: 'm-1',
      part: 2,
      parts: 2,
      status: { name: 'Queued' },
      campaignTrackingId: 'c-1',
      campaignName: 'Winter',
      price: 0.045,
      applicationName: 'Shop',
    });
    for (const callback of [
      { url: 'https://a.example/cb', strategy: 'OnCompletion' } as const,
      { url: 'https://a.example/cb', strategy: ON_MESSAGE_COMPLETION } as const,
      null,
    ]) {
      const q = messageRows({ ...base, callback }, callbackRenderers);
      expect(q.callbacks).toEqual([]);
      expect(q.message.callback_strategy).toBe(callback?.strategy ?? null);
    }
  });
});
