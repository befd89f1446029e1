import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One throw-away PostgreSQL cluster for the run (skipped where PostgreSQL is not installed).
    globalSetup: ['test/postgres/global-setup.ts'],
    // Measured on the 2-core machine (issue 9.5): two forked workers, each running its files in
    // one process, took about three quarters of the CPU time of vitest's default (one worker, a
    // process per file) and much less wall time: most command tests run in-process now, and a
    // file no longer pays for importing (and compiling the schemas of) the whole tool again.
    // Not threads: they share one table of file descriptors, which tests count.
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    // Files share a process, so nothing a test stubs may outlive it.
    restoreMocks: true,
    unstubEnvs: true,
    unstubGlobals: true,
  },
});
