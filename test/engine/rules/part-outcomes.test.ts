// How a part ends without a receipt, from docs/delivery.md: a permanent submit_sm refusal is Failed
// (Unknown Number for ESME_RINVDSTADR, Carrier Violation otherwise) and refunded; past its ttl a part
// tried and never taken is Network Error, any other Undelivered, both Expired, refunded only when it
// never reached the operator; an opted-out scheduled part is Unsent and refunded.
import { describe, expect, it } from 'vitest';
import { refusalOf, sendOutcomeOf } from '../../../src/carriers/smpp/smpp-carrier.js';
import {
  expiredPart,
  OPTED_OUT_BEFORE_DUE,
  refusedForGood,
} from '../../../src/engine/rules/part-outcomes.js';

describe('refused at submit', () => {
  it('ESME_RINVDSTADR (0x0b) is Unknown Number', () => {
    expect(refusedForGood(refusalOf(0x0b))).toEqual({
      status: 'Failed',
      detailedStatus: 'Unknown Number',
      error: 'submit_sm refused with status 0xb',
      refund: true,
    });
  });

  it('any other permanent refusal is Carrier Violation, its status noted in hex', () => {
    for (const [status, hex] of [
      [0x0a, '0xa'],
      [0x0c, '0xc'],
      [0x45, '0x45'],
      [0x401, '0x401'],
    ] as const) {
      expect(refusedForGood(refusalOf(status))).toEqual({
        status: 'Failed',
        detailedStatus: 'Carrier Violation',
        error: `submit_sm refused with status ${hex}`,
        refund: true,
      });
    }
  });

  it('reaches the engine as a refusal in domain terms, permanent or not', () => {
    expect(sendOutcomeOf({ kind: 'rejected', status: 0x0b, permanent: true })).toEqual({
      kind: 'refused',
      permanent: true,
      detailedStatus: 'Unknown Number',
      error: 'submit_sm refused with status 0xb',
    });
    expect(sendOutcomeOf({ kind: 'rejected', status: 0x08, permanent: false })).toMatchObject({
      kind: 'refused',
      permanent: false,
    });
    expect(sendOutcomeOf({ kind: 'accepted', messageId: '1a2b' })).toEqual({
      kind: 'accepted',
      carrierMessageId: '1a2b',
    });
  });
});

describe('past its ttl', () => {
  it('tried and never taken by an operator: Network Error, refunded', () => {
    expect(expiredPart({ submittedAt: null, attempts: 1 })).toEqual({
      status: 'Network Error',
      detailedStatus: 'Expired',
      refund: true,
    });
    expect(expiredPart({ submittedAt: null, attempts: 7 }).status).toBe('Network Error');
  });

  it('never tried (held by its schedule or quiet hours): Undelivered, refunded', () => {
    expect(expiredPart({ submittedAt: null, attempts: 0 })).toEqual({
      status: 'Undelivered',
      detailedStatus: 'Expired',
      refund: true,
    });
  });

  it('taken by the operator: Undelivered and paid for, whatever the attempts', () => {
    for (const attempts of [0, 1, 3])
      expect(expiredPart({ submittedAt: 1_700_000_000_000, attempts })).toEqual({
        status: 'Undelivered',
        detailedStatus: 'Expired',
        refund: false,
      });
    // A submit time of 0 is a time, not "never".
    expect(expiredPart({ submittedAt: 0, attempts: 1 })).toEqual({
      status: 'Undelivered',
      detailedStatus: 'Expired',
      refund: false,
    });
  });
});

describe('opted out before it was due', () => {
  it('is Unsent without a detailed status, refunded', () => {
    expect(OPTED_OUT_BEFORE_DUE).toEqual({ status: 'Unsent', detailedStatus: null, refund: true });
    expect(Object.isFrozen(OPTED_OUT_BEFORE_DUE)).toBe(true);
  });
});
