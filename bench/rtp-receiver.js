// The receiving side of bench/voice-calls.js: a process of its own that takes every RTP packet sent
// to its port and notes, per stream (SSRC), when each arrived. Asked (a message on its IPC channel)
// it answers with what a listener would hear: the gaps between packets against the 20 ms they
// should be, and each stream's interarrival jitter as RFC 3550 (§6.4.1) computes it.
import dgram from 'node:dgram';

const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 16 * 1024 * 1024 });
/** SSRC → arrival times (ms, monotonic) and RTP timestamps, in arrival order. */
const streams = new Map();
let packets = 0;

socket.on('message', (msg) => {
  const at = Number(process.hrtime.bigint()) / 1e6;
  if (msg.length < 12 || msg[0] >> 6 !== 2) return;
  const pt = msg[1] & 0x7f;
  if (pt !== 0 && pt !== 8) return; // audio only (no telephone-events)
  const ssrc = msg.readUInt32BE(8);
  let s = streams.get(ssrc);
  if (!s) streams.set(ssrc, (s = { arrivals: [], stamps: [] }));
  s.arrivals.push(at);
  s.stamps.push(msg.readUInt32BE(4));
  packets++;
});

function stats() {
  const gaps = [];
  const jitters = [];
  for (const s of streams.values()) {
    let jitter = 0;
    for (let i = 1; i < s.arrivals.length; i++) {
      const gap = s.arrivals[i] - s.arrivals[i - 1];
      gaps.push(Math.abs(gap - 20));
      // RFC 3550: D = (Rj - Ri) - (Sj - Si), in timestamp units (8 kHz: 8 per ms); J += (|D| - J) / 16.
      const d = gap * 8 - ((s.stamps[i] - s.stamps[i - 1]) >>> 0);
      jitter += (Math.abs(d) - jitter) / 16;
    }
    jitters.push(jitter / 8); // back to ms
  }
  gaps.sort((a, b) => a - b);
  jitters.sort((a, b) => a - b);
  const pct = (a, p) => a[Math.min(a.length - 1, Math.floor(a.length * p))] ?? 0;
  return {
    streams: streams.size,
    packets,
    gapDeviation: { p50: pct(gaps, 0.5), p99: pct(gaps, 0.99), max: gaps.at(-1) ?? 0 },
    within3ms: gaps.length ? gaps.filter((g) => g <= 3).length / gaps.length : 0,
    jitter: { p50: pct(jitters, 0.5), p99: pct(jitters, 0.99), max: jitters.at(-1) ?? 0 },
  };
}

process.on('message', (m) => {
  if (m === 'stats') process.send(stats());
  else if (m === 'reset') {
    streams.clear();
    packets = 0;
  } else if (m === 'stop') socket.close(() => process.exit(0));
});

socket.bind(0, '127.0.0.1', () => process.send({ port: socket.address().port }));
