/**
 * Prints one plain closing line, "N passed, N failed[, N skipped][, N errors]", after vitest's own
 * report, so that CI logs end with a count any reader (or tool) understands — and that agrees with
 * the exit code: a test that never ran because a hook of its suite (or its file) failed counts as
 * failed, not skipped; a file that failed to load and errors outside any test count as errors; and
 * the process fails whenever the line shows a failure or an error.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** A hook of the test's suites, or its file, failed: it never ran for that reason. */
function brokenAround(test: TestCase): boolean {
  for (let p: TestCase['parent'] = test.parent; ; p = p.parent) {
    if (p.errors().length > 0) return true;
    if (p.type === 'module') return false;
  }
}

export function summarise(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: number,
): { passed: number; failed: number; skipped: number; errors: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let errors = unhandledErrors;
  for (const m of testModules) {
    const tests = [...m.children.allTests()];
    for (const t of tests) {
      const state = t.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed' || brokenAround(t)) failed++;
      else skipped++;
    }
    // A file that failed before any of its tests existed (a syntax error, an import that threw).
    if (tests.length === 0 && m.state() === 'failed') errors += Math.max(1, m.errors().length);
  }
  return { passed, failed, skipped, errors };
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    reason: 'passed' | 'interrupted' | 'failed',
  ): void {
    const s = summarise(testModules, unhandledErrors.length);
    // vitest failed the run for a reason none of the counts shows: say so rather than print a clean line.
    if (reason !== 'passed' && s.failed === 0 && s.errors === 0) s.errors = 1;
    const extra = `${s.skipped ? `, ${s.skipped} skipped` : ''}${s.errors ? `, ${s.errors} errors` : ''}`;
    process.stdout.write(`\n${s.passed} passed, ${s.failed} failed${extra}\n`);
    if (s.failed > 0 || s.errors > 0) process.exitCode = 1;
  }
}
