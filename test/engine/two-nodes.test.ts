/**
 * Two Herald nodes on one PostgreSQL: either serves the API, exactly one runs the SMPP link, and when
 * that node is killed (-9) the other takes the link over within seconds and delivers everything —
 * the callbacks the dead node owed too (its callback batches, or outbox rows, taken over).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SmscSimulator } from '../../src/simulators/smsc/simulator.js';
import { type HeraldProcess, startHeraldProcess, tokenFor } from '../helpers/herald-process.js';
import { runHerald, waitFor } from '../helpers/process.js';
import { dropSchema, pgUrl, uniqueName } from '../helpers/stores.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

describe.skipIf(!pgUrl)('two nodes on PostgreSQL', () => {
  const schema = uniqueName('herald_two');
  const smsc = new SmscSimulator({ receiptDelayMs: 20 });
  const nodes: HeraldProcess[] = [];
  const receiver = new WebhookReceiver();
  afterAll(async () => {
    for (const n of nodes) await n.kill('SIGKILL');
    await smsc.stop();
    await receiver.stop();
    await dropSchema(schema);
  });

  it('moves the link to the surviving node when its owner dies', async () => {
    const port = await smsc.start();
    await receiver.start();
    receiver.delayMs = 60_000; // nothing is answered before the kill
    const env = { DATABASE_URL: pgUrl!, HERALD_DATABASE_SCHEMA: schema };
    const config = {
      simulator: { enabled: false },
      demo: { enabled: false },
      links: [{ id: 'op', host: '127.0.0.1', port, window: 20 }],
      engine: {
        linkCheckEveryMs: 500,
        maintenanceEveryMs: 250,
        nodeDeadAfterMs: 2000,
        callbackTimeoutMs: 1_000,
      },
    };
    const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'herald-node-'));
    const created = JSON.parse(
      (
        await runHerald(['account', 'create', '--name', 'cluster', '--balance', '100', '--json'], {
          HERALD_DATA_DIR: dir(),
          ...env,
        })
      ).stdout,
    );
    nodes.push(await startHeraldProcess({ config, env, dataDir: dir() }));
    nodes.push(await startHeraldProcess({ config, env, dataDir: dir() }));
    await waitFor(() => smsc.boundSessions === 1, 10_000, 'one node to bind the link');
    await new Promise((r) => setTimeout(r, 1200));
    expect(smsc.boundSessions).toBe(1); // the other node does not bind while the lock is held

    const [a, b] = nodes as [HeraldProcess, HeraldProcess];
    const send = async (node: HeraldProcess, i: number) => {
      const token = await tokenFor(node.url, created.routee.applicationId, created.routee.applicationSecret);
      const res = await fetch(`${node.url}/sms`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          from: 'Herald',
          to: `+30694200${String(1000 + i)}`,
          body: `node test ${i}`,
          callback: { url: receiver.url, strategy: 'OnCompletion' },
        }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { trackingId: string }).trackingId;
    };
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2 ? a : b, i)));
    await waitFor(
      () => new Set(smsc.received.map((r) => r.destination)).size >= 20,
      10_000,
      'first batch sent',
    );

    // Which node owns the link? Kill each candidate in turn until the bind drops: kill -9 the first node,
    // and if the link stays bound the other one owned it, so kill that one instead after restarting none.
    await a.kill('SIGKILL');
    let survivor = b;
    await new Promise((r) => setTimeout(r, 500));
    const killedOwner =
      smsc.boundSessions === 0 ||
      (await waitFor(() => smsc.boundSessions === 0, 1500, 'drop').then(
        () => true,
        () => false,
      ));
    if (!killedOwner) {
      // a was not the owner; b is. Start a fresh node and kill b.
      nodes.push(await startHeraldProcess({ config, env, dataDir: dir() }));
      survivor = nodes[nodes.length - 1]!;
      await b.kill('SIGKILL');
    }
    const killedAt = Date.now();
    receiver.delayMs = 0;
    await waitFor(() => smsc.boundSessions === 1, 15_000, 'the surviving node to take the link over');
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(10_000);

    const second = await Promise.all(Array.from({ length: 20 }, (_, i) => send(survivor, 100 + i)));
    const token = await tokenFor(
      survivor.url,
      created.routee.applicationId,
      created.routee.applicationSecret,
    );
    await waitFor(
      async () => {
        for (const id of [...first, ...second]) {
          const res = await fetch(`${survivor.url}/sms/tracking/single/${id}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const parts = (await res.json()) as Array<{ status: { status: string } }>;
          if (parts[0]?.status.status !== 'Delivered') return false;
        }
        return true;
      },
      30_000,
      'all 40 messages delivered',
    );
    // Every message is called back after the kill (none was answered before it).
    await waitFor(
      () => {
        const calledBack = receiver.deliveredMessageIdsSince(killedAt);
        return [...first, ...second].every((id) => calledBack.has(id));
      },
      20_000,
      'every message to be called back',
    );
  }, 90_000);
});
