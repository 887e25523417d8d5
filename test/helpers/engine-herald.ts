/**
 * A Herald with its delivery engine on this thread, an operator simulator it is bound to, and a
 * webhook receiver for callbacks: the set-up of every end-to-end engine test.
 */
import type { HeraldConfig } from '../../src/config.js';
import type { SmppLinkConfig } from '../../src/carriers/smpp/link-config.js';
import { ENGINE_DEFAULTS } from '../../src/engine/runtime/engine-options.js';
import { SmscSimulator, type SmscSimulatorOptions } from '../../src/simulators/smsc/simulator.js';
import { startTestHerald, type TestHerald } from './herald.js';
import { waitFor } from './process.js';
import { WebhookReceiver } from './webhook-receiver.js';

export interface EngineHerald {
  h: TestHerald;
  smsc: SmscSimulator;
  hook: WebhookReceiver;
  close(): Promise<void>;
}

export async function startEngineHerald(
  kind: 'sqlite' | 'postgres',
  opts: {
    balance?: number;
    smsc?: Partial<SmscSimulatorOptions>;
    link?: Partial<SmppLinkConfig>;
    config?: Partial<HeraldConfig>;
  } = {},
): Promise<EngineHerald> {
  const smsc = new SmscSimulator({ systemId: 'herald', password: 'pw', receiptDelayMs: 20, ...opts.smsc });
  const port = await smsc.start();
  const hook = new WebhookReceiver();
  await hook.start();
  const h = await startTestHerald(kind, {
    balance: opts.balance ?? 20,
    config: {
      engineEnabled: true,
      engine: { ...ENGINE_DEFAULTS, maintenanceEveryMs: 100, callbackBackoffMs: [50, 50, 50, 50] },
      links: [{ id: 'op1', host: '127.0.0.1', port, systemId: 'herald', password: 'pw', ...opts.link }],
      ...opts.config,
    },
  });
  await waitFor(() => smsc.boundSessions >= 1, 5000, 'bind');
  return {
    h,
    smsc,
    hook,
    async close() {
      await h.close();
      await smsc.stop();
      await hook.stop();
      // Every engine test checks what the phones show: no concatenated set a handset could not
      // put together (its sets still waiting for a part are the tests' own business).
      if (smsc.handsets.inconsistent > 0)
        throw new Error(`${smsc.handsets.inconsistent} concatenated message(s) no phone could reassemble`);
    },
  };
}
