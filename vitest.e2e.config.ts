import { defineConfig } from 'vitest/config';

// Browser tests: test/e2e/global-setup.ts builds the site for production, starts it on a free
// port with a fresh database, and finds Chromium; the tests drive it with playwright-core.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 900_000,
  },
});
