import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OwnFiles } from '../../src/targets/own-files.js';
import { sqliteTargetType, type SqliteConfig } from '../../src/targets/sqlite.js';
import type { Target } from '../../src/targets/types.js';

let base: string;
let db: Database.Database;
let target: Target;
const config: SqliteConfig = { type: 'sqlite', database: 'crm.db', table: 'notes', key: 'id' };

const remainingIds = () => (db.prepare('SELECT id FROM notes ORDER BY id').all() as { id: string }[]).map((r) => r.id);

beforeEach(async () => {
  base = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'retention-sqlite-'));
  db = new Database(path.join(base, 'crm.db'));
  db.exec(`
    CREATE TABLE notes (id TEXT PRIMARY KEY, subject TEXT, body TEXT);
    INSERT INTO notes VALUES ('1', 's1', 'a'), ('2', 's1', 'b'), ('x', 's2', 'c');
    CREATE TABLE visits (n INTEGER PRIMARY KEY, body TEXT);
    INSERT INTO visits VALUES (17, 'v');`);
  target = await sqliteTargetType.open('crm', config, base, OwnFiles.NONE);
});

afterEach(async () => {
  await target.close();
  db.close();
  await fs.promises.rm(base, { recursive: true, force: true });
});

describe('sqlite target: deleting', () => {
  it('deletes the row with the key and reports an unknown key as absent', async () => {
    expect(await target.deleteBatch(['1', 'nope'])).toEqual([
      { ref: '1', outcome: 'deleted', fingerprint: expect.any(String) },
      { ref: 'nope', outcome: 'absent' },
    ]);
    expect(remainingIds()).toEqual(['2', 'x']);
  });

  it.each(['1 OR 1=1', "x'; DROP TABLE notes; --", '" OR "1"="1'])('treats %j as a value, never as SQL', async (ref) => {
    expect(await target.deleteBatch([ref])).toEqual([{ ref, outcome: 'absent' }]);
    expect(remainingIds()).toEqual(['1', '2', 'x']);
  });

  it('matches a text ref against an integer key column', async () => {
    const visits = await sqliteTargetType.open('v', { ...config, table: 'visits', key: 'n' }, base, OwnFiles.NONE);
    expect(await visits.deleteBatch(['17'])).toEqual([{ ref: '17', outcome: 'deleted', fingerprint: expect.any(String) }]);
    await visits.close();
    expect(db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 0 });
  });

  it.each(['0x11', '017', '+17', '17.0', ' 17'])(
    'refuses %j against an integer key: "not a plain key", the row 17 kept (review 2, point 5)',
    async (ref) => {
      const visits = await sqliteTargetType.open('v', { ...config, table: 'visits', key: 'n' }, base, OwnFiles.NONE);
      try {
        expect(await visits.deleteBatch([ref])).toEqual([{ ref, outcome: 'failed', error: expect.stringContaining('not a plain key') }]);
        expect(await visits.exists(ref)).toBe('unknown');
      } finally {
        await visits.close();
      }
      expect(db.prepare('SELECT n FROM visits').all()).toEqual([{ n: 17 }]);
    },
  );

  it('refuses a ref that matches several rows (a key that is not unique) and keeps them all', async () => {
    const bySubject = await sqliteTargetType.open('s', { ...config, key: 'subject' }, base, OwnFiles.NONE);
    const outcomes = await bySubject.deleteBatch(['s1', 's2']);
    await bySubject.close();
    expect(outcomes).toEqual([
      { ref: 's1', outcome: 'failed', error: 'refused: key matches 2 rows' },
      { ref: 's2', outcome: 'deleted', fingerprint: expect.any(String) },
    ]);
    expect(remainingIds()).toEqual(['1', '2']);
  });

  it('says whether a row exists', async () => {
    expect(await target.exists('x')).toBe(true);
    expect(await target.exists('1 OR 1=1')).toBe(false);
  });
});

describe('sqlite target: check and open', () => {
  it('accepts plain identifiers', () => {
    expect(sqliteTargetType.check(config)).toEqual([]);
  });

  it('rejects identifiers that are not plain, naming the bad value', () => {
    const problems = sqliteTargetType.check({ ...config, table: 'notes; DROP TABLE x', key: 'id"' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('table "notes; DROP TABLE x"');
    expect(problems[1]).toContain('key "id""');
  });

  it('a missing database is no problem of the config (finding C1), only of open: the pre-flight', async () => {
    expect(sqliteTargetType.check({ ...config, database: 'nope.db' })).toEqual([]);
    await expect(sqliteTargetType.open('crm', { ...config, database: 'nope.db' }, base, OwnFiles.NONE)).rejects.toMatchObject({
      code: 'target.unusable',
      message: expect.stringMatching(/^target "crm": database .*nope\.db does not exist/),
    });
  });

  it('pre-flight: check names a column or table that does not exist, or a file that is no database', async () => {
    const checkOf = async (overrides: Partial<SqliteConfig>) => {
      const opened = await sqliteTargetType.open('crm', { ...config, ...overrides }, base, OwnFiles.NONE);
      try {
        return await opened.check();
      } finally {
        await opened.close();
      }
    };
    expect(await target.check()).toEqual([]);
    expect(await checkOf({ key: 'uuid' })).toEqual(['table "notes" has no column "uuid"']);
    expect(await checkOf({ table: 'letters' })).toEqual(['table "letters" not found']);
    fs.writeFileSync(path.join(base, 'not-a.db'), 'x'.repeat(4096));
    expect(await checkOf({ database: 'not-a.db' })).toEqual([
      expect.stringMatching(/cannot read database .*not-a\.db: file is not a database/),
    ]);
  });

  it('refuses bad identifiers at open', async () => {
    await expect(sqliteTargetType.open('crm', { ...config, key: 'id" OR 1' }, base, OwnFiles.NONE)).rejects.toThrow(
      /not a plain identifier/,
    );
  });

  it('a table dropped after the check fails its records one by one; exists says unknown rather than throw', async () => {
    expect(await target.check()).toEqual([]);
    expect(await target.exists('1')).toBe(true);
    db.exec('DROP TABLE notes');
    expect(await target.exists('1')).toBe('unknown');
    expect(await target.deleteBatch(['1', '2'])).toEqual([
      { ref: '1', outcome: 'failed', error: expect.stringMatching(/no such table: notes/) },
      { ref: '2', outcome: 'failed', error: expect.stringMatching(/no such table: notes/) },
    ]);
  });

  it('does not create a database that is missing', async () => {
    await expect(sqliteTargetType.open('crm', { ...config, database: 'nope.db' }, base, OwnFiles.NONE)).rejects.toThrow(/does not exist/);
    expect(fs.existsSync(path.join(base, 'nope.db'))).toBe(false);
  });
});

describe('sqlite target: a database another program holds locked', () => {
  it('a write lock: check passes (it is not misconfigured); the batch waits, then fails whole, and so does the rest of the run at once', async () => {
    const holder = new Database(path.join(base, 'crm.db'));
    holder.exec("BEGIN IMMEDIATE; UPDATE notes SET body = 'edited' WHERE id = 'x'");
    try {
      expect(await target.check()).toEqual([]);
      const locked = { outcome: 'failed', error: expect.stringMatching(/^database is locked by another program \(waited 5 s\)/) };
      expect(await target.deleteBatch(['1', '2'])).toEqual([
        { ref: '1', ...locked },
        { ref: '2', ...locked },
      ]);
      expect(await target.exists('x')).toBe('unknown');
      expect(await target.deleteBatch(['x'])).toEqual([{ ref: 'x', ...locked }]);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(remainingIds()).toEqual(['1', '2', 'x']);
    // The next run: the lock is gone.
    const nextRun = await sqliteTargetType.open('crm', config, base, OwnFiles.NONE);
    expect(await nextRun.deleteBatch(['1'])).toEqual([{ ref: '1', outcome: 'deleted', fingerprint: expect.any(String) }]);
    await nextRun.close();
  });
});

describe('sqlite target: a deletion that would reach other rows (issue A6)', () => {
  it.each([
    [
      'a foreign-key cascade',
      "CREATE TABLE parts (id TEXT PRIMARY KEY, note TEXT REFERENCES notes(id) ON DELETE CASCADE); INSERT INTO parts VALUES ('p1', '1'), ('p2', '1');",
    ],
    [
      'ON DELETE SET NULL',
      "CREATE TABLE parts (id TEXT PRIMARY KEY, note TEXT REFERENCES notes(id) ON DELETE SET NULL); INSERT INTO parts VALUES ('p1', '1');",
    ],
    ['a trigger', 'CREATE TRIGGER gone AFTER DELETE ON notes BEGIN DELETE FROM notes WHERE subject = old.subject; END;'],
  ])('%s: refused and rolled back, every row kept; a row with nothing attached is still deleted', async (_what, schema) => {
    db.exec(schema);
    const outcomes = await target.deleteBatch(['1', 'x']);
    expect(outcomes[0]).toMatchObject({ ref: '1', outcome: 'failed' });
    expect(outcomes[0]?.outcome === 'failed' && outcomes[0].error).toMatch(
      /would also delete or change \d+ other rows?.*cascade or a trigger/,
    );
    expect(outcomes[1]).toEqual({ ref: 'x', outcome: 'deleted', fingerprint: expect.any(String) });
    expect(remainingIds()).toEqual(['1', '2']);
    if (schema.includes('parts')) expect(db.prepare('SELECT count(*) AS n FROM parts WHERE note IS NOT NULL').get()).not.toEqual({ n: 0 });
  });
});

describe('sqlite target: "already absent" is believed only where the table visibly holds the data (issue A7)', () => {
  it('an empty table (a new or wrong database): each miss fails and stays due; settling cannot tell', async () => {
    db.exec('DELETE FROM notes');
    const outcomes = await target.deleteBatch(['1', '2']);
    expect(outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed']);
    expect(outcomes[0]?.outcome === 'failed' && outcomes[0].error).toContain('the table is empty');
    expect(await target.exists('1')).toBe('unknown');
  });

  it('a table this run emptied itself: the record deleted with its twin is still believed absent', async () => {
    db.exec("DELETE FROM notes WHERE id <> '1'");
    expect(await target.deleteBatch(['1', '1'])).toEqual([
      { ref: '1', outcome: 'deleted', fingerprint: expect.any(String) },
      { ref: '1', outcome: 'absent' },
    ]);
  });

  it.each([
    ['case', 'ABC-1', 'abc-1'],
    ['Unicode form', 'caf\u00e9', 'cafe\u0301'],
    ['a hidden character', 'y\u200b', 'y'],
  ])('a key differing only by %s: failed "a row with a similar key exists", the row kept', async (_what, row, ref) => {
    db.prepare("INSERT OR IGNORE INTO notes VALUES (?, 's9', 'z')").run(row);
    const [outcome] = await target.deleteBatch([ref]);
    expect(outcome).toMatchObject({ ref, outcome: 'failed', error: expect.stringContaining('a row with a similar key exists') });
    expect(remainingIds()).toContain(row);
    expect(await target.exists(ref)).toBe('unknown');
  });
});
