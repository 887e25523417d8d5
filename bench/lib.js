// Shared helpers for benchmarks: timing, machine facts, and appending a dated row to bench/RESULTS.md.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS = path.join(here, 'RESULTS.md');

function commit() {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

export function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, node ${process.version}, commit ${commit()}`;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** Appends `| date | bench | figures | ratio | machine |` under the table of RESULTS.md. */
export function record(bench, figures, ratio) {
  if (!fs.existsSync(RESULTS)) {
    fs.writeFileSync(
      RESULTS,
      '# Benchmark results\n\nEach row: one run of one benchmark; the ratio compares Herald with a baseline measured in the same run on the same machine.\n\n| date | benchmark | figures | ratio vs baseline | machine |\n|---|---|---|---|---|\n',
    );
  }
  fs.appendFileSync(RESULTS, `| ${today()} | ${bench} | ${figures} | ${ratio} | ${machine()} |\n`);
}

export function fmt(n, digits = 0) {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * A process's or thread's `/proc/<path>/stat` (Linux): its command name and the fields after it, of
 * which [11] utime, [12] stime, [13] cutime and [14] cstime (the 14th to 17th of the whole line) are
 * in clock ticks.
 */
function procStat(path) {
  const stat = fs.readFileSync(`/proc/${path}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  return { name: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
}

/** User plus system CPU seconds of a stat's own work (`children` adds its waited-for children's). */
function cpuSecondsIn({ fields }, children = false) {
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (children ? ticks + Number(fields[13]) + Number(fields[14]) : ticks) / 100;
}

/** CPU seconds (user + system) a live process has used so far. */
export function cpuSecondsOf(pid) {
  try {
    return cpuSecondsIn(procStat(pid));
  } catch {
    return NaN;
  }
}

/** CPU seconds this process has used so far. */
export function ownCpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds per thread of a live process, by thread name. */
export function cpuSecondsByThread(pid) {
  const out = {};
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = procStat(`${pid}/task/${tid}`);
      const name = stat.name;
      // Worker threads are all named "node": each gets its own entry (node, node#2...), in start order.
      let key = tid === String(pid) ? 'main' : name;
      for (let n = 2; key in out && key !== 'main'; n++) key = `${name}#${n}`;
      out[key] = cpuSecondsIn(stat);
    }
  } catch {
    // the process is gone
  }
  return out;
}

/**
 * CPU seconds the local PostgreSQL server has used so far: every live `postgres` process, plus what
 * the ones that have exited left in their parent's children counters (Linux).
 */
export function postgresCpuSeconds() {
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = procStat(pid);
      if (stat.name === 'postgres') total += cpuSecondsIn(stat, true);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
