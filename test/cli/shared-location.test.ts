/**
 * Issue A1: the item a due record names may be another record's too (two records listing one
 * file or one row, or spellings of one place). Deleting it would destroy a held or retained
 * record's data without a word in the log; the due record is kept and fails instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  ENDED_LONG_AGO,
  ENDED_RECENTLY,
  auditLog,
  createWorld,
  crmIds,
  entriesFor,
  expectOk,
  fileExists,
  setUp,
  type Row,
} from './world.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];

describe('a due record sharing its location with a record this run does not delete', () => {
  it.each([
    ['held', 'casefiles:client-7/photo.txt', 'casefiles:client-7/photo.txt'],
    ['held', 'crm:R-021', 'crm:R-021'],
    ['held', 'casefiles:Client-7/Photo.txt', 'casefiles:client-7/photo.txt'],
    ['retained', 'casefiles:client-7/photo.txt', 'casefiles:client-7/photo.txt'],
    // Other spellings of the retained record's ref (review round 3): each names the same file or row.
    ['retained', 'casefiles:client-7/photo.txt', 'casefiles:client-7/./photo.txt'],
    ['retained', 'casefiles:client-7/photo.txt', 'casefiles:client-7//photo.txt'],
    ['retained', 'casefiles:client-7/photo.txt', 'casefiles:client-7/../client-7/photo.txt'],
  ])('the other record %s (%s and %s): nothing deleted, the due one failed naming the other', async (fate, dueAt, otherAt) => {
    const world = createWorld();
    const rows: Row[] = [
      {
        id: 'EX-08',
        category: 'casenote',
        location: otherAt,
        ...(fate === 'held' ? { ended: ENDED_LONG_AGO } : { ended: ENDED_RECENTLY }),
      },
      { id: 'EX-14', category: 'casenote', location: dueAt, ended: ENDED_LONG_AGO },
    ];
    await setUp(world, rows);
    if (fate === 'held')
      expectOk(await world.run(['hold', 'add', '--record', 'EX-08', '--reason', 'Litigation 2026/41', '--by', 'Dee Pio']));

    const result = await world.run(APPLY);
    expect(result.code).toBe(1);
    if (otherAt.startsWith('crm:')) expect(crmIds(world)).toEqual(['R-021']);
    else expect(fileExists(world, 'client-7/photo.txt')).toBe(true);
    const log = auditLog(world);
    expect(entriesFor(log, 'EX-14', 'deleted')).toEqual([]);
    expect(entriesFor(log, 'EX-14', 'intent')).toEqual([]);
    expect(entriesFor(log, 'EX-14', 'failed')[0]?.detail?.error).toContain('location shared with record EX-08');
  });

  it('the other record no longer listed by the latest import (not decided, maybe still there): nothing deleted, the due one failed naming it', async () => {
    const world = createWorld();
    await setUp(world, [
      { id: 'EX-08', category: 'casenote', location: 'casefiles:client-7/photo.txt', ended: ENDED_RECENTLY },
      { id: 'EX-14', category: 'casenote', location: 'casefiles:client-7/photo.txt', ended: ENDED_LONG_AGO },
    ]);
    fs.writeFileSync(
      path.join(world.dir, 'later.csv'),
      `id,subject,category,created,location,ended,under_review\nEX-14,S-1,casenote,2020-01-01,casefiles:client-7/photo.txt,${ENDED_LONG_AGO},false\n`,
    );
    expectOk(await world.run(['inventory', 'import', 'later.csv', '--quiet']));

    const result = await world.run(APPLY);
    expect(result.code).toBe(1);
    expect(fileExists(world, 'client-7/photo.txt')).toBe(true);
    const log = auditLog(world);
    expect(entriesFor(log, 'EX-14', 'deleted')).toEqual([]);
    expect(entriesFor(log, 'EX-14', 'failed')[0]?.detail?.error).toContain(
      'location shared with record EX-08, which the latest import no longer listed',
    );
  });

  it('two due records on one file are deleted together: one deleted, the other already absent', async () => {
    const world = createWorld();
    await setUp(world, [
      { id: 'EX-01', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
      { id: 'EX-02', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
    ]);
    expectOk(await world.run(APPLY));
    expect(fileExists(world, 'a/one.txt')).toBe(false);
    const log = auditLog(world);
    expect(entriesFor(log, 'EX-01', 'deleted')[0]?.detail).toMatchObject({ result: 'deleted' });
    expect(entriesFor(log, 'EX-02', 'deleted')[0]?.detail).toMatchObject({ result: 'already absent' });
  });
});

describe('other spellings of one file or row are never deleted', () => {
  it.each(['casefiles:./client-1//photo.txt', 'casefiles:client-1/photo.txt/.', 'casefiles:client-1/./photo.txt'])(
    '%s is refused, the file kept',
    async (location) => {
      const world = createWorld();
      await setUp(world, [{ id: 'EX-08', category: 'casenote', location: 'casefiles:client-1/photo.txt', ended: ENDED_RECENTLY }]);
      fs.writeFileSync(
        path.join(world.dir, 'more.csv'),
        `id,subject,category,created,location,ended,under_review\nEX-14,S-1,casenote,2020-01-01,${location},${ENDED_LONG_AGO},false\n`,
      );
      await world.run(['inventory', 'import', 'more.csv', '--quiet']);
      const result = await world.run(APPLY);
      expect(result.code).toBe(1);
      expect(fileExists(world, 'client-1/photo.txt')).toBe(true);
      expect(entriesFor(auditLog(world), 'EX-14', 'deleted')).toEqual([]);
    },
  );

  it('a key that SQLite would take for another (5.0 for the INTEGER key 5, ABC for abc under NOCASE) deletes nothing', async () => {
    const world = createWorld();
    const db = new Database(world.crmDb);
    db.exec(`CREATE TABLE visits (n INTEGER PRIMARY KEY, body TEXT); INSERT INTO visits VALUES (5, 'v');
             CREATE TABLE people (id TEXT PRIMARY KEY COLLATE NOCASE, body TEXT); INSERT INTO people VALUES ('abc', 'p');`);
    db.close();
    const config = fs.readFileSync(path.join(world.dir, 'retention.config.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(world.dir, 'retention.config.yaml'),
      config.replace(
        '  paper: { type: manual }\n',
        '  paper: { type: manual }\n  visits: { type: sqlite, database: crm.db, table: visits, key: n }\n  people: { type: sqlite, database: crm.db, table: people, key: id }\n',
      ),
    );
    await setUp(world, [
      { id: 'V-1', category: 'crm-note', location: 'visits:5.0', ended: ENDED_LONG_AGO },
      { id: 'P-1', category: 'crm-note', location: 'people:ABC', ended: ENDED_LONG_AGO },
    ]);
    const result = await world.run(APPLY);
    expect(result.code).toBe(1);
    const check = new Database(world.crmDb, { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 1 });
    expect(check.prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 1 });
    check.close();
    const log = auditLog(world);
    // An INTEGER key's other spellings are refused outright (review 2, point 5).
    for (const [id, why] of [
      ['V-1', 'not a plain key'],
      ['P-1', 'similar key'],
    ] as const) {
      expect(entriesFor(log, id, 'deleted'), id).toEqual([]);
      expect(entriesFor(log, id, 'failed')[0]?.detail?.error).toContain(why);
    }
  });
});

describe('targets that reach the same files (review 2, point 1)', () => {
  it('validate and plan warn, naming both targets; apply refuses with exit 2 and deletes nothing', async () => {
    const world = createWorld();
    await setUp(world, [
      { id: 'EX-05', category: 'casenote', location: 'casefiles:records/client-104/notes.txt', ended: ENDED_RECENTLY },
      { id: 'EX-09', category: 'casenote', location: 'casefiles:records/client-103/health.txt', ended: ENDED_LONG_AGO },
    ]);
    const config = path.join(world.dir, 'retention.config.yaml');
    fs.writeFileSync(
      config,
      fs
        .readFileSync(config, 'utf8')
        .replace('  paper: { type: manual }\n', '  paper: { type: manual }\n  rec2: { type: files, root: files/records }\n'),
    );
    const warning = 'warning: the root of target "rec2" is inside that of target "casefiles"';

    expect((await world.run(['validate'])).stderr).toContain(warning);
    expect((await world.run(['plan', '--as-of', AS_OF])).stderr).toContain(warning);
    const applied = await world.run(['apply', '--yes', '--as-of', AS_OF]);
    expect(applied.code).toBe(2);
    expect(applied.stderr).toContain('the root of target "rec2" is inside that of target "casefiles"');
    expect(fileExists(world, 'records/client-103/health.txt')).toBe(true);
    expect(entriesFor(auditLog(world), 'EX-09').filter((e) => e.action !== 'import')).toEqual([]);
  });
});
