import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // Builds dist/web when it is missing or stale, for the tests that serve the web app.
    globalSetup: ['test/web/build-web.ts'],
  },
});
