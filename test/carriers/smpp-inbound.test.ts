// What a deliver_sm written by another implementation (the `smpp` package, as an operator's SMSC)
// says once Herald's codec and src/carriers/smpp/inbound.ts read it: a receipt's id, state and
// error from its TLVs first and its text second, the text from message_payload when short_message is
// empty, a mobile-originated message's text in its coding; a deliver_sm cut short is refused.
import fc from 'fast-check';
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { packageBytes } from '../helpers/smpp-oracle.js';
import { inboundOf } from '../../src/carriers/smpp/inbound.js';
import { readReceipt } from '../../src/domain/delivery-receipt.js';
import { decodePdu, SmppDecodeError } from '../../src/protocols/smpp/codec.js';
import { STATUS } from '../../src/protocols/smpp/ids.js';

const receiptFields = fc.record({
  source_addr: fc.stringMatching(/^[0-9]{5,15}$/),
  destination_addr: fc.stringMatching(/^[A-Za-z0-9]{1,11}$/),
  esm_class: fc.constantFrom(0x04, 0x08 | 0x04),
  text: fc.stringMatching(/^[ -~]{0,160}$/),
  receipted_message_id: fc.option(fc.stringMatching(/^[0-9A-Fa-f]{1,40}$/), { nil: undefined }),
  message_state: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
  seq: fc.integer({ min: 1, max: 0x7fffffff }),
});

describe('deliver_sm from the operator', () => {
  it('is the receipt its TLVs and text say, as the reader of receipts reads them (property)', () => {
    fc.assert(
      fc.property(receiptFields, (r) => {
        const fields: Record<string, unknown> = {
          source_addr: r.source_addr,
          destination_addr: r.destination_addr,
          esm_class: r.esm_class,
          short_message: Buffer.from(r.text, 'latin1'),
        };
        if (r.receipted_message_id !== undefined) fields.receipted_message_id = r.receipted_message_id;
        if (r.message_state !== undefined) fields.message_state = r.message_state;
        const pdu = decodePdu(packageBytes('deliver_sm', fields, r.seq));
        const pkg = new smpp.PDU(packageBytes('deliver_sm', fields, r.seq));
        expect(pdu).toMatchObject({
          sequence: r.seq,
          fields: {
            source_addr: pkg.source_addr,
            destination_addr: pkg.destination_addr,
            esm_class: r.esm_class,
          },
        });
        const expected = readReceipt(
          {
            receiptedMessageId: pkg.receipted_message_id as string | undefined,
            messageState: r.message_state,
          },
          r.text,
        );
        expect(inboundOf(pdu)).toEqual(expected ? { kind: 'receipt', receipt: expected } : null);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the text from message_payload when short_message is empty', () => {
    const pdu = decodePdu(
      packageBytes(
        'deliver_sm',
        {
          source_addr: '306900000001',
          destination_addr: 'Herald',
          esm_class: 0x04,
          message_payload: Buffer.from('id:77 sub:001 dlvrd:001 stat:DELIVRD err:000'),
        },
        5,
      ),
    );
    expect(inboundOf(pdu)).toEqual({ kind: 'receipt', receipt: { id: '77', stat: 'DELIVRD', err: '000' } });
  });

  it('is a mobile-originated message in GSM 03.38, UCS-2 or Latin-1, its UDH left out', () => {
    const mo = (fields: Record<string, unknown>) =>
      inboundOf(
        decodePdu(
          packageBytes(
            'deliver_sm',
            { source_addr: '306900000001', destination_addr: '12345', ...fields },
            1,
          ),
        ),
      );
    expect(mo({ short_message: 'STOP {now}' })).toEqual({
      kind: 'mo',
      from: '306900000001',
      to: '12345',
      text: 'STOP {now}',
    });
    expect(mo({ data_coding: 8, short_message: Buffer.from('Стоп', 'utf16le').swap16() })).toMatchObject({
      text: 'Стоп',
    });
    expect(mo({ data_coding: 3, short_message: Buffer.from('café', 'latin1') })).toMatchObject({
      text: 'café',
    });
    expect(
      mo({
        esm_class: 0x40,
        short_message: Buffer.concat([Buffer.from([5, 0, 3, 9, 2, 1]), Buffer.from('part')]),
      }),
    ).toMatchObject({ text: 'part' });
  });

  it('is refused when cut short inside its mandatory fields', () => {
    const b = packageBytes('deliver_sm', { source_addr: '1234', esm_class: 4, short_message: 'x' }, 1);
    const cut = Buffer.from(b.subarray(0, 30));
    cut.writeUInt32BE(30, 0);
    expect(() => decodePdu(cut)).toThrow(SmppDecodeError);
    expect(() => decodePdu(cut)).toThrow(
      expect.objectContaining({ status: STATUS.ESME_RINVMSGLEN, sequence: 1 }),
    );
  });
});
