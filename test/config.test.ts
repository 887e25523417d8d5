import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig, sqliteFileOf } from '../src/config.js';
import { createLogger } from '../src/logger.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({ env: {} });
    expect(c).toMatchObject({
      port: 8080,
      dataDir: './data',
      databaseUrl: undefined,
      tokenLifetimeSeconds: 3600,
    });
    expect(sqliteFileOf(c)).toBe(path.join('data', 'herald.db'));
  });

  it('reads a file, then lets the environment override it', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-')), 'herald.json');
    fs.writeFileSync(file, JSON.stringify({ port: 9000, tokenLifetimeSeconds: 60, demo: { balance: 5 } }));
    const c = loadConfig({
      file,
      env: { PORT: '9100', HERALD_DATA_DIR: '/var/lib/herald', DATABASE_URL: 'postgres://x@y/z' },
    });
    expect(c.port).toBe(9100);
    expect(c.tokenLifetimeSeconds).toBe(60);
    expect(c.demo).toEqual({ enabled: true, name: 'demo', balance: 5, currency: 'EUR' });
    expect(c.dataDir).toBe('/var/lib/herald');
    expect(c.databaseUrl).toBe('postgres://x@y/z');
  });

  it('refuses invalid values with a clear message', () => {
    expect(() => loadConfig({ env: { PORT: 'eighty' } })).toThrow(/port/);
    expect(() => loadConfig({ env: { DATABASE_URL: 'mysql://x' } })).toThrow(/DATABASE_URL/);
  });
});

describe('logger redaction', () => {
  it('never writes secrets, tokens, bodies or numbers', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info({ req: { headers: { authorization: 'Bearer abc-secret-token' } } }, 'request');
    log.info({
      account: { applicationSecret: 's3cr3t', apiKey: 'k3y' },
      sms: { body: 'my OTP 1234', to: '+306948530920' },
    });
    expect(out).not.toContain('abc-secret-token');
    expect(out).not.toContain('s3cr3t');
    expect(out).not.toContain('k3y');
    expect(out).not.toContain('1234');
    expect(out).not.toContain('+306948530920');
    expect(out).toContain('[redacted]');
  });
});
