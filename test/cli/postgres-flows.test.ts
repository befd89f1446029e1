/**
 * The whole life of a store on PostgreSQL, through the built command line (DESIGN §10: same
 * commands, same contract): import, an erasure request, an unattended apply over files and a
 * `postgres` target, a plan approved by a person and carried out, a paper record confirmed
 * destroyed, the certificate of a run, `audit verify`, and the store copied to SQLite with the
 * same export. The outside world (files, rows of the case-management table) is checked too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit-entry.js';
import { describePostgres, freshSchema, withAdmin, type TestLocation } from '../postgres/databases.js';
import { AS_OF, ENDED_LONG_AGO, ERASURE_POLICY, createWorld, expectOk, fileExists, writeInventory, type Row, type World } from './world.js';

const AT = ['--as-of', AS_OF];
const APPLY = ['apply', '--yes', ...AT];

const ROWS: Row[] = [
  { id: 'C-FILE', subject: 'S-CLOSED', category: 'casenote', location: 'casefiles:closed/notes.txt', ended: ENDED_LONG_AGO },
  { id: 'C-ROW', subject: 'S-CLOSED', category: 'casenote', location: 'cases:note-1', ended: ENDED_LONG_AGO },
  { id: 'E-PHOTO', subject: 'S-CONSENT', category: 'photo', location: 'casefiles:consent/photo.jpg' },
  { id: 'E-STORY', subject: 'S-CONSENT', category: 'story', location: 'cases:story-1' },
  { id: 'E-FORM', subject: 'S-CONSENT', category: 'consent-form', location: 'paper:box-1/form' },
  { id: 'K-SAFE', subject: 'S-CONSENT', category: 'safeguarding', location: 'cases:safe-1', ended: ENDED_LONG_AGO },
];

describePostgres('a store on PostgreSQL, end to end', () => {
  let place: TestLocation;
  /** The case-management database's table: a schema of its own (the store's is the store's alone). */
  let cases: TestLocation;
  let w: World;
  const exported = async (args: string[] = []) =>
    expectOk(await w.run(['audit', 'export', ...args]))
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
  const caseRows = async () =>
    (await withAdmin((client) => client.query<{ id: string }>('SELECT id FROM notes ORDER BY id'), cases.url)).rows.map((r) => r.id);
  let firstRun: string;

  beforeAll(async () => {
    place = await freshSchema();
    cases = await freshSchema();
    await withAdmin(
      (client) =>
        client.query(
          "CREATE TABLE notes (id text PRIMARY KEY, body text); INSERT INTO notes VALUES ('note-1', 'a'), ('story-1', 'b'), ('safe-1', 'c')",
        ),
      cases.url,
    );
    w = createWorld({ policy: ERASURE_POLICY });
    fs.writeFileSync(
      path.join(w.dir, 'retention.config.yaml'),
      `policy: ${JSON.stringify(ERASURE_POLICY)}\nstore: ${JSON.stringify(place.url)}\nactor: test-cron\n` +
        `targets:\n  casefiles: { type: files, root: files }\n  cases: { type: postgres, database: ${JSON.stringify(cases.url)}, table: notes, key: id }\n  paper: { type: manual }\n` +
        // The longest validity there is (C4): plans made as of AS_OF stay valid until 2027-06-30, as in the world's config.
        'plans: { validFor: P1Y }\n',
    );
    for (const ref of ['closed/notes.txt', 'consent/photo.jpg']) {
      fs.mkdirSync(path.dirname(path.join(w.root, ref)), { recursive: true });
      fs.writeFileSync(path.join(w.root, ref), ref);
    }
    expect((await w.run(['inventory', 'import', writeInventory(w, ROWS)])).stderr).toContain('6 new, 0 updated, 0 unchanged');
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-CONSENT', '--date', '2026-06-15', '--by', 'Dee Pio']));
  });
  afterAll(async () => {
    await place.drop();
    await cases.drop();
  });

  it('deletes unattended what is due and automatic, from files and from the PostgreSQL table, and lists the paper record for a person', async () => {
    const result = await w.run(APPLY);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('E-FORM');
    expect(fileExists(w, 'closed/notes.txt')).toBe(false);
    expect(fileExists(w, 'consent/photo.jpg')).toBe(false);
    // The story needs a person's approval; the safeguarding report is kept by law.
    expect(await caseRows()).toEqual(['safe-1', 'story-1']);
    firstRun = (await exported()).find((e) => e.action === 'run-start')!.run!;
  });

  it('carries out a saved plan once a person approved it', async () => {
    const plan = path.join(w.dir, 'plan.json');
    expect((await w.run(['plan', '--format', 'json', ...AT, '--out', plan])).code).toBe(0);
    expect((JSON.parse(fs.readFileSync(plan, 'utf8')) as { records: { id: string }[] }).records.map((r) => r.id)).toContain('E-STORY');
    expect((await w.run(['approve', plan, '--by', 'Dee Pio'])).code).toBe(0);
    expectOk(await w.run(APPLY));
    expect(await caseRows()).toEqual(['safe-1']);
  });

  it('records a confirmed destruction, and with it the completed erasure request, once', async () => {
    expectOk(await w.run(['confirm', 'E-FORM', '--by', 'A. Clerk', '--method', 'cross-cut shredder', ...AT]));
    const log = await exported();
    expect(log.filter((e) => e.action === 'erasure-completed').map((e) => [e.subject, e.detail?.requested])).toEqual([
      ['S-CONSENT', '2026-06-15'],
    ]);
    expect(
      log
        .filter((e) => e.action === 'deleted')
        .map((e) => e.record)
        .sort(),
    ).toEqual(['C-FILE', 'C-ROW', 'E-PHOTO', 'E-STORY']);
    expect(log.some((e) => e.record === 'K-SAFE' && e.action !== 'import')).toBe(false);
  });

  it('certifies a run from the PostgreSQL log', async () => {
    const rows = parse<{ record: string; run: string }>(
      expectOk(await w.run(['audit', 'certificate', '--run', firstRun, '--format', 'csv'])).stdout,
      { columns: true },
    );
    // The paper form was confirmed in the run that put it on the worklist.
    expect(rows.map((r) => r.record).sort()).toEqual(['C-FILE', 'C-ROW', 'E-FORM', 'E-PHOTO']);
  });

  it('verifies, and warns that the superuser it connects as could switch the guards off', async () => {
    const result = await w.run(['audit', 'verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^audit log consistent: \d+ entries, head \d+ [0-9a-f]{64}/);
    expect(result.stderr).toMatch(/^warning: the role postgres is a superuser/);
  });

  it('moves to a SQLite file with the same export, verified there', async () => {
    const copied = await w.run(['store', 'copy', '--to', 'copy.db']);
    expect(copied.code).toBe(0);
    expect(copied.stderr).toMatch(/^copied to copy\.db: 6 records, \d+ audit entries; the chain verifies there, head \d+ [0-9a-f]{64}\n$/);
    const fromPostgres = expectOk(await w.run(['audit', 'export'])).stdout;
    expect(expectOk(await w.run(['audit', 'export', '--db', 'copy.db'])).stdout).toBe(fromPostgres);
    expect(await w.run(['audit', 'verify', '--db', 'copy.db'])).toMatchObject({ code: 0, stderr: '' });
    expect(await w.run(['store', 'copy', '--to', 'copy.db'])).toMatchObject({ code: 2, stderr: expect.stringContaining('[store.exists]') });
  });
});
