/**
 * A Herald with its engine in a worker thread (the default for `herald start`), from the built code
 * (dist/), as the worker is loaded from there: an account and its access token, one close for all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HeraldConfig } from '../../src/config.js';
import type { Herald } from '../../src/herald.js';
import type { CreatedAccount } from '../../src/services/create-account.js';

export interface WorkerHerald {
  herald: Herald;
  url: string;
  account: CreatedAccount;
  token: string;
  close(): Promise<void>;
}

/** Starts it; `config` is laid over the default with the bundled callee off and the demo off. */
export async function startWorkerHerald(
  config: (defaults: HeraldConfig) => Partial<HeraldConfig>,
): Promise<WorkerHerald> {
  // The built modules, typed as their sources.
  const dist = (m: string) => import(path.join(process.cwd(), 'dist', m));
  const { createHerald } = (await dist('herald.js')) as typeof import('../../src/herald.js');
  const { DEFAULT_CONFIG } = (await dist('config.js')) as typeof import('../../src/config.js');
  const { createLogger } = (await dist('logger.js')) as typeof import('../../src/logger.js');
  const { createAccount } = (await dist(
    'services/create-account.js',
  )) as typeof import('../../src/services/create-account.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-worker-'));
  const defaults = structuredClone(DEFAULT_CONFIG);
  const herald = await createHerald({
    config: {
      ...defaults,
      port: 0,
      dataDir: dir,
      demo: { ...defaults.demo, enabled: false },
      engineThread: 'worker',
      voice: { ...defaults.voice, callee: { ...defaults.voice.callee, enabled: false } },
      ...config(defaults),
    },
    logger: createLogger('silent'),
  });
  const close = async () => {
    await herald.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await herald.listen();
    const account = await createAccount(herald.ctx, { name: 'w', balance: 5 });
    const basic = Buffer.from(`${account.credentials.clientId}:${account.credentials.clientSecret}`).toString(
      'base64',
    );
    const { access_token: token } = (await (
      await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    return { herald, url, account, token, close };
  } catch (err) {
    await close();
    throw err;
  }
}
