/**
 * Entry of the checkpointer thread: it copies the SQLite write-ahead log back into the database file
 * in the background (PRAGMA wal_checkpoint(PASSIVE), which never blocks a writer). The connections
 * that write turn automatic checkpoints off, so no request or engine flush waits for a checkpoint's
 * copying and fsync.
 */
import SqliteDatabase from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, everyMs, restartFrames } = workerData as {
  file: string;
  everyMs: number;
  /** Frames in the log after which it is restarted (8192 of 4 KiB pages: 32 MiB). */
  restartFrames: number;
};
const db = new SqliteDatabase(file);
// Only a RESTART waits (a passive checkpoint never does), and while it waits for the writer and the
// readers it holds new writers off: it gives up after a moment and tries again at a later round, so
// that a long read never stalls the API and the engine behind it.
db.pragma('busy_timeout = 25');
// A log file past this size is truncated to it where SQLite resets the log (journal_size_limit).
if (Number.isFinite(restartFrames)) db.pragma(`journal_size_limit = ${restartFrames * 4096}`);
/** Runs a checkpoint; returns the frames in the log (0 when it could not run). */
const checkpoint = (mode: 'PASSIVE' | 'RESTART'): number => {
  try {
    const [r] = db.pragma(`wal_checkpoint(${mode})`) as Array<{ log: number }>;
    return r?.log ?? 0;
  } catch {
    // busy or closing: the next round tries again
    return 0;
  }
};
const timer = setInterval(() => {
  // Under steady writing a passive checkpoint never catches up with the log's end, and the log is
  // restarted only after one that did: it grew by the size of every commit for as long as the load
  // lasted (hundreds of MB in a minute), and reads slowed with it (finding a page in a long log).
  // Past restartFrames, a RESTART checkpoint waits for the writers (a few ms) and lets the next one
  // write the log from its start.
  const frames = checkpoint('PASSIVE');
  if (frames > restartFrames) checkpoint('RESTART');
}, everyMs);
parentPort!.on('message', (m: string) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort!.postMessage('stopped');
  parentPort!.close();
});
parentPort!.postMessage('started');
