import { defineConfig } from 'vitest/config';

// Unit, integration and hostile-sandbox tests. Browser tests have their own config
// (vitest.e2e.config.ts) because they need a production build first.
export default defineConfig({
  test: {
    pool: 'forks',
    // isolated-vm needs this in any process that loads it (session-level sandbox tests).
    execArgv: ['--no-node-snapshot'],
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/hostile/**/*.test.ts'],
    // Names the run, and drops the scratch PostgreSQL databases it leaves (DELTALAB_TEST_DB=postgres).
    globalSetup: ['test/integration/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
