/**
 * The PostgreSQL of a test: the run's cluster (global-setup.ts), a place of its own for each
 * store (a fresh schema of the tests' database, or a fresh database), and `describePostgres`,
 * which skips its tests (reported as skipped) where the cluster is missing.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';

export const postgres = inject('postgres');

/** A describe block that runs only with the test cluster; skipped (and reported so) without it. */
export function describePostgres(title: string, body: () => void): void {
  describe.skipIf(postgres === null)(title, body);
}

export function requireCluster(): NonNullable<typeof postgres> {
  if (postgres === null) throw new Error('no PostgreSQL test cluster (describePostgres skips these tests)');
  return postgres;
}

/** The URL of `database` in the test cluster, as the superuser `postgres` (or `role`). */
export function urlOf(database: string, role = 'postgres'): string {
  return `postgres://${role}@127.0.0.1:${requireCluster().port}/${database}`;
}

/** Runs `work` with a client on the cluster's `postgres` database (or `url`), as the superuser. */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, url = requireCluster().adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestLocation {
  /** The store's URL: the tests' database, with its own schema first on the search_path. */
  url: string;
  schema: string;
  /** The same place for another role. */
  urlFor(role: string): string;
  drop(): Promise<void>;
}

/** An empty schema of its own in the tests' database: where a store may be made. */
export async function freshSchema(): Promise<TestLocation> {
  const cluster = requireCluster();
  const schema = `s_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE SCHEMA ${schema}`), urlOf(cluster.testDatabase));
  const urlFor = (role: string) => `${urlOf(cluster.testDatabase, role)}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url: urlFor('postgres'),
    schema,
    urlFor,
    drop: () =>
      withAdmin((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`), urlOf(cluster.testDatabase)).then(() => undefined),
  };
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database of its own. */
export async function freshDatabase(): Promise<TestDatabase> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: urlOf(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
