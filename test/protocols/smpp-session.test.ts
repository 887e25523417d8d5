// Herald's SMPP session (src/protocols/smpp/session.ts) on a real socket, the peer writing with the
// `smpp` package's encoder: PDUs come whole however the stream is cut, responses find their
// requests by sequence number, enquire_link is answered by the session, a request it cannot read
// gets generic_nack (the link stays up), and a length no peer sends drops the connection.
import net from 'node:net';
import fc from 'fast-check';
import smpp from 'smpp';
import { afterEach, describe, expect, it } from 'vitest';
import { packageBytes } from '../helpers/smpp-oracle.js';
import { decodePdu, type Pdu } from '../../src/protocols/smpp/codec.js';
import { STATUS } from '../../src/protocols/smpp/ids.js';
import { SmppSession } from '../../src/protocols/smpp/session.js';
import { waitFor } from '../helpers/process.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

/** A session on one end of a TCP connection, the raw other end for the test to write and read. */
async function pair() {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const peer = new Promise<net.Socket>((r) => server.once('connection', r));
  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const requests: Pdu[] = [];
  let heard = 0;
  const session = new SmppSession(socket, { onRequest: (p) => requests.push(p), onHeard: () => heard++ });
  const other = await peer;
  const fromSession: Buffer[] = [];
  let pending = Buffer.alloc(0);
  other.on('data', (d: Buffer) => {
    pending = Buffer.concat([pending, d]);
    while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
      const n = pending.readUInt32BE(0);
      fromSession.push(Buffer.from(pending.subarray(0, n)));
      pending = pending.subarray(n);
    }
  });
  closers.push(() => {
    socket.destroy();
    other.destroy();
    server.close();
  });
  return { session, socket, other, requests, fromSession, heard: () => heard };
}

describe('SMPP session', () => {
  it('reads PDUs whole however the stream is cut, matches responses, answers enquire_link (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 40 }),
        async (cuts) => {
          const p = await pair();
          const answers: Array<Pdu | null> = [];
          for (let i = 0; i < 3; i++)
            p.session.request(
              { command: 'submit_sm', fields: {}, shortMessage: Buffer.from('x'), tlvs: [] },
              (a) => answers.push(a),
            );
          const stream = Buffer.concat([
            packageBytes('submit_sm_resp', { message_id: 'a1' }, 1),
            packageBytes(
              'deliver_sm',
              { source_addr: '111', esm_class: 4, short_message: 'id:a1 stat:DELIVRD' },
              9,
            ),
            packageBytes('enquire_link', {}, 10),
            packageBytes('submit_sm_resp', { message_id: 'b2' }, 2),
            packageBytes('deliver_sm', { source_addr: '222', esm_class: 0, short_message: 'hello' }, 11),
            packageBytes('submit_sm_resp', { command_status: smpp.ESME_RTHROTTLED }, 3),
          ]);
          let at = 0;
          for (const cut of cuts) {
            if (at >= stream.length) break;
            p.other.write(stream.subarray(at, at + cut));
            at += cut;
          }
          if (at < stream.length) p.other.write(stream.subarray(at));
          await waitFor(() => answers.length === 3 && p.requests.length === 2, 2_000, 'all read');
          expect(p.heard()).toBe(6);
          expect(answers.map((a) => [a?.command, a?.status, a?.fields.message_id ?? ''])).toEqual([
            ['submit_sm_resp', 0, 'a1'],
            ['submit_sm_resp', 0, 'b2'],
            ['submit_sm_resp', STATUS.ESME_RTHROTTLED, ''],
          ]);
          expect(p.requests.map((r) => [r.command, r.sequence, r.fields.source_addr])).toEqual([
            ['deliver_sm', 9, '111'],
            ['deliver_sm', 11, '222'],
          ]);
          await waitFor(() => p.fromSession.length === 4, 2_000, 'enquire_link answered');
          expect(decodePdu(p.fromSession[3]!)).toMatchObject({
            command: 'enquire_link_resp',
            sequence: 10,
            status: 0,
          });
          closers.splice(0).forEach((c) => c());
        },
      ),
      { numRuns: 25 },
    );
  });

  it('answers a request it cannot read with generic_nack and stays up', async () => {
    const p = await pair();
    const b = packageBytes('deliver_sm', { source_addr: '1234', esm_class: 4, short_message: 'x' }, 7);
    const cut = Buffer.from(b.subarray(0, 30));
    cut.writeUInt32BE(30, 0);
    const unknown = packageBytes('enquire_link', {}, 8);
    unknown.writeUInt32BE(0x00000077, 4);
    p.other.write(Buffer.concat([cut, unknown, packageBytes('enquire_link', {}, 9)]));
    await waitFor(() => p.fromSession.length === 3, 2_000, 'three answers');
    expect(p.fromSession.map((x) => decodePdu(x)).map((x) => [x.command, x.status, x.sequence])).toEqual([
      ['generic_nack', STATUS.ESME_RINVMSGLEN, 7],
      ['generic_nack', STATUS.ESME_RINVCMDID, 8],
      ['enquire_link_resp', 0, 9],
    ]);
    expect(p.session.closed).toBe(false);
  });

  it('drops the connection on a PDU length no peer sends, and tells waiting requests', async () => {
    const p = await pair();
    const answer = p.session.call({ command: 'enquire_link', fields: {}, tlvs: [] });
    const bad = Buffer.alloc(16);
    bad.writeUInt32BE(1_000_000, 0);
    p.other.write(bad);
    expect(await answer).toBeNull();
    await waitFor(() => p.socket.destroyed, 2_000, 'dropped');
  });
});
