/**
 * Herald's SMPP server against hostile input: random byte streams, PDUs with random fields and
 * random command ids, truncated and oversized frames, sent on raw sockets before and after a bind.
 * The server never crashes, answers what it can read (a status, generic_nack for what it cannot),
 * stores nothing it did not accept, and still binds and takes a clean submission afterwards.
 */
import net from 'node:net';
import fc from 'fast-check';
import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePdu } from '../../src/protocols/smpp/codec.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';

/** Writes bytes on a fresh connection and collects what comes back until it is quiet or closed. */
function exchange(port: number, chunks: Buffer[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let timer: NodeJS.Timeout;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(got));
    };
    socket.on('data', (d) => {
      got.push(d);
      clearTimeout(timer);
      timer = setTimeout(done, 60);
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      timer = setTimeout(done, 150);
    });
  });
}

const bind = (systemId: string, password: string) =>
  encodePdu({
    command: 'bind_transceiver',
    status: 0,
    sequence: 1,
    fields: {
      system_id: systemId,
      password,
      system_type: '',
      interface_version: 0x34,
      addr_ton: 0,
      addr_npi: 0,
      address_range: '',
    },
    tlvs: [],
  });

describe('SMPP server fuzz', () => {
  let h: TestHerald;
  let port: number;
  beforeAll(async () => {
    h = await startTestHerald('sqlite', { balance: 5, config: { smppPort: 0 } });
    port = h.herald.smppPort!;
  });
  afterAll(async () => h?.close());

  it(
    'survives random streams, random PDUs and lying lengths, then still works',
    { timeout: 60_000 },
    async () => {
      const { systemId, password } = h.account.smpp;
      const header = (length: number, command: number, status: number, sequence: number) => {
        const b = Buffer.alloc(16);
        b.writeUInt32BE(length >>> 0, 0);
        b.writeUInt32BE(command >>> 0, 4);
        b.writeUInt32BE(status >>> 0, 8);
        b.writeUInt32BE(sequence >>> 0, 12);
        return b;
      };
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
            fc
              .tuple(
                fc.constantFrom(0x4, 0x9, 0x2, 0x1, 0x6, 0x15, 0x103, 0x21, 0x80000004, 0xdeadbeef),
                fc.uint8Array({ maxLength: 200 }),
                fc.integer({ min: -40, max: 40 }),
              )
              .map(([command, body, lie]) =>
                Buffer.concat([header(16 + body.length + lie, command, 0, 7), Buffer.from(body)]),
              ),
          ),
          async (bound, hostile) => {
            const out = await exchange(port, bound ? [bind(systemId, password), hostile] : [hostile]);
            // Whatever came back is whole PDUs.
            let at = 0;
            while (at + 4 <= out.length) at += out.readUInt32BE(at);
            expect(at).toBe(out.length);
          },
        ),
        { numRuns: 100 },
      );
      // Nothing came of it, and a clean client still binds and submits.
      expect(await h.store.db.selectFrom('messages').select('id').execute()).toEqual([]);
      const s = await new Promise<ReturnType<typeof smpp.connect>>((resolve, reject) => {
        const c = smpp.connect({ url: `smpp://127.0.0.1:${port}`, auto_enquire_link_period: 0 }, () =>
          resolve(c),
        );
        c.on('error', reject);
      });
      try {
        const call = (command: string, fields: Record<string, unknown>) =>
          new Promise<smpp.PDU>((resolve) =>
            (s[command] as (f: unknown, cb: (p: smpp.PDU) => void) => void)(fields, resolve),
          );
        expect((await call('bind_transceiver', { system_id: systemId, password })).command_status).toBe(0);
        expect(
          (
            await call('submit_sm', {
              source_addr: 'Herald',
              destination_addr: '33612345678',
              short_message: 'still here',
            })
          ).command_status,
        ).toBe(0);
      } finally {
        s.destroy();
      }
    },
  );
});
