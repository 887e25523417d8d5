/**
 * Receipts from Herald's SMPP server to a client application (the `smpp` package's client): a
 * message submitted with registered_delivery is delivered by the operator simulator and its receipt
 * comes back as a deliver_sm — SMPP 3.4 Appendix B text with the id submit_sm_resp gave, stat
 * DELIVRD, and the receipted_message_id and message_state TLVs — to a receiver bind of the account;
 * a receipt owed while no receiver is bound is kept and sent when one binds; one without
 * registered_delivery is never sent. On SQLite and PostgreSQL.
 */
import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import { waitFor } from '../helpers/process.js';
import { changeAccountSettings } from '../../src/services/account-settings.js';
import { storeCases } from '../helpers/stores.js';

type Session = ReturnType<typeof smpp.connect>;

const call = (s: Session, command: string, fields: Record<string, unknown> = {}) =>
  new Promise<smpp.PDU>((resolve) =>
    (s[command] as (f: unknown, cb: (p: smpp.PDU) => void) => void)(fields, resolve),
  );

/** The text of a deliver_sm as the package gives it (a string, or an object with `message`). */
function textOf(pdu: smpp.PDU): string {
  const sm = pdu.short_message as unknown;
  if (typeof sm === 'string') return sm;
  if (Buffer.isBuffer(sm)) return sm.toString('latin1');
  const m = (sm as { message?: unknown } | undefined)?.message;
  return Buffer.isBuffer(m) ? m.toString('latin1') : String(m ?? '');
}

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`SMPP server receipts on ${sc.name}`, () => {
    let e: EngineHerald;
    const open: Session[] = [];
    beforeAll(async () => {
      e = await startEngineHerald(sc.name, { config: { smppPort: 0 } });
    });
    afterAll(async () => {
      for (const s of open) s.destroy();
      await e?.close();
    });

    /** A bound client that keeps (and acknowledges) every deliver_sm it gets. */
    const client = async (mode: string) => {
      const s = await new Promise<Session>((resolve, reject) => {
        const c = smpp.connect(
          { url: `smpp://127.0.0.1:${e.h.herald.smppPort}`, auto_enquire_link_period: 0 },
          () => resolve(c),
        );
        c.on('error', reject);
      });
      open.push(s);
      const received: smpp.PDU[] = [];
      s.on('deliver_sm', (pdu: smpp.PDU) => {
        received.push(pdu);
        s.send(pdu.response());
      });
      const { systemId, password } = e.h.account.smpp;
      expect((await call(s, mode, { system_id: systemId, password })).command_status).toBe(0);
      return { s, received };
    };

    it('sends a delivered message’s receipt to the transceiver that submitted it', async () => {
      const { s, received } = await client('bind_transceiver');
      const resp = await call(s, 'submit_sm', {
        source_addr: 'Herald',
        destination_addr: '33612345678',
        short_message: 'Your code is 1234',
        registered_delivery: 1,
      });
      expect(resp.command_status).toBe(0);
      const id = String(resp.message_id);
      await waitFor(() => received.length === 1, 15_000, 'receipt');
      const r = received[0]!;
      expect(r.esm_class).toBe(0x04);
      expect(r.source_addr).toBe('33612345678');
      expect(r.destination_addr).toBe('Herald');
      expect(textOf(r)).toMatch(
        new RegExp(
          `^id:${id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:Your code is 1234$`,
        ),
      );
      expect(r.receipted_message_id).toBe(id);
      expect(r.message_state).toBe(2);
      // Acknowledged: not sent again.
      await new Promise((done) => setTimeout(done, 800));
      expect(received).toHaveLength(1);
      const owed = await e.h.store.db.selectFrom('smpp_receipts').selectAll().execute();
      expect(owed).toEqual([]);
      expect((await call(s, 'unbind')).command_status).toBe(0);
    });

    it('keeps a receipt while no receiver is bound and sends it when one binds', async () => {
      const tx = await client('bind_transmitter');
      const wanted = await call(tx.s, 'submit_sm', {
        source_addr: 'Herald',
        destination_addr: '33612345679',
        short_message: 'wanted',
        registered_delivery: 1,
      });
      const unwanted = await call(tx.s, 'submit_sm', {
        source_addr: 'Herald',
        destination_addr: '33612345680',
        short_message: 'no receipt asked',
      });
      expect(wanted.command_status).toBe(0);
      expect(unwanted.command_status).toBe(0);
      const status = (id: string) =>
        e.h.store.db.selectFrom('messages').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      await waitFor(
        async () =>
          (await status(String(wanted.message_id))).status === 'Delivered' &&
          (await status(String(unwanted.message_id))).status === 'Delivered',
        15_000,
        'both delivered',
      );
      await new Promise((done) => setTimeout(done, 500));
      expect(tx.received).toEqual([]); // a transmitter bind takes no deliver_sm

      const rx = await client('bind_receiver');
      await waitFor(() => rx.received.length === 1, 10_000, 'the kept receipt');
      expect(rx.received[0]!.receipted_message_id).toBe(String(wanted.message_id));
      await new Promise((done) => setTimeout(done, 800));
      expect(rx.received).toHaveLength(1);
    });

    it('writes the receipt’s id in hexadecimal or decimal when the account chose so', async () => {
      // Only this test's binds receive: the earlier ones go away.
      for (const old of open.splice(0)) old.destroy();
      await new Promise((done) => setTimeout(done, 200));
      const sent: Array<{ id: string; format: 'hex' | 'decimal' }> = [];
      for (const format of ['hex', 'decimal'] as const) {
        await changeAccountSettings(e.h.herald.ctx, e.h.account.accountId, { smppReceiptIdFormat: format });
        const { s, received } = await client('bind_transceiver');
        const resp = await call(s, 'submit_sm', {
          source_addr: 'Herald',
          destination_addr: '33612345681',
          short_message: `as ${format}`,
          registered_delivery: 1,
        });
        const id = String(resp.message_id);
        sent.push({ id, format });
        await waitFor(() => received.length === 1, 15_000, `${format} receipt`);
        const hex = id.replaceAll('-', '');
        const written = format === 'hex' ? hex : BigInt(`0x${hex}`).toString(10);
        expect(textOf(received[0]!)).toMatch(new RegExp(`^id:${written} sub:001 dlvrd:001 `));
        expect(received[0]!.receipted_message_id).toBe(written);
        expect((await call(s, 'unbind')).command_status).toBe(0);
      }
      expect(sent.map((x) => x.format)).toEqual(['hex', 'decimal']);
      await changeAccountSettings(e.h.herald.ctx, e.h.account.accountId, { smppReceiptIdFormat: null });
    });

    it('takes a submit_multi: each address a message, refusals listed, every receipt under the answer’s id', async () => {
      for (const old of open.splice(0)) old.destroy();
      await new Promise((done) => setTimeout(done, 200));
      const { s, received } = await client('bind_transceiver');
      const resp = await call(s, 'submit_multi', {
        source_addr: 'Herald',
        dest_address: [
          { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '33612345691' },
          { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '12' },
          { dl_name: 'friends' },
          { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '306948530991' },
        ],
        short_message: 'To all of you',
        registered_delivery: 1,
      });
      expect(resp.command_status).toBe(0);
      const id = String(resp.message_id);
      expect((resp as unknown as { unsuccess_sme: unknown[] }).unsuccess_sme).toEqual([
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '12', error_status_code: 0x0b },
        { dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: 'friends', error_status_code: 0x34 },
      ]);
      const stored = await e.h.store.db
        .selectFrom('messages')
        .select(['id', 'recipient', 'body'])
        .where('body', '=', 'To all of you')
        .orderBy('recipient')
        .execute();
      expect(stored.map((m) => m.recipient)).toEqual(['+306948530991', '+33612345691']);
      expect(stored.find((m) => m.recipient === '+33612345691')!.id).toBe(id);
      await waitFor(() => received.length === 2, 15_000, 'both receipts');
      expect(received.map((r) => r.receipted_message_id)).toEqual([id, id]);
      expect(received.map((r) => r.source_addr).sort()).toEqual(['306948530991', '33612345691']);
      for (const r of received) expect(textOf(r)).toMatch(new RegExp(`^id:${id} sub:001 dlvrd:001 `));
      await new Promise((done) => setTimeout(done, 800));
      expect(received).toHaveLength(2);
      expect(await e.h.store.db.selectFrom('smpp_receipts').selectAll().execute()).toEqual([]);

      const none = await call(s, 'submit_multi', {
        source_addr: 'Herald',
        dest_address: [{ dl_name: 'nobody' }],
        short_message: 'x',
      });
      expect(none.command_status).toBe(0x34);
    });
  });
}
