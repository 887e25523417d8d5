import fc from 'fast-check';
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import { packageBytes } from '../helpers/smpp-oracle.js';
import { encodeSubmitSm } from '../../src/carriers/smpp/pdu-encoder.js';
import { submitSmFields } from '../../src/carriers/smpp/submit-pdu.js';
import { splitBody } from '../../src/domain/gsm.js';
import { anyBody } from '../helpers/bodies.js';

// The vendor TLV the tests' link configuration names, known to the oracle as an operator would know it.
smpp.addTLV('tlv_0x1401', { id: 0x1401, type: smpp.types.tlv.string });

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
            ours!.writeUInt32BE(c.seq, 12);
            expect(ours!.toString('hex')).toBe(packageBytes('submit_sm', fields, c.seq).toString('hex'));
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
    pdu.writeUInt32BE(42, 12);
    const decoded = new smpp.PDU(pdu);
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

  it('refuses fields it does not write (a part Herald never builds)', () => {
    expect(encodeSubmitSm({ source_addr: 'x', message_payload: Buffer.from('long') })).toBeUndefined();
    expect(encodeSubmitSm({ source_addr: 'x', short_message: Buffer.alloc(300) })).toBeUndefined();
    expect(encodeSubmitSm({ source_addr: 'x', tlv_0x1401: 7 })).toBeUndefined();
  });
});
