/**
 * `postgres` targets against a real server: deleting by key in batches, a key matching several
 * rows refused (and rolled back), refs compared as the key column's type, the pre-flight
 * finding a missing table or key column, and URLs with passwords refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OwnFiles } from '../../src/targets/own-files.js';
import { postgresTargetType } from '../../src/targets/postgres.js';
import type { Target } from '../../src/targets/types.js';
import { describePostgres, freshSchema, withAdmin, type TestLocation } from '../postgres/databases.js';

describe('postgres target config', () => {
  const config = { type: 'postgres' as const, database: 'postgres://cases@db.example:5432/casework', table: 'notes', key: 'id' };

  it('is checked: identifiers only, and a URL without a password', () => {
    expect(postgresTargetType.check(config, '/')).toEqual([]);
    expect(postgresTargetType.check({ ...config, table: 'notes; DROP TABLE x', key: '1id' }, '/')).toEqual([
      expect.stringContaining('table "notes; DROP TABLE x" is not a plain identifier'),
      expect.stringContaining('key "1id" is not a plain identifier'),
    ]);
    expect(postgresTargetType.check({ ...config, database: 'postgres://cases:s3cret@db.example/casework' }, '/')).toEqual([
      expect.stringMatching(/^database: the PostgreSQL URL holds a password; .*PGPASSWORD or ~\/\.pgpass.*postgres:\/\/cases@db\.example\/casework$/),
    ]);
    expect(postgresTargetType.check({ ...config, database: 'crm.db' }, '/')).toEqual([expect.stringContaining('postgres://ROLE@HOST:PORT/DATABASE')]);
  });
});

describePostgres('postgres target', () => {
  let place: TestLocation;
  let target: Target;
  const sql = (text: string) => withAdmin((client) => client.query(`SET search_path = ${place.schema}; ${text}`), place.url);
  const remaining = async (table: string, key: string) =>
    (await withAdmin((client) => client.query<{ k: string }>(`SELECT ${key}::text AS k FROM ${place.schema}.${table} ORDER BY 1`), place.url)).rows.map((r) => r.k);
  const open = async (table: string, key: string) => {
    const opened = await postgresTargetType.open('crm', { type: 'postgres', database: place.url, table, key }, '/', OwnFiles.NONE);
    return opened;
  };

  beforeEach(async () => {
    place = await freshSchema();
    await sql(`
      CREATE TABLE notes (id text PRIMARY KEY, body text);
      INSERT INTO notes VALUES ('1', 'a'), ('2', 'b'), ('x', 'c');
      CREATE TABLE visits (n integer, body text);
      INSERT INTO visits VALUES (17, 'v'), (18, 'w'), (18, 'w again'), (19, 'y');`);
    target = await open('notes', 'id');
  });
  afterEach(async () => {
    await target.close();
    await place.drop();
  });

  it('deletes the rows of a batch by key, and reports an unknown key as absent', async () => {
    expect(await target.check()).toEqual([]);
    expect(await target.deleteBatch(['1', 'nope', 'x'])).toEqual([
      { ref: '1', outcome: 'deleted', fingerprint: null },
      { ref: 'nope', outcome: 'absent' },
      { ref: 'x', outcome: 'deleted', fingerprint: null },
    ]);
    expect(await remaining('notes', 'id')).toEqual(['2']);
    expect(await target.exists('2')).toBe(true);
    expect(await target.exists('1')).toBe(false);
  });

  it('refuses a key that matches several rows, deleting nothing of it, and deletes the rest of the batch', async () => {
    const visits = await open('visits', 'n');
    try {
      expect(await visits.deleteBatch(['17', '18', '019', 'abc'])).toEqual([
        { ref: '17', outcome: 'deleted', fingerprint: null },
        { ref: '18', outcome: 'failed', error: 'refused: key matches 2 rows' },
        // Compared as the key's type: 019 is the integer 19.
        { ref: '019', outcome: 'deleted', fingerprint: null },
        { ref: 'abc', outcome: 'failed', error: expect.stringContaining("not a value of the key column's type integer") },
      ]);
      expect(await remaining('visits', 'n')).toEqual(['18', '18']);
      expect(await visits.exists('abc')).toBe(false);
    } finally {
      await visits.close();
    }
  });

  it('finds a missing table or key column in the pre-flight check, and fails a batch rather than guess', async () => {
    const missing = await open('casenotes', 'id');
    const noKey = await open('notes', 'note_id');
    try {
      expect(await missing.check()).toEqual(['table "casenotes" not found']);
      expect(await noKey.check()).toEqual(['table "notes" has no column "note_id"']);
      expect(await missing.deleteBatch(['1'])).toEqual([{ ref: '1', outcome: 'failed', error: 'table "casenotes" not found' }]);
      expect(await missing.exists('1')).toBe('unknown');
    } finally {
      await missing.close();
      await noKey.close();
    }
    expect(await remaining('notes', 'id')).toEqual(['1', '2', 'x']);
  });

  it('treats a ref as data, never as SQL', async () => {
    expect(await target.deleteBatch(["1' OR '1'='1", '2); DROP TABLE notes; --'])).toEqual([
      { ref: "1' OR '1'='1", outcome: 'absent' },
      { ref: '2); DROP TABLE notes; --', outcome: 'absent' },
    ]);
    expect(await remaining('notes', 'id')).toEqual(['1', '2', 'x']);
  });
});
