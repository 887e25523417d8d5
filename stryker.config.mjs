// Mutation testing (npm run mutate): does the suite notice when a rule is broken? Stryker changes the
// code under src/domain/ and the engine's rule modules one mutant at a time and runs the tests that
// cover it (vitest.mutate.config.ts); a mutant no test notices "survives". Scores are recorded in
// docs/mutation.md. Incremental: a second run re-tests only what changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/domain/**/*.ts',
    // Data tables (the GSM alphabets' names, MCC codes) are not rules.
    '!src/domain/mcc.ts',
    '!src/domain/phone-metadata.ts',
    '!src/domain/country-language-table.ts',
    'src/engine/sms/ttl-sweep.ts',
    'src/engine/rules/**/*.ts',
    // Receipts matched in memory, group commit, Herald's own SMPP codec (2026-12-04, issue 25).
    'src/engine/sms/receipt-matcher.ts',
    'src/store/group-commit.ts',
    'src/protocols/smpp/codec.ts',
    // SMPP 3.4 times (schedule_delivery_time, validity_period) of the SMPP server (issue 27).
    'src/protocols/smpp/time.ts',
    // The callback bodies the faces render from Herald's facts.
    'src/api/routee/callbacks.ts',
    'src/api/octopush/callbacks.ts',
    // Octopush's text optimiser and STOP mention rule.
    'src/api/octopush/text.ts',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 80, low: 70, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
