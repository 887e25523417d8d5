/**
 * Delivery receipts as SMPP 3.4 (Appendix B and §5.2.28) and docs/delivery.md write them, checked from
 * the documents rather than from Herald's own functions: the text form, the TLVs read first, operator
 * ids in either base with any number of leading zeros or capitals, and the receipt-state table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alternateSmscId,
  formatReceiptText,
  normaliseSmscId,
  parseReceiptText,
  readReceipt,
  statusOfReceipt,
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

  it('keeps the first id, stat and err when the message text repeats them', () => {
    // text: carries the message's first 20 characters, which may themselves look like fields.
    expect(
      parseReceiptText('id:77 sub:001 dlvrd:001 stat:DELIVRD err:000 text:my id:99 stat:REJECTD err:42'),
    ).toEqual({ id: '77', stat: 'DELIVRD', err: '000' });
    // No err field: a repeated id in the text is not taken for one.
    expect(parseReceiptText('id:77 stat:DELIVRD text:your id:99')).toEqual({ id: '77', stat: 'DELIVRD' });
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
      const r = statusOfReceipt(stat as never, err);
      expect([stat, err, r?.status ?? null, r?.detailedStatus ?? null]).toEqual([
        stat,
        err,
        status,
        detailed,
      ]);
    }
  });
});

describe('receipt text, more of Appendix B', () => {
  it('takes the first id, stat and err, never ones quoted later in the text field', () => {
    expect(
      parseReceiptText('id:123 sub:001 dlvrd:001 stat:DELIVRD err:000 text:id:9 stat:UNDELIV err:005'),
    ).toEqual({ id: '123', stat: 'DELIVRD', err: '000' });
  });

  it('is a receipt with an id or a stat, and nothing without either', () => {
    expect(parseReceiptText('id:77 sub:001')).toEqual({ id: '77' });
    expect(parseReceiptText('stat:expired')).toEqual({ stat: 'EXPIRED' });
    expect(parseReceiptText('err:001 hello')).toBeNull();
    expect(parseReceiptText('')).toBeNull();
  });

  it("reads err as '000' when neither the TLV nor the text gives one", () => {
    expect(readReceipt({ receiptedMessageId: 'ab', messageState: 2 }, '')).toEqual({
      id: 'ab',
      stat: 'DELIVRD',
      err: '000',
    });
    expect(readReceipt({}, 'id:ab stat:UNDELIV')).toEqual({ id: 'ab', stat: 'UNDELIV', err: '000' });
  });

  it('writes the text as Appendix B lays it out (YYMMDDhhmm dates, 20 characters of text)', () => {
    expect(
      formatReceiptText({
        id: '7f3a',
        stat: 'DELIVRD',
        submitDate: new Date(Date.UTC(2026, 0, 5, 7, 3, 59)),
        doneDate: new Date(Date.UTC(2026, 11, 31, 23, 59)),
        text: 'Hello there, this is longer than twenty',
      }),
    ).toBe(
      'id:7f3a sub:001 dlvrd:001 submit date:2601050703 done date:2612312359 stat:DELIVRD err:000 text:Hello there, this is',
    );
    expect(
      formatReceiptText({
        id: '1',
        stat: 'UNDELIV',
        err: '027',
        submitDate: new Date(Date.UTC(2009, 8, 9, 9, 9)),
        doneDate: new Date(Date.UTC(2009, 8, 9, 9, 9)),
      }),
    ).toBe('id:1 sub:001 dlvrd:000 submit date:0909090909 done date:0909090909 stat:UNDELIV err:027 text:');
  });

  it('round-trips through the reader', () => {
    const text = formatReceiptText({
      id: '00FF',
      stat: 'REJECTD',
      err: '011',
      submitDate: new Date(0),
      doneDate: new Date(0),
    });
    expect(readReceipt({}, text)).toEqual({ id: '00FF', stat: 'REJECTD', err: '011' });
  });
});

describe('operator ids in the other base', () => {
  it('has none for one digit (the same in both), and none for ids that are not numbers', () => {
    for (const id of ['0', '5', '9', '000']) expect(alternateSmscId(id), id).toEqual([]);
    expect(alternateSmscId('a')).toEqual(['10']);
    for (const id of ['msg-9z', 'a-1', 'zz', 'x1f', '12g', 'g12'])
      expect(alternateSmscId(id), id).toEqual([]);
  });
});

describe('network error codes of UNDELIV', () => {
  it('are Undelivered on Handset unless the table names them', () => {
    for (const err of ['006', '027', '031', '000', '999', 'xyz'])
      expect(statusOfReceipt('UNDELIV', err), err).toEqual({
        status: 'Undelivered',
        detailedStatus: 'Undelivered on Handset',
      });
  });
});
