/** What a client application's receipt says of a message's final status (Herald's SMPP server). */
import { describe, expect, it } from 'vitest';
import { receiptIdAs, statOfStatus } from '../../src/domain/delivery-receipt.js';

describe('statOfStatus', () => {
  it.each([
    ['Delivered', 'Delivered', 'DELIVRD'],
    ['Undelivered', 'Expired', 'EXPIRED'],
    ['Undelivered', 'Subscriber Unavailable', 'UNDELIV'],
    ['Network Error', null, 'UNDELIV'],
    ['Failed', 'Carrier Violation', 'REJECTD'],
    ['Unsent', 'Blacklisted', 'REJECTD'],
  ] as const)('%s (%s) is %s', (status, detailed, stat) => {
    expect(statOfStatus(status, detailed)).toBe(stat);
  });
});

describe('receiptIdAs', () => {
  const id = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';

  it('writes the id as answered, as hex digits or as their decimal number', () => {
    expect(receiptIdAs(id)).toBe(id);
    expect(receiptIdAs(id, 'hex')).toBe('0190a1b2c3d47e5f8a6b7c8d9e0f1a2b');
    expect(receiptIdAs(id, 'decimal')).toBe(BigInt('0x0190a1b2c3d47e5f8a6b7c8d9e0f1a2b').toString(10));
    expect(receiptIdAs(id.toUpperCase(), 'hex')).toBe('0190a1b2c3d47e5f8a6b7c8d9e0f1a2b');
  });

  it('keeps a part’s suffix and leaves ids that are no UUID as they are', () => {
    expect(receiptIdAs(`${id}:3`, 'hex')).toBe('0190a1b2c3d47e5f8a6b7c8d9e0f1a2b:3');
    expect(receiptIdAs('abc123', 'decimal')).toBe('abc123');
  });
});
