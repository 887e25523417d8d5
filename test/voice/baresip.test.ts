/**
 * Interoperability with a real softphone: baresip (Debian baresip-core) auto-answers Herald's call,
 * records the audio it received, and sends RFC 4733 digits typed on its console.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SipUac } from '../../src/carriers/sip/uac.js';
import { placeCall } from '../../src/voice/call.js';
import { MediaClock } from '../../src/voice/media-clock.js';
import { PromptCache } from '../../src/voice/tts.js';
import { freePortWhere, portFree } from '../helpers/ports.js';

function wavSamples(file: string): Int16Array {
  const b = fs.readFileSync(file);
  const data = b.indexOf('data');
  const body = b.subarray(data + 8);
  return new Int16Array(body.buffer, body.byteOffset, Math.floor(body.length / 2));
}

describe('SIP interoperability with baresip', () => {
  it('is answered by baresip, which hears the prompt and sends digits', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-baresip-'));
    // Spoken before baresip starts, so its lifetime (-t) does not include the TTS time.
    const prompt = await new PromptCache().speak(
      'Hello from Herald. Please press seven, three and hash.',
      'en-US',
      'male',
    );
    // baresip listens on UDP and TCP at its SIP port and for SIP/TLS on TCP at the port above (a CI run
    // once failed when that one was taken).
    const port = await freePortWhere(
      async (p) => (await portFree('udp', p)) && (await portFree('tcp', p)) && portFree('tcp', p + 1),
    );
    const rtpBase = 10000 + 2 * Math.floor(Math.random() * 9000);
    fs.mkdirSync(path.join(dir, 'cfg'));
    fs.mkdirSync(path.join(dir, 'snd'));
    // baresip hangs up when its own audio source ends: give it 20 s of tone.
    execFileSync('sox', [
      '-n',
      '-r',
      '8000',
      '-c',
      '1',
      '-b',
      '16',
      path.join(dir, 'source.wav'),
      'synth',
      '20',
      'sine',
      '300',
    ]);
    fs.writeFileSync(
      path.join(dir, 'cfg', 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${port}`,
        'net_interface 127.0.0.1',
        `rtp_ports ${rtpBase}-${rtpBase + 200}`,
        `audio_source aufile,${path.join(dir, 'source.wav')}`,
        'module_path /usr/lib/baresip/modules',
        'module stdio.so',
        'module g711.so',
        'module aufile.so',
        'module sndfile.so',
        'module_tmp account.so',
        'module_app menu.so',
        `snd_path ${path.join(dir, 'snd')}`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'cfg', 'accounts'),
      `<sip:306900000077@127.0.0.1:${port}>;regint=0;answermode=auto;audio_codecs=PCMU,PCMA\n`,
    );
    const fifo = path.join(dir, 'in.fifo');
    execFileSync('mkfifo', [fifo]);
    const phone = spawn('sh', ['-c', `exec baresip -f ${path.join(dir, 'cfg')} -t 50 < ${fifo}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const exited = new Promise<number | null>((r) => phone.once('exit', (code) => r(code)));
    const ready = new Promise<void>((r) => {
      const seen = (d: Buffer) => {
        log += d.toString();
        if (log.includes('baresip is ready')) r();
      };
      phone.stdout.on('data', seen);
      phone.stderr.on('data', seen);
    });
    const keys = fs.openSync(fifo, 'w'); // meets baresip's stdin
    const uac = new SipUac({ host: '127.0.0.1', port });
    try {
      const started = await Promise.race([
        ready.then(() => 'ready' as const),
        exited.then((code) => `exited with ${code}`),
        new Promise<string>((r) => setTimeout(() => r('not ready after 15 s'), 15_000)),
      ]);
      expect(started, log.slice(-2000)).toBe('ready');
      await uac.start();
      const press = setTimeout(async () => {
        for (const k of ['7', '3', '#']) {
          try {
            fs.writeSync(keys, k);
          } catch {
            return; // baresip is gone: the assertions below say so, with its log
          }
          await new Promise((r) => setTimeout(r, 300));
        }
      }, 2500);
      const r = await placeCall(uac, new MediaClock(), {
        from: '30210',
        to: '+306900000077',
        prompt,
        answerTimeoutMs: 5000,
        collectDtmf: true,
        dtmfAwaitMs: 3000,
      });
      clearTimeout(press);
      expect(r.status, log.slice(-2000)).toBe('Completed');
      expect(r.digits).toBe('73#');
      await new Promise((res) => setTimeout(res, 500));
      const decoded = fs.readdirSync(path.join(dir, 'snd')).find((f) => f.endsWith('-dec.wav'));
      expect(decoded, log.slice(-2000)).toBeDefined();
      const heard = wavSamples(path.join(dir, 'snd', decoded!));
      // What baresip decoded is the prompt: about its length, and speech energy in it.
      const promptSeconds = prompt.length / 8000;
      expect(heard.length / 8000).toBeGreaterThan(promptSeconds * 0.85);
      let energy = 0;
      for (const s of heard) energy += s * s;
      expect(Math.sqrt(energy / heard.length)).toBeGreaterThan(300);
    } finally {
      await uac.stop();
      try {
        fs.writeSync(keys, 'q');
      } catch {
        /* gone */
      }
      fs.closeSync(keys);
      phone.kill('SIGKILL');
    }
  });
});
