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
