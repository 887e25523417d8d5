// Routee's per-part SMS callback and Octopush's delivery callback, checked field by field against the
// documented shapes (../shared/reference/provider-apis.md §1.11 and the Octopush DLR; docs/octopush.md),
// with the message-status rule of docs/delivery.md: the least advanced while a part is open, then
// Delivered only if every part is, else the worst (Failed > Network Error > Unsent > Undelivered).
import { describe, expect, it } from 'vitest';
import {
  aggregateStatus,
  FINAL_SMS_STATUSES,
  octopushDate,
  octopushDeliveryPayload,
  octopushDeliveryStatus,
  shouldSendSmsCallback,
  smsCallbackPayload,
  type SmsCallbackFacts,
} from '../../src/domain/sms-callback.js';

const facts: SmsCallbackFacts = {
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

describe('which statuses call back', () => {
  it('OnChange: every status; OnCompletion and Octopush: final ones; none without a strategy', () => {
    expect([...FINAL_SMS_STATUSES].sort()).toEqual([
      'Delivered',
      'Failed',
      'Network Error',
      'Undelivered',
      'Unsent',
    ]);
    for (const s of ['Queued', 'Sent', 'Delivered']) expect(shouldSendSmsCallback('OnChange', s)).toBe(true);
    for (const strategy of ['OnCompletion', 'OctopushDlr']) {
      expect(shouldSendSmsCallback(strategy, 'Sent')).toBe(false);
      expect(shouldSendSmsCallback(strategy, 'Queued')).toBe(false);
      expect(shouldSendSmsCallback(strategy, 'Undelivered')).toBe(true);
    }
    expect(shouldSendSmsCallback(null, 'Delivered')).toBe(false);
    expect(shouldSendSmsCallback('Whatever', 'Delivered')).toBe(false);
  });
});

describe("a message's status from its parts", () => {
  const p = (status: string, detailedStatus: string | null = null) => ({ status, detailedStatus });

  it('is the least advanced while a part is open', () => {
    expect(aggregateStatus([p('Queued'), p('Sent')])).toEqual({ status: 'Queued', detailedStatus: null });
    expect(aggregateStatus([p('Sent'), p('Delivered', 'Delivered')])).toEqual({
      status: 'Sent',
      detailedStatus: null,
    });
    expect(aggregateStatus([p('Failed', 'Carrier Violation'), p('Queued')])).toEqual({
      status: 'Queued',
      detailedStatus: null,
    });
  });

  it('is Delivered only when every part is', () => {
    expect(aggregateStatus([p('Delivered', 'Delivered'), p('Delivered', 'Delivered')])).toEqual({
      status: 'Delivered',
      detailedStatus: 'Delivered',
    });
  });

  it('is the worst final status, with that part detailed status', () => {
    const all = [
      p('Delivered', 'Delivered'),
      p('Undelivered', 'Expired'),
      p('Unsent'),
      p('Network Error', 'Expired'),
      p('Failed', 'Unknown Number'),
    ];
    expect(aggregateStatus(all)).toEqual({ status: 'Failed', detailedStatus: 'Unknown Number' });
    expect(aggregateStatus(all.slice(0, 4))).toEqual({ status: 'Network Error', detailedStatus: 'Expired' });
    expect(aggregateStatus(all.slice(0, 3))).toEqual({ status: 'Unsent', detailedStatus: null });
    expect(aggregateStatus(all.slice(0, 2))).toEqual({ status: 'Undelivered', detailedStatus: 'Expired' });
    // The first part with the worst status gives the detailed status.
    expect(aggregateStatus([p('Undelivered', 'Roaming'), p('Undelivered', 'Expired')]).detailedStatus).toBe(
      'Roaming',
    );
  });
});

describe('Octopush delivery callback', () => {
  it('maps each final status to the documented Octopush status', () => {
    const cases: Array<[string, string | null, string]> = [
      ['Delivered', 'Delivered', 'DELIVERED'],
      ['Failed', 'Unknown Number', 'BAD_DESTINATION'],
      ['Failed', 'Carrier Violation', 'NOT_ALLOWED'],
      ['Unsent', null, 'BLACKLISTED_NUMBER'],
      ['Network Error', 'Expired', 'NOT_DELIVERED'],
      ['Undelivered', 'Unknown Number', 'BAD_DESTINATION'],
      ['Undelivered', 'Unknown Status', 'UNKNOWN_DELIVERY'],
      ['Undelivered', 'Expired', 'NOT_DELIVERED'],
      ['Undelivered', 'Roaming', 'NOT_DELIVERED'],
      ['Sent', null, 'ACK'],
      ['Queued', null, 'ACK'],
    ];
    for (const [status, detailed, expected] of cases)
      expect(octopushDeliveryStatus(status, detailed), `${status}/${detailed}`).toBe(expected);
  });

  it('writes dates as "Y-m-d H:i:s" in Paris time', () => {
    expect(octopushDate(Date.UTC(2026, 0, 5, 8, 3, 7))).toBe('2026-01-05 09:03:07');
    expect(octopushDate(Date.UTC(2026, 6, 31, 22, 59, 59))).toBe('2026-08-01 00:59:59');
  });

  it('carries the documented fields', () => {
    const at = Date.UTC(2025, 0, 22, 10, 46, 6);
    expect(
      octopushDeliveryPayload({
        ticket: 'sms_5fa275dbf21dc',
        number: '+33600112233',
        status: 'Delivered',
        detailedStatus: 'Delivered',
        priceMicros: 500_000,
        at,
        listName: 'List Name',
      }),
    ).toEqual({
      channel: 'sms',
      message_id: 'sms_5fa275dbf21dc',
      list_name: 'List Name',
      number: '+33600112233',
      status: 'DELIVERED',
      unit_price: 0.5,
      delivery_date: '2025-01-22 11:46:06',
      meta_data: {},
    });
    const noList = octopushDeliveryPayload({
      ticket: null,
      number: '+33600112233',
      status: 'Failed',
      detailedStatus: 'Unknown Number',
      priceMicros: 0,
      at,
    });
    expect(noList).toEqual({
      channel: 'sms',
      message_id: null,
      number: '+33600112233',
      status: 'BAD_DESTINATION',
      unit_price: 0,
      delivery_date: '2025-01-22 11:46:06',
      meta_data: {},
    });
  });
});
