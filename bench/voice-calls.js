// Simultaneous calls sustained by one process, measured where a listener would hear them. Herald's SIP
// UAC places N calls to SIPp (answering, its SDP pointing at a separate receiver process) and
// streams a 5 s prompt on each. The receiver (bench/rtp-receiver.js) notes every packet's arrival:
// the figure is how far the gaps between a stream's packets stray from 20 ms, and each stream's
// RFC 3550 interarrival jitter. Baseline in the same run: SIPp itself places the same N calls and
// streams the same prompt with its own RTP engine (rtp_stream), to the same receiver.
// Target: 500 calls with 99% of gaps within 3 ms of 20 ms.
// Run: npm run build && node bench/voice-calls.js [calls]
import { execFileSync, fork, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SipUac } from '../dist/carriers/sip/uac.js';
import { placeCall } from '../dist/voice/call.js';
import { MediaClock } from '../dist/voice/media-clock.js';
import { fmt, record } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? 500);
const PROMPT_S = 5;
/** Calls start this far apart, on both sides (500 calls: all up within a second). */
const STAGGER_MS = 2;

// One prompt for both sides: a 440 Hz tone, 8 kHz µ-law, made by sox as a WAV file (SIPp reads the
// file; Herald streams the same samples, its header skipped).
const work = mkdtempSync(path.join(tmpdir(), 'herald-voice-bench-'));
const promptFile = path.join(work, 'prompt.wav');
execFileSync('sox', [
  '-n',
  '-r',
  '8000',
  '-c',
  '1',
  '-e',
  'u-law',
  promptFile,
  'synth',
  String(PROMPT_S),
  'sine',
  '440',
]);
const wav = readFileSync(promptFile);
const dataAt = wav.indexOf('data');
const prompt = wav.subarray(dataAt + 8, dataAt + 8 + wav.readUInt32LE(dataAt + 4));
const uacScenario = path.join(work, 'uac_stream.xml');
writeFileSync(
  uacScenario,
  readFileSync(path.join(here, 'sipp', 'uac_stream.xml'), 'latin1')
    .replace('PROMPT_FILE,', `${promptFile},`)
    .replace('"PROMPT_MS"', `"${PROMPT_S * 1000}"`),
  'latin1',
);

async function freePort() {
  const s = dgram.createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const receiver = fork(path.join(here, 'rtp-receiver.js'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const nextMessage = () => new Promise((r) => receiver.once('message', r));
const { port: sinkPort } = await nextMessage();
async function receiverStats() {
  receiver.send('stats');
  return nextMessage();
}

/** SIPp answering every call, its SDP sending the caller's audio to the receiver. */
async function startSink(sipPort) {
  const sipp = spawn(
    'sipp',
    [
      '-sf',
      path.join(here, 'sipp', 'uas_sink.xml'),
      '-i',
      '127.0.0.1',
      '-p',
      String(sipPort),
      '-mi',
      '127.0.0.1',
      '-key',
      'rtp_sink_port',
      String(sinkPort),
      '-m',
      String(N),
      '-l',
      String(N + 10),
      '-nostdin',
      '-timeout',
      '180s',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise((r) => sipp.on('exit', (code) => r(code)));
  await new Promise((r) => setTimeout(r, 500));
  return {
    done: () =>
      Promise.race([exited, new Promise((r) => setTimeout(() => (sipp.kill(), r('killed')), 10_000))]),
  };
}

async function herald() {
  const sipPort = await freePort();
  const sink = await startSink(sipPort);
  const uac = new SipUac({ host: '127.0.0.1', port: sipPort });
  await uac.start();
  const clock = new MediaClock();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, clock.size)), 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      new Promise((r) => setTimeout(r, i * STAGGER_MS)).then(() =>
        placeCall(uac, clock, {
          from: '302100000000',
          to: `+3069${String(i).padStart(8, '0')}`,
          prompt,
          answerTimeoutMs: 30_000,
          collectDtmf: false,
          dtmfAwaitMs: 0,
        }),
      ),
    ),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  await uac.stop();
  const sippExit = await sink.done();
  return {
    completed: results.filter((r) => r.status === 'Completed').length,
    peak,
    cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    sippExit,
  };
}

async function sippBaseline() {
  const sipPort = await freePort();
  const sink = await startSink(sipPort);
  const t0 = performance.now();
  const uac = spawn(
    'sipp',
    [
      '127.0.0.1:' + sipPort,
      '-sf',
      uacScenario,
      '-i',
      '127.0.0.1',
      '-p',
      String(await freePort()),
      '-mi',
      '127.0.0.1',
      '-r',
      String(1000 / STAGGER_MS),
      '-rp',
      '1000',
      '-m',
      String(N),
      '-l',
      String(N + 10),
      '-nostdin',
      '-timeout',
      '180s',
    ],
    { stdio: 'ignore' },
  );
  const code = await new Promise((r) => uac.on('exit', r));
  const wall = performance.now() - t0;
  await sink.done();
  return { exit: code, wall };
}

const h = await herald();
const hs = await receiverStats();
receiver.send('reset');
const b = await sippBaseline();
const bs = await receiverStats();
receiver.send('stop');
rmSync(work, { recursive: true, force: true });

const line = (s) =>
  `${s.streams} streams, ${fmt(s.packets)} packets; gap vs 20 ms p50 ${fmt(s.gapDeviation.p50, 2)} ms p99 ${fmt(s.gapDeviation.p99, 2)} ms max ${fmt(s.gapDeviation.max, 1)} ms, ${fmt(s.within3ms * 100, 2)}% within 3 ms; RFC 3550 jitter p50 ${fmt(s.jitter.p50, 2)} ms p99 ${fmt(s.jitter.p99, 2)} ms`;
console.log(
  `Herald: ${h.completed}/${N} calls completed (peak ${h.peak} simultaneous streams), CPU ${fmt(h.cpuPct)}% of a core, SIPp sink exit ${h.sippExit}`,
);
console.log(`  at the receiver: ${line(hs)}`);
console.log(`SIPp UAC (rtp_stream), exit ${b.exit}:`);
console.log(`  at the receiver: ${line(bs)}`);
const met = h.completed === N && hs.within3ms >= 0.99;
record(
  `voice: ${N} simultaneous calls, 5 s prompts, measured at a separate RTP receiver`,
  `Herald ${h.completed}/${N} completed, peak ${h.peak} streams, CPU ${fmt(h.cpuPct)}%: gap p99 ${fmt(hs.gapDeviation.p99, 2)} ms, ${fmt(hs.within3ms * 100, 2)}% ≤ 3 ms, jitter p99 ${fmt(hs.jitter.p99, 2)} ms; SIPp rtp_stream (${bs.streams} streams, exit ${b.exit}): gap p99 ${fmt(bs.gapDeviation.p99, 2)} ms, ${fmt(bs.within3ms * 100, 2)}% ≤ 3 ms, jitter p99 ${fmt(bs.jitter.p99, 2)} ms`,
  `gap p99 ${fmt(bs.gapDeviation.p99 / Math.max(hs.gapDeviation.p99, 0.01), 2)}x SIPp's (higher is better for Herald; target 99% ≤ 3 ms: ${met ? 'met' : 'NOT met'})`,
);
process.exit(0);
