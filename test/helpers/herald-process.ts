/** A Herald started as a real process (`bin/herald.js start`) with a config file, for crash and cluster tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exitOf, freePort, spawnHerald, waitFor } from './process.js';

export interface HeraldProcess {
  url: string;
  dataDir: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

export async function startHeraldProcess(opts: {
  dataDir?: string;
  config: Record<string, unknown>;
  env?: Record<string, string>;
  port?: number;
}): Promise<HeraldProcess> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'herald-proc-'));
  const configFile = path.join(dataDir, 'herald.json');
  fs.writeFileSync(configFile, JSON.stringify(opts.config));
  const port = opts.port ?? (await freePort());
  const child = spawnHerald(['start'], {
    HERALD_DATA_DIR: dataDir,
    HERALD_CONFIG: configFile,
    PORT: String(port),
    DATABASE_URL: '',
    HERALD_LOG_LEVEL: 'warn',
    ...opts.env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`herald exited: ${child.output()}`);
      try {
        return (await fetch(`${url}/health`)).ok;
      } catch {
        return false;
      }
    },
    30_000,
    'herald to answer /health',
  );
  return {
    url,
    dataDir,
    output: () => child.output(),
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exitOf(child);
    },
  };
}

export async function tokenFor(url: string, id: string, secret: string): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
