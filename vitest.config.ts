import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One throw-away PostgreSQL cluster for the run (skipped where PostgreSQL is not installed).
    globalSetup: ['test/postgres/global-setup.ts'],
  },
});
