// The engine's callback rules, checked against docs/delivery.md (Callbacks) rather than Herald's own
// helpers: the signature a receiver following the documented recipe accepts, what counts as taken,
// the retry schedule (the first POST and up to 5 retries, 2 s, 10 s, 1 min, 5 min, 15 min apart) and
// which changes call back.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  afterFailedDelivery,
  CALLBACK_BACKOFF_MS,
  MAX_CALLBACK_ATTEMPTS,
  messageCallbackWanted,
  receiverTookIt,
  partCallbackWanted,
  signatureHeader,
} from '../../../src/engine/rules/callbacks.js';
import { ON_MESSAGE_COMPLETION } from '../../../src/domain/sms-callback.js';

describe('callback signature (docs/delivery.md recipe)', () => {
  const secret = 'app-secret-42';
  const key = createHash('sha256').update(secret).digest('hex');
  const body = '{"messageId":"m1","status":{"name":"Delivered"}}';

  it('is t=<unix seconds>,v1=<HMAC-SHA256 hex of "<t>.<raw body>"> with sha256hex(secret) as key', () => {
    const header = signatureHeader(key, 1_700_000_123_999, body);
    const m = /^t=(\d+),v1=([0-9a-f]+)$/.exec(header);
    expect(m).not.toBeNull();
    const [, t, v1] = m!;
    expect(t).toBe('1700000123'); // seconds, rounded down, never milliseconds
    const expected = createHmac('sha256', key).update(`${t}.${body}`).digest();
    expect(Buffer.from(v1!, 'hex').equals(expected)).toBe(true);
    expect(v1).toHaveLength(64);
  });

  it('changes with the body, the time and the key', () => {
    const base = signatureHeader(key, 1_700_000_000_000, body);
    expect(signatureHeader(key, 1_700_000_000_000, body + ' ')).not.toBe(base);
    expect(signatureHeader(key, 1_700_000_001_000, body)).not.toBe(base);
    expect(
      signatureHeader(createHash('sha256').update('other').digest('hex'), 1_700_000_000_000, body),
    ).not.toBe(base);
    // Within the same second: the same header.
    expect(signatureHeader(key, 1_700_000_000_999, body)).toBe(base);
  });
});

describe('what counts as delivered', () => {
  it('only an HTTP 200', () => {
    expect(receiverTookIt(200)).toBe(true);
    for (const status of [0, 100, 201, 202, 204, 299, 301, 302, 400, 404, 429, 500, 503]) {
      expect(receiverTookIt(status), String(status)).toBe(false);
    }
  });
});

describe('retries after a failed delivery', () => {
  it('waits 2 s, 10 s, 1 min, 5 min, 15 min, and gives up after the 6th attempt', () => {
    const now = 1_000_000;
    const seen: Array<{ attempts: number; wait: number; giveUp: boolean }> = [];
    let attempts = 0;
    for (;;) {
      const next = afterFailedDelivery(attempts, CALLBACK_BACKOFF_MS, now);
      expect(next.attempts).toBe(attempts + 1);
      seen.push({ attempts: next.attempts, wait: next.nextAttemptAt - now, giveUp: next.giveUp });
      attempts = next.attempts;
      if (next.giveUp) break;
    }
    expect(seen).toEqual([
      { attempts: 1, wait: 2_000, giveUp: false },
      { attempts: 2, wait: 10_000, giveUp: false },
      { attempts: 3, wait: 60_000, giveUp: false },
      { attempts: 4, wait: 300_000, giveUp: false },
      { attempts: 5, wait: 900_000, giveUp: false },
      { attempts: 6, wait: 900_000, giveUp: true },
    ]);
    // The first POST and up to 5 more.
    expect(MAX_CALLBACK_ATTEMPTS).toBe(6);
  });

  it('keeps the last wait of a shorter configured list, and waits a minute with none', () => {
    expect(afterFailedDelivery(0, [500], 0).nextAttemptAt).toBe(500);
    expect(afterFailedDelivery(3, [500, 700], 0).nextAttemptAt).toBe(700);
    expect(afterFailedDelivery(1, [500, 700], 0).nextAttemptAt).toBe(700);
    expect(afterFailedDelivery(0, [], 10).nextAttemptAt).toBe(60_010);
  });

  it('gives up on a row already past the limit', () => {
    expect(afterFailedDelivery(9, CALLBACK_BACKOFF_MS, 0)).toMatchObject({ attempts: 10, giveUp: true });
  });
});

describe('which changes call back', () => {
  const url = 'https://client.example/cb';

  it('per part, OnChange: every status; OnCompletion: final statuses only', () => {
    for (const status of ['Queued', 'Sent', 'Delivered', 'Undelivered', 'Failed', 'Unsent', 'Network Error'])
      expect(partCallbackWanted(url, 'OnChange', status), status).toBe(true);
    for (const status of ['Queued', 'Sent'])
      expect(partCallbackWanted(url, 'OnCompletion', status)).toBe(false);
    for (const status of ['Delivered', 'Undelivered', 'Failed', 'Unsent', 'Network Error'])
      expect(partCallbackWanted(url, 'OnCompletion', status), status).toBe(true);
  });

  it('no URL, no strategy, or a per-message strategy: no part callback', () => {
    expect(partCallbackWanted(null, 'OnChange', 'Delivered')).toBe(false);
    expect(partCallbackWanted('', 'OnChange', 'Delivered')).toBe(false);
    expect(partCallbackWanted(url, null, 'Delivered')).toBe(false);
    expect(partCallbackWanted(url, ON_MESSAGE_COMPLETION, 'Delivered')).toBe(false);
  });

  it('per message: once the message is final, only under OnMessageCompletion', () => {
    for (const status of ['Delivered', 'Undelivered', 'Failed', 'Unsent', 'Network Error'])
      expect(messageCallbackWanted(url, ON_MESSAGE_COMPLETION, status), status).toBe(true);
    for (const status of ['Queued', 'Sent'])
      expect(messageCallbackWanted(url, ON_MESSAGE_COMPLETION, status)).toBe(false);
    expect(messageCallbackWanted(url, 'OnChange', 'Delivered')).toBe(false);
    expect(messageCallbackWanted(url, 'OnCompletion', 'Delivered')).toBe(false);
    expect(messageCallbackWanted(null, ON_MESSAGE_COMPLETION, 'Delivered')).toBe(false);
    expect(messageCallbackWanted('', ON_MESSAGE_COMPLETION, 'Delivered')).toBe(false);
  });
});
