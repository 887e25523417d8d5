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

/** CPU seconds (user + system) a live process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] is utime, fields[12] stime (the 14th and 15th of the whole line), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
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
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Worker threads are all named "node": each gets its own entry (node, node#2...), in start order.
      let key = tid === String(pid) ? 'main' : name;
      for (let n = 2; key in out && key !== 'main'; n++) key = `${name}#${n}`;
      out[key] = cpuSecondsOf(`${pid}/task/${tid}`);
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
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: the 14th to 17th fields of the whole line, in clock ticks.
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
