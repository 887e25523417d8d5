// Simultaneous calls sustained by one process: Herald's SIP UAC places N calls to SIPp (answering,
// echoing RTP) and streams a 5 s prompt on each; the figure is how late RTP packets leave against
// their 20 ms schedule. Baseline in the same run: the same N streams paced by one setInterval each.
// Target: 500 calls with 99% of packets within 3 ms of schedule.
// Run: npm run build && node bench/voice-calls.js [calls]
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SipUac } from '../dist/carriers/sip/uac.js';
import { placeCall } from '../dist/voice/call.js';
import { encodeG711 } from '../dist/voice/g711.js';
import { MediaClock } from '../dist/voice/media-clock.js';
import { fmt, record } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? 500);
const PROMPT_S = 5;
const prompt = encodeG711(
  Int16Array.from({ length: 8000 * PROMPT_S }, (_, i) =>
    Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 8000)),
  ),
  'PCMU',
);

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function freePort() {
  const s = dgram.createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** The baseline: N streams, one setInterval(20) each, to a sink socket. */
async function baseline() {
  const sink = dgram.createSocket('udp4');
  await new Promise((r) => sink.bind(0, '127.0.0.1', r));
  const port = sink.address().port;
  sink.on('message', () => undefined);
  const lateness = [];
  const packets = PROMPT_S * 50;
  await Promise.all(
    Array.from(
      { length: N },
      (_, s) =>
        new Promise((resolve) => {
          setTimeout(() => {
            const sock = dgram.createSocket('udp4');
            const start = performance.now();
            let k = 0;
            const t = setInterval(() => {
              lateness.push(performance.now() - (start + (k + 1) * 20));
              sock.send(Buffer.alloc(172), port, '127.0.0.1');
              if (++k >= packets) {
                clearInterval(t);
                sock.close();
                resolve();
              }
            }, 20);
          }, s * 2);
        }),
    ),
  );
  sink.close();
  return lateness.sort((a, b) => a - b);
}

async function herald() {
  const sipPort = await freePort();
  const mediaPort = (await freePort()) & ~1;
  const sipp = spawn(
    'sipp',
    [
      '-sf',
      path.join(here, 'sipp', 'uas_echo.xml'),
      '-i',
      '127.0.0.1',
      '-p',
      String(sipPort),
      '-mi',
      '127.0.0.1',
      '-mp',
      String(mediaPort),
      '-rtp_echo',
      '-m',
      String(N),
      '-l',
      String(N + 10),
      '-nostdin',
      '-timeout',
      '120s',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise((r) => sipp.on('exit', (code) => r(code)));
  await new Promise((r) => setTimeout(r, 500));
  const uac = new SipUac({ host: '127.0.0.1', port: sipPort });
  await uac.start();
  const clock = new MediaClock();
  clock.recordLateness = true;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, clock.size)), 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      new Promise((r) => setTimeout(r, i * 2)).then(() =>
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
  const code = await Promise.race([
    exited,
    new Promise((r) => setTimeout(() => (sipp.kill(), r('killed')), 5000)),
  ]);
  return {
    completed: results.filter((r) => r.status === 'Completed').length,
    packets: results.reduce((s, r) => s + r.packetsSent, 0),
    lateness: clock.lateness.sort((a, b) => a - b),
    peak,
    wall,
    cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    sippExit: code,
  };
}

const h = await herald();
const b = await baseline();
const within = (l, ms) => l.filter((x) => x <= ms).length / l.length;
const hp99 = pct(h.lateness, 0.99);
const bp99 = pct(b, 0.99);
console.log(
  `Herald: ${h.completed}/${N} calls completed (peak ${h.peak} simultaneous streams), ${fmt(h.packets)} RTP packets, lateness p50 ${fmt(pct(h.lateness, 0.5), 2)} ms p99 ${fmt(hp99, 2)} ms max ${fmt(h.lateness.at(-1), 1)} ms, ${fmt(within(h.lateness, 3) * 100, 2)}% within 3 ms, CPU ${fmt(h.cpuPct)}% of a core, SIPp exit ${h.sippExit}`,
);
console.log(
  `Baseline (setInterval per stream): p50 ${fmt(pct(b, 0.5), 2)} ms p99 ${fmt(bp99, 2)} ms, ${fmt(within(b, 3) * 100, 2)}% within 3 ms`,
);
const met = h.completed === N && within(h.lateness, 3) >= 0.99;
record(
  `voice: ${N} simultaneous calls to SIPp, 5 s prompts`,
  `Herald ${h.completed}/${N} completed, peak ${h.peak} streams, p99 lateness ${fmt(hp99, 2)} ms, ${fmt(within(h.lateness, 3) * 100, 2)}% ≤ 3 ms, CPU ${fmt(h.cpuPct)}%; baseline setInterval p99 ${fmt(bp99, 2)} ms`,
  `p99 lateness ${fmt(bp99 / Math.max(hp99, 0.01), 1)}x lower than the baseline (target: 99% ≤ 3 ms: ${met ? 'met' : 'NOT met'})`,
);
process.exit(0);
