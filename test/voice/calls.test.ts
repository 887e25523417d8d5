/**
 * Calls end to end on 127.0.0.1: Herald's SIP UAC and media against the callee simulator (answer with
 * DTMF, busy, no answer → CANCEL, callee hang-up, digest authentication).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SipUac } from '../../src/carriers/sip/uac.js';
import { CalleeSimulator } from '../../src/simulators/callee/simulator.js';
import { placeCall, type VoiceStatus } from '../../src/voice/call.js';
import { decodeG711, encodeG711, rms } from '../../src/voice/g711.js';
import { MediaClock } from '../../src/voice/media-clock.js';

/** One second of a 440 Hz tone, μ-law. */
const prompt = encodeG711(
  Int16Array.from({ length: 8000 }, (_, i) => Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 8000))),
  'PCMU',
);

describe('voice calls against the callee simulator', () => {
  let callee: CalleeSimulator;
  let uac: SipUac;
  const clock = new MediaClock();
  beforeAll(async () => {
    callee = new CalleeSimulator({
      rules: [
        { match: '3069000001', behaviour: 'answer', answerAfterMs: 200, dtmf: '42#', dtmfAfterMs: 300 },
        { match: '3069000002', behaviour: 'busy' },
        { match: '3069000003', behaviour: 'no-answer' },
        { match: '3069000004', behaviour: 'answer', answerAfterMs: 100, hangupAfterMs: 400 },
      ],
    });
    const port = await callee.start();
    uac = new SipUac({ host: '127.0.0.1', port });
    await uac.start();
  });
  afterAll(async () => {
    clock.stop();
    await uac.stop();
    await callee.stop();
  });
  const call = (to: string, extra: Partial<Parameters<typeof placeCall>[2]> = {}) =>
    placeCall(uac, clock, {
      from: '302100000000',
      to,
      prompt,
      answerTimeoutMs: 3000,
      collectDtmf: true,
      dtmfAwaitMs: 800,
      ...extra,
    });

  it('answers: the prompt arrives in full, digits are collected, the call completes', async () => {
    const progress: VoiceStatus[] = [];
    const r = await call('+3069000001', { onProgress: (s) => progress.push(s) });
    expect(r.status).toBe('Completed');
    expect(r.digits).toBe('42#');
    expect(progress).toEqual(['Initiated', 'Ringing', 'InProgress']);
    expect(r.packetsSent).toBe(50);
    // Prompt (1 s) + await (0.8 s): billed from the answer.
    expect(r.durationMs).toBeGreaterThan(1700);
    expect(r.durationMs).toBeLessThan(3000);
    const received = callee.calls.find((c) => c.to === '3069000001')!;
    expect(received.endedBy).toBe('caller');
    expect(received.audioPackets).toBeGreaterThanOrEqual(48);
    const audio = decodeG711(Buffer.concat(received.audio), 'PCMU');
    expect(audio.length / 8000).toBeGreaterThan(0.95);
    expect(rms(audio)).toBeGreaterThan(3000);
  });

  it('reports busy, no answer (with CANCEL) and a callee hang-up', async () => {
    expect((await call('+3069000002')).status).toBe('Busy');
    const t0 = Date.now();
    const noAnswer = await call('+3069000003', { answerTimeoutMs: 1000 });
    expect(noAnswer.status).toBe('NoAnswer');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(callee.calls.find((c) => c.to === '3069000003')!.outcome).toBe('cancelled');
    const hungUp = await call('+3069000004');
    expect(hungUp.status).toBe('Completed');
    expect(hungUp.durationMs).toBeLessThan(900);
    expect(callee.calls.find((c) => c.to === '3069000004')!.endedBy).toBe('callee');
  });

  it('authenticates to a trunk that asks (digest), and fails with a wrong password', async () => {
    const trunk = new CalleeSimulator({
      auth: { username: 'herald', password: 's3cret' },
      defaultRule: { behaviour: 'answer', answerAfterMs: 50 },
    });
    const port = await trunk.start();
    const good = new SipUac({ host: '127.0.0.1', port, username: 'herald', password: 's3cret' });
    const bad = new SipUac({ host: '127.0.0.1', port, username: 'herald', password: 'wrong' });
    await good.start();
    await bad.start();
    try {
      const ok = await placeCall(good, clock, {
        from: '30210',
        to: '+3069000009',
        prompt: prompt.subarray(0, 1600),
        answerTimeoutMs: 2000,
        collectDtmf: false,
        dtmfAwaitMs: 0,
      });
      expect(ok.status).toBe('Completed');
      const refused = await placeCall(bad, clock, {
        from: '30210',
        to: '+3069000009',
        prompt,
        answerTimeoutMs: 2000,
        collectDtmf: false,
        dtmfAwaitMs: 0,
      });
      expect(refused).toMatchObject({ status: 'Failed', sipStatus: 403 });
    } finally {
      await good.stop();
      await bad.stop();
      await trunk.stop();
    }
  });
});
