// Octopush's callbacks rendered from Herald's callback facts, against the documented shapes
// (docs/octopush.md): the delivery report per message, the inbound message and the opt-out.
import { describe, expect, it } from 'vitest';
import { parseAccountSettings } from '../../../src/domain/account-settings.js';
import {
  octopushAccountTargets,
  octopushDeliveryPayload,
  octopushDeliveryStatus,
  octopushInboundPayload,
  octopushOptOutPayload,
  parisDate,
} from '../../../src/api/octopush/callbacks.js';

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
    expect(parisDate(Date.UTC(2026, 0, 5, 8, 3, 7))).toBe('2026-01-05 09:03:07');
    expect(parisDate(Date.UTC(2026, 6, 31, 22, 59, 59))).toBe('2026-08-01 00:59:59');
  });

  it('carries the documented fields', () => {
    const at = Date.UTC(2025, 0, 22, 10, 46, 6);
    expect(
      octopushDeliveryPayload({
        campaignId: 'sms_5fa275dbf21dc',
        recipient: '+33600112233',
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
      campaignId: null,
      recipient: '+33600112233',
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

describe('Octopush inbound and opt-out callbacks', () => {
  const at = Date.UTC(2025, 0, 22, 10, 46, 6);

  it('carry the number, the text and the campaign answered, dated in Paris time', () => {
    expect(
      octopushInboundPayload({ inReplyTo: 'sms_1', from: '+33600112233', to: '38100', text: 'Yes', at }),
    ).toEqual({
      message_id: 'sms_1',
      number: '+33600112233',
      text: 'Yes',
      sim_card_number: '38100',
      reception_date: '2025-01-22 11:46:06',
    });
    expect(octopushOptOutPayload({ inReplyTo: 'sms_1', from: '+33600112233', text: 'STOP', at })).toEqual({
      message_id: 'sms_1',
      number: '+33600112233',
      text: 'STOP',
      stop_date: '2025-01-22 11:46:06',
    });
  });

  it("go to the URLs of the account's Octopush campaign parameters, when set", () => {
    // Settings as stored: the face's parameters under its name.
    const stored = (octopush: Record<string, string>) => parseAccountSettings(JSON.stringify({ octopush }));
    expect(octopushAccountTargets({})).toEqual({});
    expect(
      octopushAccountTargets(
        stored({
          callback_url_for_inbounds: 'https://a.example/in',
          callback_url_for_blacklisted_numbers: '',
        }),
      ),
    ).toEqual({ inbound: 'https://a.example/in' });
    expect(
      octopushAccountTargets(stored({ callback_url_for_blacklisted_numbers: 'https://a.example/stop' })),
    ).toEqual({ optOut: 'https://a.example/stop' });
  });
});
