/**
 * Voice campaigns end to end: POST /voice/campaign → TTS prompt → SIP calls to the callee simulator →
 * statuses, DTMF, per-second billing, callbacks. On SQLite and PostgreSQL.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { CalleeSimulator } from '../../src/simulators/callee/simulator.js';
import { ledgerSum } from '../../src/store/repositories/ledger.js';
import { decodeG711, rms } from '../../src/voice/g711.js';
import { startTestHerald, type TestHerald } from '../helpers/herald.js';
import { waitFor } from '../helpers/process.js';
import { storeCases } from '../helpers/stores.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { toneWav } from '../helpers/audio.js';

for (const sc of storeCases()) {
  describe.skipIf(sc.skip)(`voice campaigns on ${sc.name}`, () => {
    let callee: CalleeSimulator;
    let hook: WebhookReceiver;
    let h: TestHerald;
    let token: string;
    beforeAll(async () => {
      callee = new CalleeSimulator({
        rules: [
          { match: '306900000001', behaviour: 'answer', answerAfterMs: 200, dtmf: '7#', dtmfAfterMs: 400 },
          { match: '306900000002', behaviour: 'answer', answerAfterMs: 100 },
          { match: '306900000003', behaviour: 'busy' },
          { match: '306900000004', behaviour: 'no-answer' },
          { match: '306900000005', behaviour: 'reject' },
        ],
      });
      const port = await callee.start();
      hook = new WebhookReceiver();
      await hook.start();
      h = await startTestHerald(sc.name, {
        balance: 20,
        config: {
          engineEnabled: true,
          engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100, callbackBackoffMs: [50, 50, 50] },
          simulator: {
            enabled: false,
            port: 0,
            receiptDelayMs: 0,
            idFormat: 'hex',
            receiptIdFormat: 'decimal',
          },
          voice: {
            trunks: [{ id: 'sim', host: '127.0.0.1', port, maxCalls: 10 }],
            mediaHost: '127.0.0.1',
            callee: { enabled: false, port: 0, answerAfterMs: 0, dtmf: '' },
          },
        },
      });
      token = await h.token();
    });
    afterAll(async () => {
      await h.close();
      await callee.stop();
      await hook.stop();
    });

    it('calls five numbers: Completed with DTMF, Completed, Busy, NoAnswer, Failed; bills answered seconds', async () => {
      const before = (await h.call('GET', '/accounts/me/balance', { token })).body.balance as number;
      const res = await h.call('POST', '/voice/campaign', {
        token,
        json: {
          from: '302100000000',
          to: ['+306900000001', '+306900000002', '+306900000003', '+306900000004', '+306900000005'],
          name: 'Voice test',
          message: { text: 'Your code is one two three', language: 'en-US', gender: 'female' },
          hangupDelay: 2,
          collectDtmfDigits: true,
          collectDtmfAwaitSeconds: 2,
          callback: { url: `${hook.url}/call`, strategy: 'OnCompletion' },
          campaignCallback: { url: `${hook.url}/campaign`, strategy: 'OnCompletion' },
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({
        type: 'Voice',
        state: 'Queued',
        campaignName: 'Voice test',
        message: { text: 'Your code is one two three', language: 'en-US', gender: 'female' },
        hangupDelay: 2,
        collectDtmfDigits: true,
        collectDtmfAwaitSeconds: 2,
        voiceAnalysis: { numberOfRecipients: 5, recipientsPerCountry: { GR: 5 } },
      });
      expect(Object.keys(res.body.statuses).sort()).toEqual(
        [
          'Busy',
          'Completed',
          'Failed',
          'InProgress',
          'Initiated',
          'NoAnswer',
          'Queued',
          'Ringing',
          'Terminated',
          'Unknown',
          'Unsent',
        ].sort(),
      );
      const id = res.body.trackingId as string;
      let details: any;
      await waitFor(
        async () => {
          details = (await h.call('GET', `/voice/campaign/${id}`, { token })).body;
          return details.state === 'Finished';
        },
        20_000,
        'voice campaign finished',
      );
      expect(details.statuses).toMatchObject({ Completed: 2, Busy: 1, NoAnswer: 1, Failed: 1, Queued: 0 });
      const tracking = (await h.call('GET', `/voice/tracking/campaign/${id}`, { token })).body
        .content as any[];
      const byTo = Object.fromEntries(tracking.map((t) => [t.to, t]));
      expect(byTo['+306900000001'].collectedTones).toBe('7#');
      expect(byTo['+306900000001'].status.status).toBe('Completed');
      expect(byTo['+306900000001'].statusHistory.map((s: { status: string }) => s.status)).toEqual([
        'Queued',
        'Initiated',
        'Ringing',
        'InProgress',
        'Completed',
      ]);
      expect(byTo['+306900000003'].status.status).toBe('Busy');
      expect(byTo['+306900000004'].status.status).toBe('NoAnswer');
      // The callee heard the whole prompt: its length and real speech energy.
      const prompt = await h.herald.ctx.prompts.speak('Your code is one two three', 'en-US', 'female');
      const heard = decodeG711(
        Buffer.concat(callee.calls.find((c) => c.to === '306900000001')!.audio),
        'PCMU',
      );
      expect(Math.abs(heard.length - prompt.length)).toBeLessThanOrEqual(320);
      expect(rms(heard)).toBeGreaterThan(300);
      // Billing: answered seconds only, at the GR voice price (0.02 per minute).
      const answered = tracking.filter((t) => t.status.status === 'Completed');
      const expected = answered.reduce((s, t) => s + Math.ceil((20_000 * t.duration) / 60), 0);
      const after = (await h.call('GET', '/accounts/me/balance', { token })).body.balance as number;
      expect(Math.round((before - after) * 1e6)).toBe(expected);
      expect(details.cost).toBeCloseTo(expected / 1e6, 6);
      expect(await ledgerSum(h.store.db, h.account.accountId)).toBe(Math.round(after * 1e6));
      // Callbacks: one final per call, with the digits; one for the campaign's completion.
      await waitFor(
        () =>
          hook.received.filter((r) => r.path === '/call').length === 5 &&
          hook.received.some((r) => r.path === '/campaign'),
        5000,
        'callbacks',
      );
      const dtmfCall = hook.received.find((r) => r.path === '/call' && r.body.to === '+306900000001')!.body;
      expect(dtmfCall).toMatchObject({
        campaignTrackingId: id,
        status: { name: 'Completed' },
        collectedTones: '7#',
        originatingService: 'Voice',
      });
      expect(hook.received.find((r) => r.path === '/campaign')!.body).toMatchObject({
        trackingId: id,
        campaignStatus: 'Finished',
        totalRecipients: 5,
      });
    });

    it('bills an Octopush voice message once answered, at its product price, whatever its length', async () => {
      const octopush = {
        'api-login': h.account.credentials.apiLogin,
        'api-key': h.account.credentials.apiKey,
      };
      const balance = async () =>
        (await h.call('GET', '/accounts/me/balance', { token })).body.balance as number;
      const before = await balance();
      const res = await h.call('POST', '/v1/public/vocal-campaign/send', {
        headers: octopush,
        json: {
          text: 'Bonjour',
          recipients: [{ phone_number: '+306900000002' }, { phone_number: '+306900000003' }],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      // Reserved: one voice message (GR 0.02) per recipient.
      expect(res.body.total_cost).toBeCloseTo(0.04, 6);
      await waitFor(
        async () =>
          (await h.call('GET', `/voice/campaign/${res.body.vocal_ticket}`, { token })).body.state ===
          'Finished',
        20_000,
        'voice messages done',
      );
      // The answered one is charged its whole price, the busy one nothing.
      expect(Math.round((before - (await balance())) * 1e6)).toBe(20_000);
      expect(await ledgerSum(h.store.db, h.account.accountId)).toBe(Math.round((await balance()) * 1e6));
    });

    it('plays a WAV file from fileURL, converted for the telephone', async () => {
      const wav = toneWav(2, 500);
      const server = http.createServer((req, res) => {
        res.writeHead(req.url === '/prompt.wav' ? 200 : 404, { 'content-type': 'audio/wav' });
        res.end(req.url === '/prompt.wav' ? wav : '');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/prompt.wav`;
      try {
        const res = await h.call('POST', '/voice/campaign', {
          token,
          json: { from: '302100000000', to: ['+306900000002'], fileURL: url },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.fileURL).toBe(url);
        const id = res.body.trackingId as string;
        await waitFor(
          async () => (await h.call('GET', `/voice/campaign/${id}`, { token })).body.state === 'Finished',
          15_000,
          'wav campaign finished',
        );
        const call = callee.calls.filter((c) => c.to === '306900000002').at(-1)!;
        const heard = decodeG711(Buffer.concat(call.audio), 'PCMU');
        expect(heard.length / 8000).toBeGreaterThan(1.9);
        expect(heard.length / 8000).toBeLessThan(2.1);
        expect(rms(heard)).toBeGreaterThan(1000);
      } finally {
        server.close();
      }
    });

    it('refuses bad voice campaigns with the documented errors', async () => {
      const bad: Array<[unknown, number, string]> = [
        [{ from: '30210', to: ['+306900000001'] }, 400, '400000000'],
        [
          { from: '30210', to: ['+306900000001'], message: { text: 'x', language: 'xx-XX', gender: 'male' } },
          400,
          '400000000',
        ],
        [{ from: '30210', to: ['+306900000001'], fileURL: 'http://127.0.0.1:9/x.mp3' }, 400, '400000000'],
        [{ from: '30210', to: ['+306900000001'], fileURL: `${hook.url}/missing.wav` }, 400, '400000000'],
        [{ from: '30210', message: { text: 'x', language: 'en-US', gender: 'male' } }, 400, '400005000'],
        [
          {
            from: '30210',
            to: Array.from({ length: 1001 }, (_, i) => `+3069${String(i).padStart(8, '0')}`),
            message: { text: 'x', language: 'en-US', gender: 'male' },
          },
          400,
          '400000000',
        ],
      ];
      for (const [json, status, code] of bad) {
        const r = await h.call('POST', '/voice/campaign', { token, json });
        expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
      }
    });
  });
}
