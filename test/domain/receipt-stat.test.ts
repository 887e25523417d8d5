/** What a client application's receipt says of a message's final status (Herald's SMPP server). */
import { describe, expect, it } from 'vitest';
import { statOfStatus } from '../../src/domain/delivery-receipt.js';

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
