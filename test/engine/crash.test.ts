/**
 * kill -9 in the middle of a run loses nothing: every message accepted with 200 reaches Delivered
 * after a restart, the operator received every one, duplicates stay within one link window, and every
 * message's completion callback reaches its receiver (at least once: some were in the dead
 * process's memory, in callback batches whose lease then ran out).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, pgUrl, uniqueName } from '../helpers/stores.js';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { startHeraldProcess, tokenFor } from '../helpers/herald-process.js';
import { runHerald, waitFor } from '../helpers/process.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const databases = [
  { name: 'SQLite', env: { DATABASE_URL: '' } as Record<string, string> },
  ...(pgUrl
    ? [
        {
          name: 'PostgreSQL',
          env: { DATABASE_URL: pgUrl, HERALD_DATABASE_SCHEMA: uniqueName('herald_crash') },
        },
      ]
    : []),
];

for (const db of databases)
  describe(`crash safety (${db.name}, kill -9)`, () => {
    const smsc = new SmscSimulator({ receiptDelayMs: 30, responseDelayMs: 2, seed: 7 });
    const receiver = new WebhookReceiver();
    afterAll(async () => {
      await smsc.stop();
      await receiver.stop();
      if (db.env.HERALD_DATABASE_SCHEMA) await dropSchema(db.env.HERALD_DATABASE_SCHEMA);
    });

    it('resubmits what was in flight and delivers every accepted message', async () => {
      const port = await smsc.start();
      await receiver.start();
      // Until the kill the receiver answers nothing: each callback times out (and moves to the outbox)
      // or is still in flight or waiting in the sender's memory when the process dies.
      receiver.delayMs = 60_000;
      const window = 50;
      const config = {
        simulator: { enabled: false },
        demo: { enabled: false },
        links: [{ id: 'op', host: '127.0.0.1', port, window }],
        // Leases of 3 s; one window of parts at most sent and not recorded (the strict setting).
        engine: { callbackTimeoutMs: 1_000, unrecordedWindows: 1 },
      };
      let herald = await startHeraldProcess({ config, env: db.env });
      const created = JSON.parse(
        (
          await runHerald(['account', 'create', '--name', 'crash', '--balance', '1000', '--json'], {
            HERALD_DATA_DIR: herald.dataDir,
            ...db.env,
          })
        ).stdout,
      );
      const token = await tokenFor(
        herald.url,
        created.routee.applicationId,
        created.routee.applicationSecret,
      );

      const accepted = new Map<string, string>(); // trackingId → destination
      let next = 0;
      const total = 2_000;
      let killed = false;
      const worker = async () => {
        while (next < total && !killed) {
          const i = next++;
          const to = `+3069400${String(50000 + i)}`;
          try {
            const res = await fetch(`${herald.url}/sms`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                from: 'Herald',
                to,
                body: `crash test ${i}`,
                callback: { url: receiver.url, strategy: 'OnCompletion' },
              }),
            });
            if (res.status === 200)
              accepted.set(((await res.json()) as { trackingId: string }).trackingId, to.slice(1));
          } catch {
            // The process died under this request: it was never acknowledged.
          }
        }
      };
      const workers = Array.from({ length: 30 }, worker);
      await waitFor(
        () => smsc.received.length >= Number(process.env.CRASH_AT ?? 120),
        20_000,
        'traffic to reach the operator',
      );
      killed = true;
      await herald.kill('SIGKILL');
      const killedAt = Date.now();
      receiver.delayMs = 0;
      await Promise.all(workers);
      const receivedBeforeCrash = smsc.received.length;
      expect(accepted.size).toBeGreaterThan(100);

      herald = await startHeraldProcess({ config, env: db.env, dataDir: herald.dataDir });
      const t2 = await tokenFor(herald.url, created.routee.applicationId, created.routee.applicationSecret);
      try {
        const pending = new Set(accepted.keys());
        await waitFor(
          async () => {
            for (const id of [...pending].slice(0, 50)) {
              const res = await fetch(`${herald.url}/sms/tracking/single/${id}`, {
                headers: { authorization: `Bearer ${t2}` },
              });
              const parts = (await res.json()) as Array<{ status: { status: string } }>;
              if (parts.every((p) => p.status.status === 'Delivered')) pending.delete(id);
            }
            return pending.size === 0;
          },
          60_000,
          'every accepted message to be Delivered',
        );
        const destinations = new Set(smsc.received.map((r) => r.destination));
        for (const to of accepted.values()) expect(destinations.has(to)).toBe(true);
        // At most one window: with unrecordedWindows 1 a part holds its place in the link's window
        // until its outcome is committed, so no more than a window reached the operator unrecorded.
        expect(smsc.duplicates()).toBeLessThanOrEqual(window);
        expect(smsc.received.length).toBeGreaterThan(receivedBeforeCrash);
        // None was answered before the kill: each must come again.
        await waitFor(
          () => {
            const calledBack = receiver.deliveredMessageIdsSince(killedAt);
            return [...accepted.keys()].every((id) => calledBack.has(id));
          },
          30_000,
          'every accepted message to be called back',
        );
      } finally {
        await herald.kill('SIGTERM');
      }
    }, 120_000);
  });
