/**
 * End to end through the delivery engine: POST /sms → SMPP to the operator simulator → receipt →
 * final status, refunds, and signed callbacks to a real webhook receiver. On SQLite and PostgreSQL.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { SWEEP_LAG_MS } from '../../src/engine/sms/ttl-sweep.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { balanceOf, ledgerSum } from '../../src/store/repositories/ledger.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`delivery engine on ${sc.name}`, () => {
    let smsc: SmscSimulator;
    let hook: WebhookReceiver;
    let h: TestHerald;
    let token: string;

    beforeAll(async () => {
      smsc = new SmscSimulator({
        systemId: 'herald',
        password: 'pw',
        idFormat: 'hex',
        receiptIdFormat: 'decimal',
        receiptDelayMs: 20,
        rules: [
          { match: '30694000', stat: 'UNDELIV', err: '001' },
          { match: '30694001', stat: 'REJECTD' },
          { match: '30694002', stat: 'NONE', submitStatus: 0x0b },
          { match: '30694003', stat: 'EXPIRED' },
          { match: '30694004', stat: 'NONE' },
        ],
      });
      const port = await smsc.start();
      hook = new WebhookReceiver();
      await hook.start();
      h = await startTestHerald(sc.name, {
        balance: 10,
        config: {
          engineEnabled: true,
          engine: {
            ...ENGINE_DEFAULTS,
            maintenanceEveryMs: 100,
            parkRetryMs: 100,
            callbackBackoffMs: [50, 50, 50, 50],
          },
          links: [{ id: 'op1', host: '127.0.0.1', port, systemId: 'herald', password: 'pw' }],
        },
      });
      token = await h.token();
      await waitFor(() => smsc.boundSessions === 1, 5000, 'bind');
    });
    afterAll(async () => {
      await h.close();
      await smsc.stop();
      await hook.stop();
      // No message a phone received was garbled by its concatenation.
      expect(smsc.handsets.inconsistent).toBe(0);
    });

    const send = async (json: Record<string, unknown>) => {
      const res = await h.call('POST', '/sms', { token, json: { from: 'Herald', body: 'Hello', ...json } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.trackingId as string;
    };
    const track = async (id: string) =>
      (await h.call('GET', `/sms/tracking/single/${id}`, { token })).body as any[];
    const finalStatus = async (id: string) => {
      let parts: any[] = [];
      await waitFor(
        async () => {
          parts = await track(id);
          return parts.every((p) => ['Delivered', 'Undelivered', 'Failed'].includes(p.status.status));
        },
        10_000,
        `final status of ${id}`,
      );
      return parts;
    };
    const callbacksFor = (id: string) => hook.received.filter((c) => c.body.messageId === id);

    it('delivers a message and posts signed Queued, Sent and Delivered callbacks', async () => {
      const id = await send({
        to: '+306948530920',
        callback: { url: `${hook.url}/cb`, strategy: 'OnChange' },
      });
      const parts = await finalStatus(id);
      expect(parts[0].status).toMatchObject({ status: 'Delivered', reason: { detailedStatus: 'Delivered' } });
      await waitFor(() => callbacksFor(id).length === 3, 5000, 'three callbacks');
      const cbs = callbacksFor(id);
      expect(cbs.map((c) => c.body.status.name)).toEqual(['Queued', 'Sent', 'Delivered']);
      expect(cbs[2]!.body).toMatchObject({
        messageId: id,
        to: '+306948530920',
        from: 'Herald',
        country: 'GR',
        part: 1,
        parts: 1,
        message: 'Hello',
        price: 0.042,
        direction: 'Outbound',
        originatingService: 'Sms',
        status: { name: 'Delivered', reason: { detailedStatus: 'Delivered' } },
      });
      // The signature verifies with the application secret alone.
      // The signature verifies as docs/delivery.md tells a receiver to, with the application secret
      // alone and nothing of Herald's code: HMAC-SHA256 of "<unix seconds>.<raw body>" keyed with
      // sha256hex(secret), and a timestamp in seconds within five minutes.
      for (const cb of cbs) {
        const header = String(cb.headers['x-herald-signature']);
        const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
        expect(m, header).not.toBeNull();
        const [, t, v1] = m!;
        const key = createHash('sha256').update(h.account.credentials.clientSecret).digest('hex');
        const expected = createHmac('sha256', key).update(`${t}.${cb.raw}`).digest();
        expect(timingSafeEqual(Buffer.from(v1!, 'hex'), expected)).toBe(true);
        expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(300);
      }
      // What the operator received: GSM, receipt requested, the operator's ids in hex, receipts in decimal.
      const got = smsc.received.find((r) => r.destination === '306948530920' && r.text === 'Hello');
      expect(got).toMatchObject({ dataCoding: 0, registeredDelivery: 1, source: 'Herald' });
    });

    it('delivers a multipart message when every part is delivered, with one callback per part', async () => {
      const body = `${'Long message. '.repeat(20)}end`;
      const id = await send({
        to: '+306948530921',
        body,
        callback: { url: `${hook.url}/cb`, strategy: 'OnCompletion' },
      });
      const parts = await finalStatus(id);
      expect(parts.map((p) => p.status.status)).toEqual(['Delivered', 'Delivered']);
      const received = smsc.received.filter((r) => r.destination === '306948530921');
      expect(received.map((r) => r.concat?.seq)).toEqual([1, 2]);
      expect(received.map((r) => r.text).join('')).toBe(body);
      // What the phone shows: one message, whole.
      expect(smsc.handsets.of('+306948530921').map((m) => [m.text, m.parts])).toEqual([[body, 2]]);
      await waitFor(() => callbacksFor(id).length === 2, 5000, 'two callbacks');
      expect(
        callbacksFor(id)
          .map((c) => [c.body.part, c.body.status.name])
          .sort(),
      ).toEqual([
        [1, 'Delivered'],
        [2, 'Delivered'],
      ]);
    });

    it('maps receipt states to Routee statuses and detailed statuses', async () => {
      const undeliv = await send({ to: '+306940001234' });
      const rejected = await send({ to: '+306940011234' });
      const expired = await send({ to: '+306940031234' });
      expect((await finalStatus(undeliv))[0].status).toMatchObject({
        status: 'Undelivered',
        reason: { detailedStatus: 'Unknown Number' },
      });
      expect((await finalStatus(rejected))[0].status).toMatchObject({
        status: 'Failed',
        reason: { detailedStatus: 'Carrier Violation' },
      });
      expect((await finalStatus(expired))[0].status).toMatchObject({
        status: 'Undelivered',
        reason: { detailedStatus: 'Expired' },
      });
    });

    it('fails a part the operator refuses and refunds it', async () => {
      const before = await balanceOf(h.store.db, h.account.accountId);
      const id = await send({ to: '+306940021234' });
      const parts = await finalStatus(id);
      expect(parts[0].status).toMatchObject({
        status: 'Failed',
        reason: { detailedStatus: 'Unknown Number' },
      });
      await waitFor(
        async () => (await balanceOf(h.store.db, h.account.accountId)) === before,
        5000,
        'refund',
      );
      expect(await ledgerSum(h.store.db, h.account.accountId)).toBe(
        await balanceOf(h.store.db, h.account.accountId),
      );
    });

    it('expires a message past its ttl as Undelivered / Expired', async () => {
      // The operator never sends a receipt for this number; the ttl of 1 minute runs out.
      const id = await send({ to: '+306940041234', ttl: 1 });
      await waitFor(async () => (await track(id))[0].status.status === 'Sent', 5000, 'sent');
      // No callback reports Sent: the writer updates the message without reading its facts.
      const message = await h.store.db
        .selectFrom('messages')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(message.status).toBe('Sent');
      await h.store.db
        .updateTable('messages')
        .set({ expires_at: Date.now() - SWEEP_LAG_MS }) // ended a moment ago (the sweep looks this far behind)
        .where('id', '=', id)
        .execute();
      const parts = await finalStatus(id);
      expect(parts[0].status).toMatchObject({ status: 'Undelivered', reason: { detailedStatus: 'Expired' } });
    });

    it('retries callbacks until the receiver answers 200: the first POST and up to 5 more', async () => {
      const flaky = new WebhookReceiver();
      await flaky.start();
      flaky.respond = (n) => (n <= 2 ? 500 : 200);
      const dead = new WebhookReceiver();
      await dead.start();
      dead.respond = 503;
      try {
        const a = await send({ to: '+306948530922', callback: { url: flaky.url, strategy: 'OnCompletion' } });
        const b = await send({ to: '+306948530923', callback: { url: dead.url, strategy: 'OnCompletion' } });
        await finalStatus(a);
        await finalStatus(b);
        await waitFor(() => flaky.received.length === 3, 5000, 'flaky receiver got it on the third try');
        await waitFor(() => dead.received.length === 6, 5000, 'dead receiver tried once and retried 5 times');
        await new Promise((r) => setTimeout(r, 400));
        expect(dead.received).toHaveLength(6);
        expect(flaky.received.map((c) => c.body.status.name)).toEqual([
          'Delivered',
          'Delivered',
          'Delivered',
        ]);
        // The outbox forgets what was delivered and keeps what it gave up on.
        const outbox = await h.store.db
          .selectFrom('callback_outbox')
          .select(['url', 'state', 'attempts'])
          .where('url', 'in', [flaky.url, dead.url])
          .execute();
        expect(outbox).toEqual([{ url: dead.url, state: 'failed', attempts: 6 }]);
      } finally {
        await flaky.stop();
        await dead.stop();
      }
    });

    it('keeps dispatching at full speed while the callback receiver is slow or down', async () => {
      const slow = new WebhookReceiver();
      await slow.start();
      slow.delayMs = 3000;
      try {
        const started = Date.now();
        const ids = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            send({ to: `+3069485310${String(10 + i)}`, callback: { url: slow.url, strategy: 'OnChange' } }),
          ),
        );
        // Down: nothing listens on this port.
        const down = await send({
          to: '+306948531050',
          callback: { url: 'http://127.0.0.1:9/none', strategy: 'OnChange' },
        });
        for (const id of [...ids, down]) expect((await finalStatus(id))[0].status.status).toBe('Delivered');
        expect(Date.now() - started).toBeLessThan(2500);
      } finally {
        await slow.stop();
      }
    });

    it('stores mobile-originated messages, matched to the message they answer', async () => {
      const id = await send({ to: '+306948530924' });
      await finalStatus(id);
      await smsc.sendMo({ from: '+306948530924', to: 'Herald', text: 'Thanks!' });
      const row = await h.store.db
        .selectFrom('inbound_messages')
        .selectAll()
        .where('sender', '=', '+306948530924')
        .executeTakeFirst();
      expect(row).toMatchObject({
        account_id: h.account.accountId,
        recipient: 'Herald',
        body: 'Thanks!',
        in_reply_to: id,
        link_id: 'op1',
      });
    });
  });
}
