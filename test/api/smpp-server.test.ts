/**
 * Herald's SMPP server for client applications, driven by an SMPP implementation Herald did not
 * write (the `smpp` package's client): a bind with the account's SMPP credentials; submit_sm in the
 * GSM alphabet, Latin-1 and UCS-2 answered with the message id that tracking shows, the text and the
 * price stored as by `POST /sms`; concatenated parts (UDH out of order, SAR TLVs) put together into one
 * message (the first part answered with its id, the others with it and their number); a wrong password, an unknown system_id, a submission before binding
 * or on a receiver bind, a bad destination, a bad sender, an empty balance and an unreadable UDH each
 * refused with their command status and nothing stored; enquire_link and unbind answered. On
 * SQLite and PostgreSQL.
 */
import smpp from 'smpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { storeCases } from '../helpers/stores.js';

type Session = ReturnType<typeof smpp.connect>;

function connect(port: number): Promise<Session> {
  return new Promise((resolve, reject) => {
    const s = smpp.connect({ url: `smpp://127.0.0.1:${port}`, auto_enquire_link_period: 0 }, () =>
      resolve(s),
    );
    s.on('error', reject);
  });
}

const call = (s: Session, command: string, fields: Record<string, unknown> = {}) =>
  new Promise<smpp.PDU>((resolve) =>
    (s[command] as (f: unknown, cb: (p: smpp.PDU) => void) => void)(fields, resolve),
  );

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`SMPP server on ${sc.name}`, () => {
    let h: TestHerald;
    let port: number;
    const open: Session[] = [];
    beforeAll(async () => {
      h = await startTestHerald(sc.name, { balance: 1, config: { smppPort: 0 } });
      port = h.herald.smppPort!;
    });
    afterAll(async () => {
      for (const s of open) s.destroy();
      await h?.close();
    });
    const session = async () => {
      const s = await connect(port);
      open.push(s);
      return s;
    };
    const bound = async (mode = 'bind_transceiver') => {
      const s = await session();
      const r = await call(s, mode, {
        system_id: h.account.smpp.systemId,
        password: h.account.smpp.password,
      });
      expect(r.command_status).toBe(0);
      expect(r.system_id).toBe('Herald');
      return s;
    };
    const messages = () =>
      h.store.db.selectFrom('messages').selectAll().where('account_id', '=', h.account.accountId).execute();

    it('refuses wrong credentials and submissions before a bind', async () => {
      const s = await session();
      expect(
        (await call(s, 'submit_sm', { destination_addr: '33612345678', short_message: 'x' })).command_status,
      ).toBe(0x04);
      expect(
        (await call(s, 'bind_transceiver', { system_id: h.account.smpp.systemId, password: 'wrong' }))
          .command_status,
      ).toBe(0x0e);
      expect((await call(s, 'bind_transceiver', { system_id: 'nobody', password: 'x' })).command_status).toBe(
        0x0f,
      );
      expect((await call(s, 'enquire_link')).command_status).toBe(0);
      expect(await messages()).toEqual([]);
    });

    it('takes GSM, Latin-1 and UCS-2 messages and answers the id tracking shows', async () => {
      const s = await bound();
      const gsm = await call(s, 'submit_sm', {
        source_addr: 'Herald',
        destination_addr: '33612345678',
        data_coding: 0,
        short_message: Buffer.from([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x1b, 0x65, 0x35]), // "Hello €5"
      });
      expect(gsm.command_status).toBe(0);
      const latin = await call(s, 'submit_sm', {
        source_addr: 'Herald',
        destination_addr: '+33612345679',
        data_coding: 3,
        short_message: Buffer.from('Café à 5€?'.replace('€', 'E'), 'latin1'),
      });
      expect(latin.command_status).toBe(0);
      const ucs2 = await call(s, 'submit_sm', {
        source_addr: '306900000000',
        destination_addr: '306948000001',
        data_coding: 8,
        short_message: Buffer.from('Γειά σου', 'utf16le').swap16(),
      });
      expect(ucs2.command_status).toBe(0);

      const stored = new Map((await messages()).map((m) => [m.id, m]));
      expect(stored.get(String(gsm.message_id))).toMatchObject({
        recipient: '+33612345678',
        body: 'Hello €5',
        sender: 'Herald',
        encoding: 'GSM7',
      });
      expect(stored.get(String(latin.message_id))).toMatchObject({ body: 'Café à 5E?' });
      expect(stored.get(String(ucs2.message_id))).toMatchObject({
        recipient: '+306948000001',
        body: 'Γειά σου',
        encoding: 'UCS2',
      });
      // The same message through the Routee face.
      const token = await h.token();
      const tracked = await h.call('GET', `/sms/tracking/single/${String(gsm.message_id)}`, { token });
      expect(tracked.status).toBe(200);
      expect(tracked.body[0]).toMatchObject({ to: '+33612345678', body: 'Hello €5' });
      // data_sm with the text in message_payload.
      const data = await call(s, 'data_sm', {
        source_addr: 'Herald',
        destination_addr: '33612345677',
        message_payload: 'Sent as data sm',
      });
      expect(data.command_status).toBe(0);
      expect((await messages()).find((m) => m.id === String(data.message_id))).toMatchObject({
        body: 'Sent as data sm',
        recipient: '+33612345677',
      });
      expect((await call(s, 'unbind')).command_status).toBe(0);
    });

    it('puts concatenated parts together into one message (UDH out of order, SAR)', async () => {
      const s = await bound();
      const gsm = (t: string) => Buffer.from(t, 'latin1'); // letters and digits are their own septets
      const udh = (ref: number, total: number, seq: number, t: string) =>
        Buffer.concat([Buffer.from([5, 0, 3, ref, total, seq]), gsm(t)]);
      const part = (seq: number, t: string) =>
        call(s, 'submit_sm', {
          source_addr: 'Herald',
          destination_addr: '33612345670',
          esm_class: 0x40,
          short_message: udh(42, 3, seq, t),
        });
      const texts = ['A'.repeat(153), 'B'.repeat(153), 'C end'];
      const second = await part(2, texts[1]!);
      const first = await part(1, texts[0]!);
      const third = await part(3, texts[2]!);
      expect([first, second, third].map((r) => r.command_status)).toEqual([0, 0, 0]);
      // The first part is answered with the message's id, the others with it and their number.
      const id = String(first.message_id);
      expect([second.message_id, third.message_id]).toEqual([`${id}:2`, `${id}:3`]);
      const stored = (await messages()).find((m) => m.id === id)!;
      expect(stored).toMatchObject({ body: texts.join(''), parts: 3, recipient: '+33612345670' });
      expect(await h.store.db.selectFrom('smpp_segments').selectAll().execute()).toEqual([]);

      const ucs2 = (t: string) => Buffer.from(t, 'utf16le').swap16();
      const sar = (seq: number, t: string) =>
        call(s, 'submit_sm', {
          source_addr: 'Herald',
          destination_addr: '306948000002',
          data_coding: 8,
          short_message: ucs2(t),
          sar_msg_ref_num: 7,
          sar_total_segments: 2,
          sar_segment_seqnum: seq,
        });
      const a = await sar(1, 'Καλημέρα ');
      const b = await sar(2, 'κόσμε');
      expect(b.message_id).toBe(`${String(a.message_id)}:2`);
      expect((await messages()).find((m) => m.id === String(a.message_id))).toMatchObject({
        body: 'Καλημέρα κόσμε',
        encoding: 'UCS2',
      });
    });

    it('holds a message until its schedule_delivery_time and keeps it for its validity_period', async () => {
      const s = await bound();
      const submit = (fields: Record<string, unknown>) =>
        call(s, 'submit_sm', {
          source_addr: 'Herald',
          destination_addr: '33612345690',
          short_message: 'later',
          ...fields,
        });
      const before = Date.now();
      // Due in an hour, valid for two from now: kept an hour once due.
      const later = await submit({
        schedule_delivery_time: '000000010000000R',
        validity_period: '000000020000000R',
      });
      expect(later.command_status).toBe(0);
      const rows = await messages();
      const held = rows.find((m) => m.id === later.message_id)!;
      expect(Number(held.send_at)).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(Number(held.send_at)).toBeLessThanOrEqual(Date.now() + 3_600_000);
      expect(held.ttl_minutes).toBe(60);
      // Its part is not due before then (the engine claims parts whose next attempt has come).
      const parts = await h.store.db
        .selectFrom('message_parts')
        .select('next_attempt_at')
        .where('message_id', '=', held.id)
        .execute();
      expect(parts.map((p) => Number(p.next_attempt_at))).toEqual([Number(held.send_at)]);
      // An absolute validity (UTC, offset 00) ten minutes ahead.
      const t = new Date(Date.now() + 10 * 60_000);
      const two = (n: number) => String(n).padStart(2, '0');
      const absolute = `${two(t.getUTCFullYear() % 100)}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}${two(
        t.getUTCHours(),
      )}${two(t.getUTCMinutes())}${two(t.getUTCSeconds())}000+`;
      const soon = await submit({ validity_period: absolute });
      expect(soon.command_status).toBe(0);
      const kept = (await messages()).find((m) => m.id === soon.message_id)!;
      expect(kept.ttl_minutes).toBe(10);
      expect(Number(kept.send_at)).toBeLessThanOrEqual(Date.now());

      const count = (await messages()).length;
      expect((await submit({ schedule_delivery_time: 'tomorrow' })).command_status).toBe(0x61);
      expect((await submit({ validity_period: '200101000000000+' })).command_status).toBe(0x62);
      expect((await submit({ validity_period: '000000000000000R' })).command_status).toBe(0x62);
      expect((await messages()).length).toBe(count);
    });

    it('answers refusals with their command status and stores nothing', async () => {
      const before = (await messages()).length;
      const s = await bound();
      const refuse = async (fields: Record<string, unknown>) =>
        (await call(s, 'submit_sm', fields)).command_status;
      expect(await refuse({ source_addr: 'Herald', destination_addr: '12', short_message: 'hi' })).toBe(0x0b);
      expect(
        await refuse({
          source_addr: 'A name too long',
          destination_addr: '33612345678',
          short_message: 'hi',
        }),
      ).toBe(0x0a);
      expect(
        await refuse({
          source_addr: 'Herald',
          destination_addr: '33612345678',
          esm_class: 0x40,
          short_message: Buffer.from([9, 0, 3, 1]), // a header longer than the message
        }),
      ).toBe(0x43);
      expect(
        await refuse({
          source_addr: 'Herald',
          destination_addr: '33612345678',
          data_coding: 4,
          short_message: Buffer.from('hi'),
        }),
      ).toBe(0x45);
      // A balance of 1 EUR pays for about twenty parts; a long text to many more runs it out.
      let status = 0;
      let accepted = 0;
      for (let i = 0; i < 40 && status === 0; i++) {
        status = await refuse({
          source_addr: 'Herald',
          destination_addr: `3361234${String(5700 + i)}`,
          short_message: 'x'.repeat(150),
        });
        if (status === 0) accepted++;
      }
      expect(status).toBe(0x45);
      expect(accepted).toBeGreaterThan(0);
      // Every refusal above stored nothing: only the accepted messages are there, and paid for.
      expect((await messages()).length - before).toBe(accepted);
      const balance = (await h.call('GET', '/accounts/me/balance', { token: await h.token() })).body
        .balance as number;
      expect(balance).toBeGreaterThanOrEqual(0);
      expect(balance).toBeLessThan(0.045);

      const rx = await bound('bind_receiver');
      expect(
        (await call(rx, 'submit_sm', { destination_addr: '33612345678', short_message: 'x' })).command_status,
      ).toBe(0x04);
      expect((await call(rx, 'bind_transmitter', { system_id: 'x', password: 'y' })).command_status).toBe(
        0x05,
      );
    });
  });
}

describe('SMPP server limits per bind', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startTestHerald('sqlite', {
      balance: 10,
      config: { smppPort: 0, smppClientWindow: 3, smppClientTps: 5 },
    });
  });
  afterAll(async () => h?.close());

  it('answers ESME_RTHROTTLED beyond the window or the rate, storing nothing for those', async () => {
    const s = await connect(h.herald.smppPort!);
    try {
      const { systemId, password } = h.account.smpp;
      expect((await call(s, 'bind_transceiver', { system_id: systemId, password })).command_status).toBe(0);
      const burst = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(s, 'submit_sm', {
            source_addr: 'Herald',
            destination_addr: `3361234${String(5800 + i)}`,
            short_message: `n${i}`,
          }),
        ),
      );
      const statuses = burst.map((r) => r.command_status);
      const accepted = statuses.filter((x) => x === 0).length;
      expect(statuses.every((x) => x === 0 || x === 0x58)).toBe(true);
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThanOrEqual(5); // a second's worth at 5 per second
      const stored = await h.store.db
        .selectFrom('messages')
        .select('id')
        .where('account_id', '=', h.account.accountId)
        .execute();
      expect(stored.map((m) => m.id).sort()).toEqual(
        burst
          .filter((r) => r.command_status === 0)
          .map((r) => String(r.message_id))
          .sort(),
      );
      // A second later the bucket has refilled.
      await new Promise((done) => setTimeout(done, 1100));
      expect(
        (
          await call(s, 'submit_sm', {
            source_addr: 'Herald',
            destination_addr: '33612345699',
            short_message: 'later',
          })
        ).command_status,
      ).toBe(0);
    } finally {
      s.destroy();
    }
  });
});
