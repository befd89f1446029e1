/**
 * A store edited by hand (finding C6): a table dropped or replaced by a view, a schema version
 * set back, records whose events are not JSON or not dates, an audit detail no JSON
 * implementation agrees on. None of it is a bug (exit 70): every command says the store is
 * damaged, naming it and what is wrong (exit 2); `audit verify` names the entry (exit 1).
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack, tempDir, type CliResult } from './run-cli.js';
import { run as runInProcess } from './run-in-process.js';
import { errorCodes } from './error-codes.js';

let world: string;
const run = (args: string[]) => runInProcess(args, { cwd: world });

beforeAll(async () => {
  world = tempDir();
  for (const args of [['init'], ['inventory', 'import', 'inventory.csv'], ['apply', '--yes']]) expect((await run(args)).code).toBe(0);
});

/** A copy of the world's store with `sql` run on it, as someone with sqlite3 would. */
function editedCopy(sql: string): string {
  const copy = path.join(tempDir(), 'edited.db');
  copyFileSync(path.join(world, 'retention.db'), copy);
  const db = new Database(copy);
  db.exec(sql);
  db.close();
  return copy;
}

/** Exit 2, store.damaged, naming the file and `what`; never "a bug", never a stack. */
function damaged(result: CliResult, file: string, what: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(errorCodes(result.stderr)).toEqual(['store.damaged']);
  expect(result.stderr).toContain(`the store ${file} is damaged`);
  expect(result.stderr).toMatch(what);
  expect(result.stderr).not.toContain('bug');
  expect(expectNoStack(result.stderr)).toBe(true);
}

const commands = (file: string) => [
  ['plan', '--db', file],
  ['explain', 'EX-08', '--db', file],
  ['apply', '--yes', '--db', file],
  ['hold', 'list', '--db', file],
  ['audit', 'export', '--db', file],
];

describe('a store whose schema was changed by hand', () => {
  it.each([
    ['the audit table dropped', 'DROP TABLE audit', /table "audit" is missing/],
    [
      'the audit table replaced by a view',
      'ALTER TABLE audit RENAME TO audit_old; CREATE VIEW audit AS SELECT * FROM audit_old',
      /"audit" is a view, not a table/,
    ],
    ['a column dropped', 'ALTER TABLE holds DROP COLUMN release_reason', /table "holds" has no column "release_reason"/],
    ['its schema version set back', 'PRAGMA user_version = 1', /schema version 1, but upgrading it fails: table events already exists/],
  ])('%s: every command says damaged (exit 2), audit verify fails (exit 1)', async (_, sql, what) => {
    const file = editedCopy(sql);
    for (const args of commands(file)) damaged(await run(args), file, what);
    const verify = await run(['audit', 'verify', '--db', file]);
    expect(verify.code, verify.stderr).toBe(1);
    expect(verify.stderr).toMatch(what);
    expect(expectNoStack(verify.stderr)).toBe(true);
  });
});

describe('a store whose rows were changed by hand', () => {
  it.each([
    [
      'events that are not JSON',
      `UPDATE records SET events = 'not json' WHERE id = 'EX-08'`,
      /record "EX-08": its events are not a JSON object of dates/,
    ],
    [
      'an event that is not a date',
      `UPDATE records SET events = '{"consent_given":"yesterday"}' WHERE id = 'EX-08'`,
      /record "EX-08": its event consent_given "yesterday" is not a date/,
    ],
    [
      'events that are a list',
      `UPDATE records SET events = '[1,2]' WHERE id = 'EX-08'`,
      /record "EX-08": its events are not a JSON object of dates/,
    ],
    [
      'a flag that is not true or false',
      `UPDATE records SET flags = '{"x":"yes"}' WHERE id = 'EX-08'`,
      /record "EX-08": its flag x "yes" is not true or false/,
    ],
  ])('%s: plan, explain and apply say damaged, naming the record (exit 2)', async (_, sql, what) => {
    const file = editedCopy(sql);
    for (const args of commands(file).slice(0, 3)) damaged(await run(args), file, what);
  });

  it('a recorded event that is not a date: plan and explain say damaged; apply refuses the row the log never recorded (exit 2)', async () => {
    const file = editedCopy(
      `INSERT INTO events (id, num, scope, ref, event, date, added_by, added_at) VALUES ('E-9', 9, 'record', 'EX-08', 'consent_given', 'soon', 'x', '2026-01-01')`,
    );
    const [plan, explain, apply] = commands(file);
    for (const args of [plan!, explain!]) damaged(await run(args), file, /event E-9: its date "soon" is not a date/);
    const refused = await run(apply!);
    expect(refused.code).toBe(2);
    expect(errorCodes(refused.stderr)).toEqual(['apply.tables-disagree']);
    expect(refused.stderr).toContain('event E-9');
  });

  it('an audit detail with a number no JSON implementation agrees on: verify names the entry (exit 1), export says damaged (exit 2)', async () => {
    const file = editedCopy(`DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{"a":1e400}' WHERE seq = 2;
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;`);
    const verify = await run(['audit', 'verify', '--db', file]);
    expect(verify.code, verify.stderr).toBe(1);
    expect(verify.stderr).toMatch(/entry 2.*detail "a" is not a string, integer, true, false or null/);
    expect(expectNoStack(verify.stderr)).toBe(true);
    for (const format of ['jsonl', 'csv'])
      damaged(
        await run(['audit', 'export', '--format', format, '--db', file]),
        file,
        /audit entry 2: its detail "a" is not a string, integer/,
      );
  });
});
