import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@lucent/source'] },
  ssr: { resolve: { conditions: ['@lucent/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every test API logs to files of a per-run directory; after the run they are scanned for the test
    // patients' identifiers, and a finding fails the run (packages/api/src/testing/phi-log-scan/).
    globalSetup: ['packages/api/src/testing/phi-log-scan/global-setup.test-util.ts'],
    // The scan of a whole run's logs takes a few seconds; vitest exits when a teardown outlasts this.
    teardownTimeout: 120_000,
  },
});
