// A Herald for a benchmark (built code, dist/): its own data directory, and on PostgreSQL
// (DATABASE_URL) its own schema, both removed by `close`. `configOf(dataDir)` is laid over the
// default with port 0 and the demo account off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEFAULT_CONFIG } from '../dist/config.js';
import { createHerald } from '../dist/herald.js';
import { createLogger } from '../dist/logger.js';

export async function startBenchHerald(name, configOf = () => ({})) {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const schema = databaseUrl ? `herald_bench_${name}_${process.pid}` : undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `herald-bench-${name}-`));
  const herald = await createHerald({
    config: {
      ...structuredClone(DEFAULT_CONFIG),
      port: 0,
      dataDir,
      databaseUrl,
      databaseSchema: schema,
      demo: { ...DEFAULT_CONFIG.demo, enabled: false },
      ...configOf(dataDir),
    },
    logger: createLogger('warn'),
  });
  const url = await herald.listen();
  return {
    herald,
    url,
    dataDir,
    /** 'postgres' or 'sqlite', for the results' rows. */
    db: databaseUrl ? 'postgres' : 'sqlite',
    async close() {
      await herald.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    },
  };
}
