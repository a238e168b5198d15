import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@lucent/source'] },
  ssr: { resolve: { conditions: ['@lucent/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
