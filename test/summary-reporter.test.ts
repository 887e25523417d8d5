/**
 * The closing line agrees with what happened and with the exit code: tests that never ran because a
 * hook failed are failed, not skipped (vitest run on fixture files, in a process of its own).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function runFixture(name: string): { code: number | null; last: string } {
  const r = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/reporter/vitest.config.ts'],
    { env: { ...process.env, FIXTURE: name }, encoding: 'utf8', timeout: 60_000 },
  );
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, last: lines[lines.length - 1]! };
}

describe('the summary reporter', () => {
  it('counts the tests of a suite whose hook failed as failed, and the run fails', () => {
    expect(runFixture('hook-fails')).toEqual({ code: 1, last: '1 passed, 2 failed, 1 skipped' });
  });

  it('ends a clean run with a clean line and exit code 0', () => {
    expect(runFixture('all-good')).toEqual({ code: 0, last: '1 passed, 0 failed, 1 skipped' });
  });
});
