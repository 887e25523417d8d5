import { describe, expect, it } from 'vitest';
import {
  alawToLinear,
  decodeG711,
  encodeG711,
  linearToAlaw,
  linearToMulaw,
  mulawToLinear,
  rms,
} from '../../src/voice/g711.js';
import { MediaClock } from '../../src/voice/media-clock.js';
import {
  DtmfCollector,
  readRtp,
  readTelephoneEvent,
  writeRtp,
  writeTelephoneEvent,
} from '../../src/voice/rtp.js';
import { MediaError, PromptCache, TTS_LANGUAGES } from '../../src/voice/tts.js';
import { toneWav } from '../helpers/audio.js';

describe('G.711', () => {
  it('encodes and decodes within one quantisation step, both laws, and matches known codes', () => {
    expect(linearToMulaw(0)).toBe(0xff);
    expect(linearToMulaw(-1)).toBe(0x7f);
    expect(linearToMulaw(32767)).toBe(0x80);
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(linearToAlaw(-1)).toBe(0x55);
    for (let s = -32768; s <= 32767; s += 97) {
      const mu = mulawToLinear(linearToMulaw(s));
      const a = alawToLinear(linearToAlaw(s));
      const step = Math.max(16, Math.abs(s) / 8);
      expect(Math.abs(mu - Math.max(-32124, Math.min(32124, s)))).toBeLessThanOrEqual(step + 132);
      expect(Math.abs(a - s)).toBeLessThanOrEqual(step + 16);
    }
  });

  it('round-trips buffers', () => {
    const pcm = Int16Array.from({ length: 800 }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)),
    );
    for (const codec of ['PCMU', 'PCMA'] as const) {
      const back = decodeG711(encodeG711(pcm, codec), codec);
      expect(Math.abs(rms(back) - rms(pcm)) / rms(pcm)).toBeLessThan(0.02);
    }
  });
});

describe('RTP and RFC 4733', () => {
  it('writes and reads packets', () => {
    const p = {
      payloadType: 0,
      marker: true,
      sequence: 65535,
      timestamp: 4294967295,
      ssrc: 0xdeadbeef,
      payload: Buffer.alloc(160, 0xff),
    };
    const b = writeRtp(p);
    expect(b.length).toBe(172);
    expect(readRtp(b)).toEqual(p);
    expect(readRtp(Buffer.alloc(5))).toBeNull();
  });

  it('collects each digit once, on its end packets', () => {
    const c = new DtmfCollector();
    const pkt = (digit: string, end: boolean, ts: number) => ({
      payloadType: 101,
      marker: false,
      sequence: 1,
      timestamp: ts,
      ssrc: 1,
      payload: writeTelephoneEvent({ digit, end, volume: 10, duration: 800 }),
    });
    for (const p of [
      pkt('4', false, 100),
      pkt('4', true, 100),
      pkt('4', true, 100),
      pkt('4', true, 100),
      pkt('2', true, 900),
      pkt('#', false, 1700),
      pkt('#', true, 1700),
    ])
      c.push(p);
    expect(c.digits.join('')).toBe('42#');
    expect(
      readTelephoneEvent(writeTelephoneEvent({ digit: '*', end: true, volume: 5, duration: 1600 })),
    ).toEqual({ digit: '*', end: true, volume: 5, duration: 1600 });
  });
});

describe('media clock', () => {
  it('paces streams at 20 ms without drifting', async () => {
    const clock = new MediaClock();
    clock.recordLateness = true;
    const sent: number[] = [];
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      for (let s = 0; s < 20; s++)
        clock.add({ send: (k) => (sent.push(k), k < 24), done: () => clock.size === 0 && resolve() });
    });
    const elapsed = performance.now() - t0;
    expect(sent.length).toBe(20 * 25);
    // 25 packets: the last is due at 480 ms.
    expect(elapsed).toBeGreaterThanOrEqual(475);
    expect(elapsed).toBeLessThan(700);
    const sorted = [...clock.lateness].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.99)]!).toBeLessThan(15);
  });
});

// espeak-ng and sox come from scripts/install-system-deps.sh (run by .ci/run).
describe('TTS and WAV prompts (espeak-ng, sox)', () => {
  const cache = new PromptCache();
  it('speaks every documented language in both genders as 8 kHz μ-law', async () => {
    for (const language of Object.keys(TTS_LANGUAGES) as Array<keyof typeof TTS_LANGUAGES>) {
      const male = await cache.speak('one two three', language, 'male');
      const female = await cache.speak('one two three', language, 'female');
      expect(male.length / 8000).toBeGreaterThan(0.5);
      expect(male.length / 8000).toBeLessThan(4);
      expect(rms(decodeG711(male, 'PCMU'))).toBeGreaterThan(300);
      expect(female.equals(male)).toBe(false);
    }
    // Cached: the same buffer again.
    expect(await cache.speak('one two three', 'en-US', 'male')).toBe(
      await cache.speak('one two three', 'en-US', 'male'),
    );
  });

  it('converts a WAV file and refuses what is not one', async () => {
    const wav = toneWav(1.5, 440);
    const ul = await cache.wav(wav);
    expect(ul.length).toBe(12000);
    expect(rms(decodeG711(ul, 'PCMU'))).toBeGreaterThan(1000);
    await expect(cache.wav(Buffer.from('<html>not audio</html>'.padEnd(100)))).rejects.toBeInstanceOf(
      MediaError,
    );
  });
});
