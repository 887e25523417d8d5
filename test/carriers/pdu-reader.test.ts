import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import smpp from 'smpp';
import { describe, expect, it } from 'vitest';
import {
  decodeReceiptDeliverSm,
  decodeSubmitSmResp,
  deliverSmEsmClass,
  readPdus,
  type ReceiptDeliverSm,
} from '../../src/carriers/smpp/pdu-reader.js';

/** The package's bytes for a PDU: what an operator (or the package's own server) writes. */
function bytes(command: string, fields: Record<string, unknown>, seq: number): Buffer {
  const pdu = new smpp.PDU(command, { ...fields });
  pdu.sequence_number = seq;
  return (pdu as unknown as { toBuffer(): Buffer }).toBuffer();
}

const receiptFields = fc.record({
  source_addr: fc.stringMatching(/^[0-9]{5,15}$/),
  destination_addr: fc.stringMatching(/^[A-Za-z0-9]{1,11}$/),
  esm_class: fc.constantFrom(0x04, 0x04 | 0x40, 0x08 | 0x04),
  text: fc.stringMatching(/^[ -~]{0,160}$/),
  receipted_message_id: fc.option(fc.stringMatching(/^[0-9A-Fa-f]{1,40}$/), { nil: undefined }),
  message_state: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
  seq: fc.integer({ min: 1, max: 0x7fffffff }),
});

describe('reading the PDUs that come back for every message', () => {
  it('decodes submit_sm_resp as the package does, with and without a message id', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Za-z-]{0,64}$/),
        fc.constantFrom(0, smpp.ESME_RTHROTTLED, smpp.ESME_RINVDSTADR),
        fc.integer({ min: 1, max: 0x7fffffff }),
        (id, status, seq) => {
          const b = bytes('submit_sm_resp', { message_id: id, command_status: status }, seq);
          const pkg = new smpp.PDU(b);
          const ours = decodeSubmitSmResp(b);
          expect(ours.sequence_number).toBe(pkg.sequence_number);
          expect(ours.command_status).toBe(pkg.command_status);
          expect(ours.message_id).toBe(status === 0 ? pkg.message_id : (pkg.message_id ?? ''));
        },
      ),
      { numRuns: 300 },
    );
    // An error reply may carry no body at all.
    const bare = Buffer.alloc(16);
    bare.writeUInt32BE(16, 0);
    bare.writeUInt32BE(0x80000004, 4);
    bare.writeUInt32BE(0x58, 8);
    bare.writeUInt32BE(9, 12);
    expect(decodeSubmitSmResp(bare)).toEqual({
      command: 'submit_sm_resp',
      command_status: 0x58,
      sequence_number: 9,
      message_id: '',
    });
  });

  it('decodes a receipt deliver_sm to the fields the package reads, TLVs included', () => {
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
        const b = bytes('deliver_sm', fields, r.seq);
        const pkg = new smpp.PDU(b);
        expect(deliverSmEsmClass(b)).toBe(pkg.esm_class);
        const ours = decodeReceiptDeliverSm(b);
        expect(ours.sequence_number).toBe(r.seq);
        expect(ours.esm_class).toBe(r.esm_class);
        expect(ours.source_addr).toBe(pkg.source_addr);
        expect(ours.destination_addr).toBe(pkg.destination_addr);
        expect(ours.receipted_message_id).toBe(pkg.receipted_message_id);
        expect(ours.message_state).toBe(pkg.message_state);
        // The package decodes the text through its GSM table; the bytes are what the SMSC sent.
        expect(ours.text.toString('latin1')).toBe(r.text);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the text from message_payload when short_message is empty', () => {
    const b = bytes(
      'deliver_sm',
      {
        source_addr: '306900000001',
        destination_addr: 'Herald',
        esm_class: 0x04,
        message_payload: Buffer.from('id:77 sub:001 dlvrd:001 stat:DELIVRD err:000'),
      },
      5,
    );
    expect(decodeReceiptDeliverSm(b).text.toString()).toBe('id:77 sub:001 dlvrd:001 stat:DELIVRD err:000');
  });

  it('rejects a deliver_sm cut short inside its mandatory fields', () => {
    const b = bytes('deliver_sm', { source_addr: '1234', esm_class: 4, short_message: 'x' }, 1);
    const cut = Buffer.from(b.subarray(0, 30));
    cut.writeUInt32BE(30, 0);
    expect(() => decodeReceiptDeliverSm(cut)).toThrow(/truncated/);
  });
});

describe('readPdus on a session socket', () => {
  /** A stand-in for smpp.Session: the socket and the callback table readPdus uses. */
  function fakeSession() {
    const socket = new PassThrough();
    socket.on('readable', () => undefined); // the package's reader, which readPdus removes
    const session = Object.assign(new EventEmitter(), {
      socket,
      _callbacks: {} as Record<number, (pdu: unknown) => void>,
    });
    return session;
  }

  const settle = () => new Promise((r) => setImmediate(r));

  it('delivers every PDU whole however the stream is cut, and falls back to the package for others', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 40 }),
        async (cuts) => {
          const session = fakeSession();
          const resps: unknown[] = [];
          const receipts: ReceiptDeliverSm[] = [];
          const others: string[] = [];
          let heard = 0;
          for (let seq = 1; seq <= 3; seq++) session._callbacks[seq] = (p) => resps.push(p);
          session.on('enquire_link', (p: smpp.PDU) => others.push(`${p.command}#${p.sequence_number}`));
          session.on('deliver_sm', (p: smpp.PDU) => others.push(`mo:${String(p.source_addr)}`));
          readPdus(session as unknown as smpp.Session, {
            heard: () => heard++,
            receipt: (p) => receipts.push({ ...p, text: Buffer.from(p.text) }),
          });
          const stream = Buffer.concat([
            bytes('submit_sm_resp', { message_id: 'a1' }, 1),
            bytes('deliver_sm', { source_addr: '111', esm_class: 4, short_message: 'id:a1 stat:DELIVRD' }, 9),
            bytes('enquire_link', {}, 10),
            bytes('submit_sm_resp', { message_id: 'b2' }, 2),
            bytes('deliver_sm', { source_addr: '222', esm_class: 0, short_message: 'hello' }, 11),
            bytes('submit_sm_resp', { command_status: smpp.ESME_RTHROTTLED }, 3),
          ]);
          let at = 0;
          for (const cut of cuts) {
            if (at >= stream.length) break;
            session.socket.write(stream.subarray(at, at + cut));
            at += cut;
          }
          if (at < stream.length) session.socket.write(stream.subarray(at));
          await settle();
          expect(heard).toBe(6);
          expect(resps.map((r) => (r as { message_id: string }).message_id)).toEqual(['a1', 'b2', '']);
          expect(resps.map((r) => (r as { command_status: number }).command_status)).toEqual([
            0,
            0,
            smpp.ESME_RTHROTTLED,
          ]);
          expect(session._callbacks).toEqual({});
          expect(receipts).toHaveLength(1);
          expect(receipts[0]!.text.toString()).toBe('id:a1 stat:DELIVRD');
          expect(receipts[0]!.sequence_number).toBe(9);
          expect(others).toEqual(['enquire_link#10', 'mo:222']);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('drops the connection on a PDU length no SMSC sends', async () => {
    const session = fakeSession();
    const errors: string[] = [];
    session.on('error', (e: Error) => errors.push(e.message));
    readPdus(session as unknown as smpp.Session, { heard: () => undefined, receipt: () => undefined });
    const bad = Buffer.alloc(16);
    bad.writeUInt32BE(1_000_000, 0);
    session.socket.write(bad);
    await settle();
    expect(errors).toEqual(['PDU length 1000000 is outside 16..16384']);
    expect(session.socket.destroyed).toBe(true);
  });
});
