// A large POST /sms body (15 MB, written in 16 KiB pieces) read by the fast lane and by Fastify on the
// same server in the same run: the lane must not cost more than Node's own reading (it re-copied its
// whole buffer on every chunk until 2026-12-03: 450–1,200 ms against Fastify's 50–70).
// Usage: node bench/fast-lane-body.js [rounds]   (needs `npm run build`)
import net from 'node:net';
import { DEFAULT_CONFIG } from '../dist/config.js';
import { createHerald } from '../dist/herald.js';
import { createLogger } from '../dist/logger.js';
import { openStore } from '../dist/store/database.js';
import { migrateToLatest } from '../dist/store/migrate.js';
import { fmt, record } from './lib.js';

const rounds = Number(process.argv[2] ?? 7);
const file = `/tmp/herald-bench-lane-${process.pid}.db`;
const store = await openStore({ sqliteFile: file });
await migrateToLatest(store);
const herald = await createHerald({
  config: {
    ...structuredClone(DEFAULT_CONFIG),
    port: 0,
    engineEnabled: false,
    demo: { ...DEFAULT_CONFIG.demo, enabled: false },
  },
  store,
  logger: createLogger('silent'),
});
const port = Number(new URL(await herald.listen()).port);
const body = JSON.stringify({
  from: 'Herald',
  to: '+306912345678',
  body: 'x',
  label: 'y'.repeat(15 * 1024 * 1024),
});
// A repeated header sends the request through Node and Fastify instead of the lane.
const request = (viaFastify) =>
  Buffer.from(
    `POST /sms HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n` +
      (viaFastify ? 'Accept: */*\r\nAccept: */*\r\n' : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );

async function once(bytes) {
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let answer = '';
    s.on('data', (d) => {
      answer += d;
      if (answer.includes('\r\n\r\n')) {
        s.destroy();
        resolve();
      }
    });
    s.on('error', reject);
    for (let i = 0; i < bytes.length; i += 16_384) s.write(bytes.subarray(i, i + 16_384));
  });
  return performance.now() - started;
}

const times = { lane: [], fastify: [] };
for (let r = 0; r < rounds; r++) {
  // Alternate which goes first.
  const order = r % 2 === 0 ? ['lane', 'fastify'] : ['fastify', 'lane'];
  for (const which of order) times[which].push(await once(request(which === 'fastify')));
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const lane = median(times.lane);
const fastify = median(times.fastify);
const counters = herald.app.fastLane.counters;
console.log(
  `lane ${fmt(lane)} ms, Fastify ${fmt(fastify)} ms (medians of ${rounds}); lane answered ${counters.answered}`,
);
record(
  `POST /sms with a 15 MB body in 16 KiB writes, fast lane vs Fastify (${rounds} alternating rounds)`,
  `lane median ${fmt(lane)} ms, Fastify median ${fmt(fastify)} ms`,
  `${fmt(lane / fastify, 2)}x Fastify's time (target ≤ 1x)`,
);
await herald.close();
await store.close();
