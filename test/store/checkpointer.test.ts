import SqliteDatabase from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { uniqueName } from '../helpers/stores.js';

const MiB = 2 ** 20;

/**
 * The largest size the write-ahead log reaches while one connection commits 20 MiB without pause and
 * another reads between the commits (the API and the engine share the file), with the checkpointer
 * thread (the built one, as Herald runs it) restarting the log past `restartFrames`.
 */
async function largestLog(restartFrames: number): Promise<number> {
  const file = path.join(os.tmpdir(), `${uniqueName('herald_wal')}.db`);
  const writer = new SqliteDatabase(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = NORMAL');
  writer.pragma('wal_autocheckpoint = 0');
  writer.pragma('busy_timeout = 5000');
  writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
  const reader = new SqliteDatabase(file);
  const worker = new Worker(path.resolve('dist/store/checkpoint-worker.js'), {
    workerData: { file, everyMs: 5, restartFrames },
  });
  await once(worker, 'message');
  const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
  const count = reader.prepare('SELECT count(*) AS n FROM t');
  let largest = 0;
  try {
    for (let i = 0; i < 2560; i++) {
      insert.run(randomBytes(8192));
      count.get();
      if (i % 128 === 127) {
        largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
        await new Promise((r) => setTimeout(r, 2));
      }
    }
  } finally {
    worker.postMessage('stop');
    await once(worker, 'exit');
    reader.close();
    writer.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  }
  return largest;
}

describe('the SQLite checkpointer', () => {
  it('restarts the log past its limit instead of letting it grow by every commit', async () => {
    const restarted = await largestLog(256); // 1 MiB of 4 KiB pages
    const passiveOnly = await largestLog(Infinity);
    expect(restarted).toBeLessThan(8 * MiB);
    // Passive checkpoints alone never catch up with a writer that does not pause.
    expect(passiveOnly).toBeGreaterThan(12 * MiB);
  });
});
