/**
 * Entry of the checkpointer thread: it copies the SQLite write-ahead log back into the database file
 * in the background (PRAGMA wal_checkpoint(PASSIVE), which never blocks a writer). The connections
 * that write turn automatic checkpoints off, so no request or engine flush waits for a checkpoint's
 * copying and fsync.
 */
import SqliteDatabase from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, everyMs } = workerData as { file: string; everyMs: number };
const db = new SqliteDatabase(file);
db.pragma('busy_timeout = 1000');
const checkpoint = (mode: 'PASSIVE' | 'TRUNCATE') => {
  try {
    db.pragma(`wal_checkpoint(${mode})`);
  } catch {
    // busy or closing: the next round tries again
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), everyMs);
parentPort!.on('message', (m: string) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort!.postMessage('stopped');
  parentPort!.close();
});
parentPort!.postMessage('started');
