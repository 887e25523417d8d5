// The tests Stryker runs against each mutant (npm run mutate): the fast unit tests of the rules it
// mutates, without the suite's global set-up (no build, no peers).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/domain/**/*.test.ts',
      'test/engine/ttl-sweep.test.ts',
      'test/engine/rules/**/*.test.ts',
      'test/engine/receipt-matcher.test.ts',
      'test/store/group-commit.test.ts',
      'test/protocols/smpp-codec.test.ts',
      'test/protocols/smpp-time.test.ts',
      'test/carriers/smpp-inbound.test.ts',
      'test/api/routee/callbacks.test.ts',
      'test/api/octopush/callbacks.test.ts',
      'test/api/octopush/text.test.ts',
    ],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
