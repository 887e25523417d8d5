import fc from 'fast-check';
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import {
  encodeDeliverSm,
  encodeDeliverSmResp,
  encodeSubmitSm,
  encodeSubmitSmResp,
} from '../../src/carriers/smpp/pdu-encoder.js';
import { submitSmFields } from '../../src/carriers/smpp/submit-pdu.js';
import { splitBody } from '../../src/domain/gsm.js';
import { anyBody } from '../helpers/bodies.js';

/** The `smpp` package's own bytes for the same fields and sequence number: the oracle. */
function packageBytes(command: string, fields: Record<string, unknown>, seq: number): Buffer {
  const pdu = new smpp.PDU(command, { ...fields });
  pdu.sequence_number = seq;
  return (pdu as unknown as { toBuffer(): Buffer }).toBuffer();
}

describe('hand-written PDU encoding', () => {
  it('writes a submit_sm byte for byte as the smpp package does, for any part Herald sends', () => {
    fc.assert(
      fc.property(
        fc.record({
          sender: fc.oneof(
            fc.constantFrom('Herald', 'INFO', '306912345678', '54321'),
            fc.stringMatching(/^[A-Za-z0-9 ]{1,11}$/),
          ),
          recipient: fc.stringMatching(/^\+[1-9][0-9]{7,14}$/),
          // Bodies of up to several parts (fast-check alone keeps strings short).
          text: fc.oneof(anyBody, fc.string({ unit: 'grapheme', maxLength: 200 })),
          ucs2: fc.boolean(),
          flash: fc.boolean(),
          concatenation: fc.constantFrom<'udh' | 'sar'>('udh', 'sar'),
          expiresAt: fc.integer({ min: Date.now(), max: Date.now() + 7 * 86400_000 }),
          restriction: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,20}$/), { nil: undefined }),
          seq: fc.integer({ min: 1, max: 0x7fffffff }),
        }),
        (c) => {
          const encoding = c.ucs2 ? 'UCS2' : 'GSM7';
          const segments = splitBody(c.text, encoding);
          segments.forEach((text, i) => {
            const fields = submitSmFields(
              {
                sender: c.sender,
                recipient: c.recipient,
                text,
                encoding,
                flash: c.flash,
                seq: i + 1,
                total: segments.length,
                ref: 99,
                expiresAt: c.expiresAt,
                restrictions: c.restriction ? { lane: c.restriction } : null,
              },
              c.concatenation,
              { lane: 0x1401 },
            );
            const ours = encodeSubmitSm(fields);
            expect(ours).toBeDefined();
            ours!.sequence_number = c.seq;
            expect(ours!.toBuffer().toString('hex')).toBe(
              packageBytes('submit_sm', fields, c.seq).toString('hex'),
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes back to the same fields with the smpp package (what an operator reads)', () => {
    const fields = submitSmFields(
      {
        sender: 'Herald',
        recipient: '+306948530920',
        text: 'Γειά σου',
        encoding: 'UCS2',
        flash: true,
        seq: 2,
        total: 3,
        ref: 7,
        expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5, 600),
      },
      'sar',
    );
    const pdu = encodeSubmitSm(fields)!;
    pdu.sequence_number = 42;
    const decoded = new smpp.PDU(pdu.toBuffer() as unknown as string);
    expect(decoded.command).toBe('submit_sm');
    expect(decoded.sequence_number).toBe(42);
    expect(decoded.source_addr).toBe('Herald');
    expect(decoded.destination_addr).toBe('306948530920');
    expect(decoded.data_coding).toBe(0x18);
    expect(decoded.sar_msg_ref_num).toBe(7);
    expect(decoded.sar_total_segments).toBe(3);
    expect(decoded.sar_segment_seqnum).toBe(2);
    expect(decoded.registered_delivery).toBe(1);
    expect((decoded.validity_period as Date).toISOString()).toBe('2030-01-02T03:04:05.600Z');
  });

  it('leaves fields it does not write to the package (the caller falls back)', () => {
    expect(encodeSubmitSm({ source_addr: 'x', message_payload: Buffer.from('long') })).toBeUndefined();
    expect(encodeSubmitSm({ source_addr: 'x', short_message: Buffer.alloc(300) })).toBeUndefined();
    expect(encodeSubmitSm({ source_addr: 'x', tlv_0x1401: 7 })).toBeUndefined();
  });

  it('writes deliver_sm_resp as the package does, with and without an error status', () => {
    for (const status of [0, smpp.ESME_RSYSERR]) {
      const ours = encodeDeliverSmResp(123_456, status).toBuffer();
      const pkg = new smpp.PDU('deliver_sm_resp', { command_status: status, sequence_number: 123_456 });
      expect(ours.toString('hex')).toBe(
        (pkg as unknown as { toBuffer(): Buffer }).toBuffer().toString('hex'),
      );
    }
  });
});

describe('hand-written PDU encoding for the operator simulator', () => {
  it('writes a receipt deliver_sm as the smpp package does', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{1,20}$/),
        fc.integer({ min: 1, max: 8 }),
        fc.string({ maxLength: 160 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 0x7fffffff }),
        (id, state, text, withTlvs, seq) => {
          const fields = {
            source_addr_ton: 1,
            source_addr_npi: 1,
            source_addr: '306948530920',
            dest_addr_ton: 0,
            dest_addr_npi: 0,
            destination_addr: 'Herald',
            esm_class: 0x04,
            data_coding: 0,
            short_message: Buffer.from(`id:${id} stat:DELIVRD text:${text}`.slice(0, 200), 'latin1'),
            ...(withTlvs && { receipted_message_id: id, message_state: state }),
          };
          const ours = encodeDeliverSm(fields)!;
          ours.sequence_number = seq;
          expect(ours.toBuffer().toString('hex')).toBe(
            packageBytes('deliver_sm', fields, seq).toString('hex'),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes submit_sm_resp as the smpp package does', () => {
    for (const [id, status] of [
      ['12345', 0],
      ['ff00aa', 0],
      ['', smpp.ESME_RTHROTTLED],
    ] as const) {
      const ours = encodeSubmitSmResp(77, id, status).toBuffer();
      const pkg = new smpp.PDU('submit_sm_resp', {
        command_status: status,
        sequence_number: 77,
        ...(status === 0 && { message_id: id }),
      });
      expect(ours.toString('hex')).toBe(
        (pkg as unknown as { toBuffer(): Buffer }).toBuffer().toString('hex'),
      );
    }
  });
});
