/**
 * One throw-away PostgreSQL cluster for the whole test run (vitest globalSetup), stopped and
 * removed at the end; tests make a database of their own in it (databases.ts). Without
 * PostgreSQL the PostgreSQL tests are reported as skipped, never as passed; with
 * RETENTION_REQUIRE_POSTGRES=1 (CI) a missing or failing PostgreSQL fails the run instead.
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { findPostgresBin, startCluster } from './cluster.js';

export interface PostgresUnderTest {
  port: number;
  adminUrl: string;
  /** A database for the tests' schemas (a schema is made in milliseconds, a database in a few hundred). */
  testDatabase: string;
}

const TEST_DATABASE = 'retention_tests';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster, or null when PostgreSQL is not installed here. */
    postgres: PostgresUnderTest | null;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const required = process.env.RETENTION_REQUIRE_POSTGRES === '1';
  const bin = findPostgresBin();
  if (bin === null) {
    if (required)
      throw new Error(
        'RETENTION_REQUIRE_POSTGRES=1, but PostgreSQL is not installed (apt-get install postgresql, or set RETENTION_PG_BIN)',
      );
    process.stderr.write('PostgreSQL is not installed: the PostgreSQL store and target tests are skipped\n');
    project.provide('postgres', null);
    return () => undefined;
  }
  const cluster = await startCluster({ bin });
  const stop = () => cluster.stop();
  await createDatabase(cluster.adminUrl, TEST_DATABASE).catch((error: unknown) => {
    stop();
    throw error;
  });
  // An interrupted run still stops the server it started.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  project.provide('postgres', { port: cluster.port, adminUrl: cluster.adminUrl, testDatabase: TEST_DATABASE });
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    stop();
  };
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}
