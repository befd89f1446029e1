/**
 * `inventory import --from TARGET --query SQL` (issue 12): the inventory read out of a sqlite
 * target's database, each row checked as a CSV row is, problems named by row number, the
 * database only ever read, and the import all or nothing; a postgres target as a sqlite one.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgres, freshSchema, withAdmin, type TestLocation } from '../postgres/databases.js';
import { createWorld, expectRefused, planFromStore, tableCount, type World } from './world.js';

function caseDb(w: World, rows: readonly (readonly (string | number | null)[])[]): void {
  const db = new Database(w.crmDb);
  db.exec('CREATE TABLE cases (note TEXT, client TEXT, kind TEXT, opened TEXT, closed TEXT, review INTEGER)');
  const insert = db.prepare('INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(...row);
  db.close();
}

const QUERY =
  "SELECT note AS id, client AS subject, kind AS category, opened AS created, 'crm:' || note AS location, closed AS ended, review AS under_review FROM cases ORDER BY note";

describe('inventory import --from --query', () => {
  it('imports the rows the query returns, with events and flags, as a CSV with those columns would', async () => {
    const w = createWorld();
    caseDb(w, [
      ['N-1', 'S-1', 'crm-note', '2020-01-01', '2024-01-15', 0],
      ['N-2', 'S-2', 'crm-note', '2020-01-01', null, 0],
      ['N-3', 'S-3', 'crm-note', '2020-01-01', '2024-01-15', 1],
    ]);
    const result = await w.run(['inventory', 'import', '--from', 'crm', '--query', QUERY]);
    expect(result.stderr).toBe('query on crm: 3 new, 0 updated, 0 unchanged\n');
    expect(result.code).toBe(0);
    const plan = await planFromStore(w);
    expect([...plan].map(([id, d]) => [id, d.status])).toEqual([
      ['N-1', 'due'],
      ['N-2', 'pending'],
      ['N-3', 'held'],
    ]);
  });

  it('names a bad row by its number and imports nothing', async () => {
    const w = createWorld();
    caseDb(w, [
      ['N-1', 'S-1', 'crm-note', '2020-01-01', '2024-01-15', 0],
      ['N-2', 'S-2', 'crm-note', '2020-01-01', '2023-02-30', 0],
    ]);
    expectRefused(
      await w.run(['inventory', 'import', '--from', 'crm', '--query', QUERY]),
      'inventory.bad-date',
      /^query on crm:2: ended "2023-02-30" is not a date/m,
    );
    expect(fs.existsSync(w.store) ? tableCount(w, 'records') : 0).toBe(0);
  });

  it("refuses a duplicate id, naming both rows, and columns that are not an inventory's", async () => {
    const w = createWorld();
    caseDb(w, [
      ['N-1', 'S-1', 'crm-note', '2020-01-01', null, 0],
      ['N-1', 'S-2', 'crm-note', '2020-01-01', null, 0],
    ]);
    expectRefused(
      await w.run(['inventory', 'import', '--from', 'crm', '--query', QUERY]),
      'inventory.duplicate-id',
      /^query on crm:2: duplicate id "N-1", first seen on line 1/m,
    );
    expectRefused(
      await w.run(['inventory', 'import', '--from', 'crm', '--query', 'SELECT note AS id, kind AS category FROM cases']),
      'inventory.csv-header',
      /missing required column "subject"/,
    );
  });

  it('only reads: a statement that is not a query, or one SQLite cannot run, is a usage error and changes nothing', async () => {
    const w = createWorld();
    caseDb(w, [['N-1', 'S-1', 'crm-note', '2020-01-01', null, 0]]);
    expectRefused(await w.run(['inventory', 'import', '--from', 'crm', '--query', 'DELETE FROM cases']), 'usage.bad-value');
    expectRefused(await w.run(['inventory', 'import', '--from', 'crm', '--query', 'SELEC nonsense']), 'usage.bad-value');
    const db = new Database(w.crmDb, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(1);
    db.close();
  });

  it('needs a sqlite target, and exactly one of FILE and --from with --query', async () => {
    const w = createWorld();
    expectRefused(await w.run(['inventory', 'import', '--from', 'casefiles', '--query', 'SELECT 1']), 'usage.bad-value', /files target/);
    expectRefused(await w.run(['inventory', 'import', '--from', 'crm']), 'usage.conflicting-flags');
    expectRefused(await w.run(['inventory', 'import', 'x.csv', '--from', 'crm', '--query', 'SELECT 1']), 'usage.conflicting-flags');
    expectRefused(await w.run(['inventory', 'import']), 'usage.conflicting-flags');
  });
});

describePostgres('inventory import --from a postgres target', () => {
  let cases: TestLocation;
  beforeAll(async () => {
    cases = await freshSchema();
    await withAdmin(
      (client) =>
        client.query(
          "CREATE TABLE cases (note text, client text, kind text, opened date, closed date, review boolean); INSERT INTO cases VALUES ('N-1', 'S-1', 'crm-note', '2020-01-01', '2024-01-15', false), ('N-2', 'S-2', 'crm-note', '2020-01-01', NULL, false), ('N-3', 'S-3', 'crm-note', '2020-01-01', '2023-02-28', false)",
        ),
      cases.url,
    );
  });
  afterAll(() => cases.drop());

  function pgWorld(): World {
    const w = createWorld();
    const config = path.join(w.dir, 'retention.config.yaml');
    fs.writeFileSync(
      config,
      fs
        .readFileSync(config, 'utf8')
        .replace(
          /^targets:\n/m,
          `targets:\n  cases: { type: postgres, database: ${JSON.stringify(cases.url)}, table: cases, key: note }\n`,
        ),
    );
    return w;
  }

  it('imports the rows of the query, dates as the server writes them, in a read-only transaction', async () => {
    const w = pgWorld();
    const query =
      "SELECT note AS id, client AS subject, kind AS category, opened AS created, 'cases:' || note AS location, closed AS ended, CASE WHEN review THEN 'yes' ELSE 'no' END AS under_review FROM cases ORDER BY note";
    const result = await w.run(['inventory', 'import', '--from', 'cases', '--query', query]);
    expect(result.stderr).toBe('query on cases: 3 new, 0 updated, 0 unchanged\n');
    const plan = await planFromStore(w);
    expect([...plan].map(([id, d]) => [id, d.status])).toEqual([
      ['N-1', 'due'],
      ['N-2', 'pending'],
      ['N-3', 'due'],
    ]);
    expectRefused(await w.run(['inventory', 'import', '--from', 'cases', '--query', 'DELETE FROM cases']), 'usage.bad-value');
    const left = await withAdmin((client) => client.query('SELECT count(*)::int AS n FROM cases'), cases.url);
    expect(left.rows[0]).toEqual({ n: 3 });
  });

  it('refuses more than one statement (a COMMIT would end the read-only transaction): exit 2, nothing changed', async () => {
    const w = pgWorld();
    const result = await w.run([
      'inventory',
      'import',
      '--from',
      'cases',
      '--query',
      "SELECT 1 AS x; COMMIT; DELETE FROM cases WHERE note = 'N-2'",
    ]);
    expectRefused(result, 'usage.bad-value', /--query: .*one statement/);
    const left = await withAdmin((client) => client.query('SELECT count(*)::int AS n FROM cases'), cases.url);
    expect(left.rows[0]).toEqual({ n: 3 });
  });

  it("a query that fails as its rows are read is the query's problem (exit 2), not a bug", async () => {
    const w = pgWorld();
    expectRefused(
      await w.run(['inventory', 'import', '--from', 'cases', '--query', 'SELECT 1 / (length(note) - 3) AS id FROM cases']),
      'target.unusable',
      /division by zero/,
    );
  });

  it('names a bad row by its number', async () => {
    const w = pgWorld();
    const query =
      "SELECT note AS id, client AS subject, kind AS category, opened AS created, 'cases:' || note AS location, CASE WHEN note = 'N-2' THEN 'soon' END AS ended FROM cases ORDER BY note";
    expectRefused(
      await w.run(['inventory', 'import', '--from', 'cases', '--query', query]),
      'inventory.bad-date',
      /^query on cases:2: ended "soon" is not a date/m,
    );
  });
});
