// Routee's callbacks rendered from Herald's callback facts, field by field against the documented
// shapes (../shared/reference/provider-apis.md §1.11 and §2.5): the per-part SMS callback, the
// campaign callback and the voice message callback.
import { describe, expect, it } from 'vitest';
import type { PartStatusFacts } from '../../../src/domain/callback-events.js';
import {
  campaignCallbackPayload,
  poolInboundCallbackPayload,
  smsCallbackPayload,
  voiceCallbackPayload,
} from '../../../src/api/routee/callbacks.js';

const facts: PartStatusFacts = {
  messageId: 'b5f9e0c2-0000-4000-8000-000000000001',
  smsId: 'b5f9e0c2-0000-4000-8000-000000000002',
  campaignId: null,
  partIndex: 0,
  parts: 2,
  label: null,
  to: '+306911111111',
  from: 'Herald',
  country: 'GR',
  body: 'Hello there',
  applicationName: 'default',
  priceMicros: 45_000,
  status: 'Delivered',
  detailedStatus: 'Delivered',
  createdAt: Date.UTC(2026, 11, 3, 9, 0, 0),
  updatedAt: Date.UTC(2026, 11, 3, 9, 0, 4, 600),
};

describe('Routee SMS callback payload', () => {
  it('carries the documented fields with their values', () => {
    expect(smsCallbackPayload(facts)).toEqual({
      messageId: facts.messageId,
      smsId: facts.smsId,
      part: 1,
      parts: 2,
      to: '+306911111111',
      from: 'Herald',
      country: 'GR',
      groups: [],
      status: {
        name: 'Delivered',
        reason: {
          detailedStatus: 'Delivered',
          description: 'The SMS was sent and it was delivered to its recipient.',
        },
        updatedDate: '2026-12-03T09:00:04.600Z',
      },
      message: 'Hello there',
      applicationName: 'default',
      latency: 5,
      price: 0.045,
      direction: 'Outbound',
      originatingService: 'Sms',
    });
  });

  it('names the pool, last and in the documented order, for a message sent through one', () => {
    const p = smsCallbackPayload({ ...facts, pool: { id: 'pool-1', name: 'Support', strategy: 'Numeric' } });
    expect(Object.keys(p).slice(-3)).toEqual(['poolName', 'poolId', 'poolStrategy']);
    expect(p).toMatchObject({ poolName: 'Support', poolId: 'pool-1', poolStrategy: 'Numeric' });
    expect(Object.keys(smsCallbackPayload({ ...facts, pool: null }))).not.toContain('poolId');
  });

  it('adds label, campaign id and campaign name only when there are some', () => {
    const p = smsCallbackPayload({
      ...facts,
      label: 'promo',
      campaignId: 'c-1',
      campaignName: 'Winter',
      partIndex: 1,
    });
    expect(p).toMatchObject({ label: 'promo', campaignTrackingId: 'c-1', campaignName: 'Winter', part: 2 });
    const q = smsCallbackPayload({ ...facts, label: '', campaignId: 'c-1', campaignName: '' });
    expect(q.label).toBe('');
    expect('campaignName' in q).toBe(false);
    const r = smsCallbackPayload(facts);
    for (const key of ['label', 'campaignTrackingId', 'campaignName']) expect(key in r, key).toBe(false);
  });

  it('describes each status, with a detailed status only when there is one', () => {
    const reason = (status: string, detailedStatus: string | null) =>
      (smsCallbackPayload({ ...facts, status, detailedStatus }).status as { reason?: unknown }).reason;
    expect(reason('Queued', null)).toEqual({ description: 'The SMS is queued for delivery.' });
    expect(reason('Sent', null)).toEqual({ description: 'The SMS was sent to the operator.' });
    expect(reason('Undelivered', 'Expired')).toEqual({
      detailedStatus: 'Expired',
      description: 'The SMS was sent but it was not delivered to its recipient.',
    });
    expect(reason('Failed', 'Unknown Number')).toEqual({
      detailedStatus: 'Unknown Number',
      description: 'The SMS could not be sent.',
    });
    expect(reason('Unsent', null)).toEqual({
      description: 'The SMS was not sent: its recipient opted out before it was due.',
    });
    expect(reason('Network Error', 'Expired')).toEqual({
      detailedStatus: 'Expired',
      description: 'The SMS could not reach the operator network within its validity period.',
    });
    expect(reason('Other', 'Something')).toEqual({ detailedStatus: 'Something' });
    expect(reason('Other', null)).toBeUndefined();
  });

  it('counts latency in whole seconds, never below zero', () => {
    const latency = (updatedAt: number) => smsCallbackPayload({ ...facts, updatedAt }).latency;
    expect(latency(facts.createdAt)).toBe(0);
    expect(latency(facts.createdAt + 1_499)).toBe(1);
    expect(latency(facts.createdAt + 1_500)).toBe(2);
    expect(latency(facts.createdAt + 61_000)).toBe(61);
    expect(latency(facts.createdAt - 5_000)).toBe(0);
  });
});

describe('Routee campaign callback payload', () => {
  it("builds Routee's campaign callback", () => {
    const counts5 = { Queued: 0, Sent: 1, Delivered: 4 };
    const payload = campaignCallbackPayload({
      trackingId: 't-1',
      name: null,
      totalRecipients: 5,
      state: 'Sent',
      counts: counts5,
      callback: { url: 'https://x.example/cb', strategy: 'OnChange' },
    });
    expect(payload).toEqual({
      trackingId: 't-1',
      name: '',
      totalRecipients: 5,
      campaignStatus: 'Sent',
      messageStatuses: { Queued: 0, Sent: 1, Delivered: 4 },
      callbackInfo: { url: 'https://x.example/cb', strategy: 'OnChange' },
    });
    expect(payload.messageStatuses).not.toBe(counts5);
    expect(
      campaignCallbackPayload({
        ...{ trackingId: 't', totalRecipients: 0, state: 'Queued', counts: {} },
        name: 'N',
        callback: { url: 'u', strategy: 'OnCompletion' },
      }).name,
    ).toBe('N');
  });
});

describe('Routee voice callback payload', () => {
  const call = {
    callId: 'v-1',
    campaignId: 'vc-1',
    campaignName: 'Doors',
    to: '+306911111111',
    from: '+302100000000',
    country: 'GR',
    applicationName: 'default',
    priceMicros: 120_000,
    status: 'Answered',
    at: Date.UTC(2026, 11, 3, 9, 1, 0),
    speech: { text: 'Hello', language: 'en-GB', gender: 'Female' },
    hangupDelay: 30,
    respectQuietHours: true,
    durationMs: 4_100,
    createdAt: Date.UTC(2026, 11, 3, 9, 0, 0),
    digits: '12',
  };

  it("carries the documented fields in Routee's order", () => {
    const body = JSON.stringify(voiceCallbackPayload(call));
    expect(body).toBe(
      JSON.stringify({
        messageId: 'v-1',
        campaignTrackingId: 'vc-1',
        to: '+306911111111',
        from: '+302100000000',
        groups: [],
        campaignName: 'Doors',
        country: 'GR',
        applicationName: 'default',
        price: 0.12,
        originatingService: 'Voice',
        direction: 'Outbound',
        status: { name: 'Answered', updatedDate: '2026-12-03T09:01:00.000Z' },
        audioMessage: { text: 'Hello', language: 'en-GB', gender: 'Female' },
        hangupDelay: 30,
        respectQuietHours: true,
        duration: 5,
        createdAt: '2026-12-03T09:00:00.000Z',
        chargeInterval: 1,
        collectedTones: '12',
      }),
    );
  });

  it('leaves out what a call does not have', () => {
    const p = voiceCallbackPayload({
      ...call,
      campaignName: null,
      speech: null,
      fileUrl: 'https://x.example/a.wav',
      hangupDelay: undefined,
      digits: null,
    });
    for (const key of ['campaignName', 'audioMessage', 'collectedTones']) expect(key in p, key).toBe(false);
    expect(p.fileURL).toBe('https://x.example/a.wav');
    expect(JSON.parse(JSON.stringify(p))).not.toHaveProperty('hangupDelay');
  });
});

describe('Routee pool inbound callback payload', () => {
  it('carries the documented fields with their values, in the documented order', () => {
    const p = poolInboundCallbackPayload({
      messageId: 'in-1',
      from: '+306948530920',
      to: '306912345678',
      text: 'Yes please',
      parts: 1,
      at: Date.UTC(2026, 11, 5, 22, 0, 1, 250),
      priceMicros: 0,
    });
    expect(JSON.stringify(p)).toBe(
      JSON.stringify({
        direction: 'Inbound',
        from: '+306948530920',
        message: 'Yes please',
        parts: 1,
        receivedDate: '2026-12-05T22:00:01.250Z',
        messageId: 'in-1',
        to: '306912345678',
        originatingService: 'Sms',
        price: 0,
      }),
    );
  });
});
