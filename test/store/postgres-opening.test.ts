/**
 * Finding the PostgreSQL store (DESIGN §2, §10): a URL with a password is refused before any
 * connection; an empty schema is where a store is made, and nothing else is ever adopted;
 * a store of a newer schema is refused; two hosts making or upgrading the store at once
 * (migrations under an advisory lock) end with one store.
 */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, openStore, withStore } from '../../src/store/index.js';
import { MIGRATION_LOCK, MIGRATIONS } from '../../src/store/postgres-migrations.js';
import { describePostgres, freshSchema, urlOf, withAdmin, type TestLocation } from '../postgres/databases.js';
import { allEntries, record } from './helpers.js';

/** How many sessions wait for the lock migrations take (MIGRATION_LOCK) in this schema. */
const WAITING_FOR_MIGRATION_LOCK = `
  WITH k AS (SELECT hashtextextended('retention migrate ' || current_schema(), 0) AS key)
  SELECT count(*)::int AS n FROM pg_locks, k
  WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
    AND classid::bigint = ((key >> 32) & 4294967295) AND objid::bigint = (key & 4294967295)`;

describePostgres('opening a PostgreSQL store', () => {
  let place: TestLocation;
  const sql = (text: string) => withAdmin((client) => client.query(text), place.url);
  beforeEach(async () => {
    place = await freshSchema();
  });
  afterEach(() => place.drop());

  it('refuses a URL that holds a password, without connecting, and never repeats the password', async () => {
    const withPassword = place.url.replace('postgres@', 'postgres:s3cret@');
    const refusal = openStore(withPassword, { access: 'read' });
    await expect(refusal).rejects.toMatchObject({ code: 'usage.bad-value', message: expect.stringContaining('PGPASSWORD or ~/.pgpass') });
    await expect(refusal).rejects.not.toMatchObject({ message: expect.stringContaining('s3cret') });
    await expect(openStore(`${place.url}&password=s3cret`, { access: 'read' })).rejects.toMatchObject({ code: 'usage.bad-value' });
  });

  it('finds no store in an empty schema, and makes one there', async () => {
    await expect(openStore(place.url, { access: 'read' })).rejects.toMatchObject({ code: 'store.missing' });
    await withStore(place.url, { use: 'create' }, (store) => store.importRecords([record('R-1')], { actor: 'admin' }));
    const store = await openStore(place.url, { access: 'read' });
    expect(await store.liveRecordCount()).toBe(1);
    await store.close();
  });

  it('leaves nothing behind when the first import fails', async () => {
    const failing = createStore(place.url, async (store) => {
      await store.importRecords([record('R-1')], { actor: 'admin' });
      throw new Error('inventory.csv:9: not a date');
    });
    await expect(failing).rejects.toThrow('not a date');
    expect((await sql(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = '${place.schema}'`)).rows[0]).toEqual({ n: 0 });
  });

  it("refuses another application's tables, and writes nothing to them", async () => {
    await sql('CREATE TABLE patients (id text PRIMARY KEY)');
    for (const use of ['read', 'write', 'create'] as const) {
      await expect(withStore(place.url, { use }, async () => undefined)).rejects.toMatchObject({
        code: 'store.not-a-store',
      });
    }
    expect((await sql(`SELECT tablename FROM pg_tables WHERE schemaname = '${place.schema}'`)).rows).toEqual([{ tablename: 'patients' }]);
  });

  it('refuses a store written by a newer version of retention', async () => {
    await createStore(place.url, async () => undefined);
    await sql("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')");
    await expect(openStore(place.url, { access: 'read' })).rejects.toMatchObject({ code: 'store.newer-schema' });
  });

  it('is made once when two hosts make it at once', async () => {
    // "At once": both have found the schema empty and wait for the migration lock, held here
    // until they do. Left to the scheduler, the second host sometimes connected only after the
    // first had committed, and was then rightly refused a store that already existed.
    const results = await withAdmin(async (client) => {
      await client.query('BEGIN');
      await client.query(MIGRATION_LOCK);
      const making = Promise.allSettled(
        ['host-a', 'host-b'].map((host) =>
          withStore(place.url, { use: 'create' }, (store) => store.importRecords([record(`R-${host}`)], { actor: host })),
        ),
      );
      while ((await client.query<{ n: number }>(WAITING_FOR_MIGRATION_LOCK)).rows[0]?.n !== 2)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await client.query('COMMIT');
      return making;
    }, place.url);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const store = await openStore(place.url, { access: 'read' });
    expect((await allEntries(store)).map((e) => e.actor).sort()).toEqual(['host-a', 'host-b']);
    // Each migration once, in order, whichever host ran it.
    expect((await sql('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(
      MIGRATIONS.map((_, i) => ({ version: i + 1 })),
    );
    await store.close();
  });
});

describe('a PostgreSQL server that cannot be used', () => {
  it('is an environment problem naming the server, not a bug', async () => {
    // A port where nothing listens: taken and released again.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    await expect(openStore(`postgres://retention@127.0.0.1:${port}/retention`, { access: 'read' })).rejects.toMatchObject({
      code: 'store.unreachable',
      message: expect.stringContaining(`cannot reach the PostgreSQL server of the store postgres://retention@127.0.0.1:${port}/retention`),
    });
  });
});

describePostgres('a database that is not there', () => {
  it('is an environment problem that says to create it', async () => {
    await expect(openStore(urlOf('no_such_database'), { access: 'read' })).rejects.toMatchObject({
      code: 'store.cannot-open',
      message: expect.stringContaining('database "no_such_database" does not exist. Create the database first'),
    });
  });
});
