/**
 * Delivery receipts as SMPP 3.4 (Appendix B and §5.2.28) and docs/delivery.md write them, checked from
 * the documents rather than from Herald's own functions: the text form, the TLVs read first, operator
 * ids in either base with any number of leading zeros or capitals, and the receipt-state table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alternateSmscId,
  normaliseSmscId,
  parseReceiptText,
  readReceipt,
  routeeStatusOfReceipt,
} from '../../src/domain/delivery-receipt.js';

describe('receipt text (SMPP 3.4 Appendix B)', () => {
  const sample =
    'id:0000012345 sub:001 dlvrd:001 submit date:2612031105 done date:2612031106 stat:DELIVRD err:000 text:Hello there';

  it('reads id, stat and err from the standard text', () => {
    expect(parseReceiptText(sample)).toEqual({ id: '0000012345', stat: 'DELIVRD', err: '000' });
    expect(parseReceiptText('id:ab12 stat:undeliv err:001')).toEqual({
      id: 'ab12',
      stat: 'UNDELIV',
      err: '001',
    });
    expect(parseReceiptText('Your code is 1234')).toBeNull();
  });

  it('reads the TLVs first (receipted_message_id, message_state), the text second', () => {
    // message_state 5 is UNDELIVERABLE (§5.2.28): it wins over the text's stat.
    expect(readReceipt({ receiptedMessageId: 'ff01', messageState: 5 }, sample)).toEqual({
      id: 'ff01',
      stat: 'UNDELIV',
      err: '000',
    });
    expect(readReceipt({}, sample)).toEqual({ id: '0000012345', stat: 'DELIVRD', err: '000' });
    // The states as SMPP 3.4 numbers them.
    const states = ['ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD'];
    states.forEach((stat, i) =>
      expect(readReceipt({ receiptedMessageId: 'x', messageState: i + 1 }, '')?.stat).toBe(stat),
    );
    expect(readReceipt({ receiptedMessageId: 'x' }, 'no receipt here')).toBeNull();
  });
});

describe('operator message ids', () => {
  it('drops every leading zero, not only the first, and ignores case and spaces', () => {
    const cases: Array<[string, string]> = [
      ['000012345', '12345'],
      ['0012345', '12345'],
      ['0000000000', '0'],
      ['0', '0'],
      ['  00AbC ', 'abc'],
      ['0x1F', 'x1f'],
    ];
    for (const [raw, canonical] of cases) expect([raw, normaliseSmscId(raw)]).toEqual([raw, canonical]);
  });

  it('matches an id across bases whatever its zeros (property, against BigInt)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 64n }),
        fc.nat({ max: 6 }),
        fc.boolean(),
        (n, zeros, upper) => {
          const hex = n.toString(16);
          const dec = n.toString(10);
          const written = '0'.repeat(zeros) + (upper ? hex.toUpperCase() : hex);
          // A hex id written with zeros and capitals: its canonical form, and the decimal twin.
          expect(normaliseSmscId(written)).toBe(hex);
          if (/[a-f]/.test(hex)) expect(alternateSmscId(written)).toEqual([dec]);
          if (hex !== dec) expect(alternateSmscId('0'.repeat(zeros) + dec)).toContain(hex);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('receipt states (docs/delivery.md, Receipt states)', () => {
  it('maps each state as the table says', () => {
    const table: Array<[string, string, string | null, string | null]> = [
      ['DELIVRD', '000', 'Delivered', 'Delivered'],
      ['UNDELIV', '001', 'Undelivered', 'Unknown Number'],
      ['UNDELIV', '005', 'Undelivered', 'Unknown Number'],
      ['UNDELIV', '011', 'Undelivered', 'Call Barred'],
      ['UNDELIV', '013', 'Undelivered', 'Call Barred'],
      ['UNDELIV', '021', 'Undelivered', 'Roaming'],
      ['UNDELIV', '036', 'Undelivered', 'Roaming'],
      ['UNDELIV', '027', 'Undelivered', 'Undelivered on Handset'],
      ['UNDELIV', '999', 'Undelivered', 'Undelivered on Handset'],
      ['EXPIRED', '000', 'Undelivered', 'Expired'],
      ['DELETED', '000', 'Undelivered', 'Carrier Violation'],
      ['REJECTD', '000', 'Failed', 'Carrier Violation'],
      ['UNKNOWN', '000', 'Undelivered', 'Unknown Status'],
      ['ACCEPTD', '000', null, null],
      ['ENROUTE', '000', null, null],
    ];
    for (const [stat, err, status, detailed] of table) {
      const r = routeeStatusOfReceipt(stat as never, err);
      expect([stat, err, r?.status ?? null, r?.detailedStatus ?? null]).toEqual([
        stat,
        err,
        status,
        detailed,
      ]);
    }
  });
});
