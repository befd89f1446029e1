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
    expect(postgresTargetType.check(config)).toEqual([]);
    expect(postgresTargetType.check({ ...config, table: 'notes; DROP TABLE x', key: '1id' })).toEqual([
      expect.stringContaining('table "notes; DROP TABLE x" is not a plain identifier'),
      expect.stringContaining('key "1id" is not a plain identifier'),
    ]);
    expect(postgresTargetType.check({ ...config, database: 'postgres://cases:s3cret@db.example/casework' })).toEqual([
      expect.stringMatching(
        /^database: the PostgreSQL URL holds a password; .*PGPASSWORD or ~\/\.pgpass.*postgres:\/\/cases@db\.example\/casework$/,
      ),
    ]);
    expect(postgresTargetType.check({ ...config, database: 'crm.db' })).toEqual([
      expect.stringContaining('postgres://ROLE@HOST:PORT/DATABASE'),
    ]);
  });
});

describePostgres('postgres target', () => {
  let place: TestLocation;
  let target: Target;
  const sql = (text: string) => withAdmin((client) => client.query(`SET search_path = ${place.schema}; ${text}`), place.url);
  const remaining = async (table: string, key: string) =>
    (
      await withAdmin(
        (client) => client.query<{ k: string }>(`SELECT ${key}::text AS k FROM ${place.schema}.${table} ORDER BY 1`),
        place.url,
      )
    ).rows.map((r) => r.k);
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
      expect(await visits.deleteBatch(['17', '18', '19', 'abc'])).toEqual([
        { ref: '17', outcome: 'deleted', fingerprint: null },
        { ref: '18', outcome: 'failed', error: 'refused: key matches 2 rows' },
        { ref: '19', outcome: 'deleted', fingerprint: null },
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

  describe('deletes only the row the ref names (review 2, point 4)', () => {
    let cases: Target;
    beforeEach(async () => {
      await sql(`
        CREATE TABLE cases (id integer PRIMARY KEY, body text);
        INSERT INTO cases VALUES (1, 'held'), (2, 'b'), (3, 'c');
        CREATE TABLE empty (id text PRIMARY KEY);`);
      cases = await open('cases', 'id');
    });
    afterEach(async () => {
      await cases.close();
    });

    it('a ref that is another spelling of an integer key (01 for 1) is refused, and the row kept, alone or beside its own spelling', async () => {
      expect(await cases.deleteBatch(['01', '2'])).toEqual([
        { ref: '01', outcome: 'failed', error: expect.stringContaining('not a plain key') },
        { ref: '2', outcome: 'deleted', fingerprint: null },
      ]);
      expect(await remaining('cases', 'id')).toEqual(['1', '3']);
      expect(await cases.deleteBatch([' 3', '+3'])).toEqual([
        { ref: ' 3', outcome: 'failed', error: expect.stringContaining('not a plain key') },
        { ref: '+3', outcome: 'failed', error: expect.stringContaining('not a plain key') },
      ]);
      expect(await cases.exists('01')).toBe('unknown');
      expect(await remaining('cases', 'id')).toEqual(['1', '3']);
    });

    it('a deletion that a foreign-key cascade or a trigger carries to other rows is rolled back and refused; the rest of the batch is deleted', async () => {
      await sql(`
        CREATE TABLE case_visits (id text PRIMARY KEY, case_id integer REFERENCES cases (id) ON DELETE CASCADE);
        INSERT INTO case_visits VALUES ('v1', 1);
        CREATE TABLE gone (id integer);
        CREATE FUNCTION note_gone() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO gone VALUES (OLD.id); RETURN OLD; END $$;`);
      expect(await cases.deleteBatch(['1', '2'])).toEqual([
        { ref: '1', outcome: 'failed', error: expect.stringContaining('would also delete or change 1 other row') },
        { ref: '2', outcome: 'deleted', fingerprint: null },
      ]);
      expect(await remaining('cases', 'id')).toEqual(['1', '3']);
      expect(await remaining('case_visits', 'id')).toEqual(['v1']);
      await sql('CREATE TRIGGER on_delete AFTER DELETE ON cases FOR EACH ROW EXECUTE FUNCTION note_gone();');
      expect(await cases.deleteBatch(['3'])).toEqual([
        { ref: '3', outcome: 'failed', error: expect.stringContaining('a foreign-key cascade or a trigger') },
      ]);
      expect(await remaining('cases', 'id')).toEqual(['1', '3']);
      expect(await remaining('gone', 'id')).toEqual([]);
    });

    it('does not believe "already absent" from an empty table, nor beside a row whose key differs only in case', async () => {
      const empty = await open('empty', 'id');
      try {
        expect(await empty.deleteBatch(['a'])).toEqual([
          { ref: 'a', outcome: 'failed', error: expect.stringContaining('the table is empty') },
        ]);
        expect(await empty.exists('a')).toBe('unknown');
      } finally {
        await empty.close();
      }
      await sql("INSERT INTO notes VALUES ('ABC-1', 'd');");
      expect(await target.deleteBatch(['abc-1'])).toEqual([
        { ref: 'abc-1', outcome: 'failed', error: expect.stringContaining('a row with a similar key exists') },
      ]);
      expect(await remaining('notes', 'id')).toEqual(['1', '2', 'ABC-1', 'x']);
    });
  });
});
