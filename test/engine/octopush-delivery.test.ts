/**
 * Octopush end to end through the engine and the operator simulator: delivery callbacks, replies to
 * the reply number as inbound callbacks, STOP opting the number out for every later campaign (both
 * APIs). On SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { type EngineHerald, startEngineHerald } from '../helpers/engine-herald.js';
import type { TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';
import type { WebhookReceiver } from '../helpers/webhook-receiver.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`Octopush delivery, replies and STOP on ${sc.name}`, () => {
    let env: EngineHerald;
    let smsc: SmscSimulator;
    let hook: WebhookReceiver;
    let h: TestHerald;
    let headers: Record<string, string>;

    beforeAll(async () => {
      env = await startEngineHerald(sc.name);
      ({ h, smsc, hook } = env);
      headers = { 'api-login': h.account.credentials.apiLogin, 'api-key': h.account.credentials.apiKey };
      const params = await h.call('PATCH', '/v1/public/user/campaign-parameters/edit', {
        headers,
        json: {
          callback_url_for_deliveries: `${hook.url}/dlr`,
          callback_url_for_inbounds: `${hook.url}/inbound`,
          callback_url_for_blacklisted_numbers: `${hook.url}/stop`,
        },
      });
      expect(params.status).toBe(200);
    });
    afterAll(async () => {
      await env.close();
    });

    it('delivers, calls back per message, takes replies and honours STOP', async () => {
      const res = await h.call('POST', '/v1/public/sms-campaign/send', {
        headers,
        json: {
          text: 'Hello {first_name}, answer us! STOP au XXXXX',
          recipients: [
            { phone_number: '+33600001001', first_name: 'Axelle' },
            { phone_number: '+33600001002', first_name: 'Paul' },
          ],
          with_replies: true,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const ticket = res.body.sms_ticket as string;
      await waitFor(
        () => smsc.received.filter((r) => r.destination.startsWith('3360000100')).length === 2,
        5000,
        'submits',
      );
      // Replies go to the reply number, which is the sender.
      expect(smsc.received.find((r) => r.destination === '33600001001')).toMatchObject({
        source: '38100',
        text: 'Hello Axelle, answer us! STOP au 36200',
      });

      await waitFor(
        () => hook.received.filter((r) => r.path === '/dlr').length === 2,
        5000,
        'delivery callbacks',
      );
      const dlr = hook.received.filter((r) => r.path === '/dlr').map((r) => r.body);
      expect(dlr.map((d) => d.number).sort()).toEqual(['+33600001001', '+33600001002']);
      expect(dlr[0]).toMatchObject({
        channel: 'sms',
        message_id: ticket,
        status: 'DELIVERED',
        unit_price: 0.045,
        meta_data: {},
      });
      expect(dlr[0].delivery_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

      // A reply: stored, matched to the campaign, called back.
      await smsc.sendMo({ from: '33600001001', to: '38100', text: 'Oui, merci' });
      await waitFor(() => hook.received.some((r) => r.path === '/inbound'), 5000, 'inbound callback');
      expect(hook.received.find((r) => r.path === '/inbound')!.body).toMatchObject({
        message_id: ticket,
        number: '+33600001001',
        text: 'Oui, merci',
        sim_card_number: '38100',
      });

      // STOP: blacklisted at once, called back, skipped by later campaigns of both APIs.
      await smsc.sendMo({ from: '33600001002', to: '38100', text: 'Stop' });
      await waitFor(() => hook.received.some((r) => r.path === '/stop'), 5000, 'stop callback');
      expect(hook.received.find((r) => r.path === '/stop')!.body).toMatchObject({
        message_id: ticket,
        number: '+33600001002',
        text: 'Stop',
      });
      const inbound = await h.store.db
        .selectFrom('inbound_messages')
        .select(['sender', 'kind'])
        .orderBy('received_at')
        .execute();
      expect(inbound.map((i) => [i.sender, i.kind])).toEqual([
        ['+33600001001', 'reply'],
        ['+33600001002', 'stop'],
      ]);
      const token = await h.token();
      const blacklisted = await h.call('GET', '/contacts/my/blacklist/Sms', { token });
      expect(blacklisted.body.map((c: { mobile: string }) => c.mobile)).toEqual(['+33600001002']);

      const again = await h.call('POST', '/v1/public/sms-campaign/send', {
        headers,
        json: {
          text: 'Second wave. STOP au XXXXX',
          recipients: [{ phone_number: '+33600001001' }, { phone_number: '+33600001002' }],
        },
      });
      expect(again.body.number_of_contacts).toBe(1);
      const routee = await h.call('POST', '/sms/campaign', {
        token,
        json: { from: 'Herald', body: 'Routee wave', to: ['+33600001001', '+33600001002'] },
      });
      expect(routee.body.smsAnalysis.numberOfRecipients).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(smsc.received.filter((r) => r.destination === '33600001002')).toHaveLength(1);
    });
  });
}
