/**
 * Control characters never reach a person's terminal raw (review finding C7): free-text flags
 * (`--by`, `--reason`, `--note`, `--method`) refuse them, and every text, table and HTML view of
 * user data shows them as escapes. The records here are written into the store with SQL, as a
 * store filled before imports refused such ids would hold them: the views must cope either way.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AS_OF, ENDED_LONG_AGO, createWorld, expectOk, expectRefused, setUp, type World } from './world.js';

/** `EX-97` followed by "conceal" (the rest of the line is hidden), and a carriage return that makes EX-98 show as EX-04. */
const CONCEALING = 'EX-97\u001b[8m';
const OVERPRINTING = 'EX-98\rEX-04';
const ZERO_WIDTH = 'EX-01\u200b';

function insertRecords(w: World, ids: readonly string[]): void {
  const db = new Database(w.store);
  const insert = db.prepare(
    "INSERT INTO records (id, subject, category, created, location, events, flags, imported_at) VALUES (?, 'S-9\u001b[2J', 'casenote', '2020-01-01', ?, ?, '{}', '2026-01-01T00:00:00.000Z')",
  );
  // An undeclared target: apply reports each record as failed, on stderr.
  for (const id of ids) insert.run(id, `elsewhere:${id}`, JSON.stringify({ ended: ENDED_LONG_AGO }));
  db.close();
}

/** No raw C0/C1 control character, none but the line feeds that separate lines. */
function expectNothingRaw(text: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b]/);
}

describe('free-text flags refuse control characters and line breaks', () => {
  it.each([
    ['hold add --by', ['hold', 'add', '--record', 'F-1', '--reason', 'claim', '--by', 'Dee\u001b[2J\u001b[H']],
    ['hold add --reason', ['hold', 'add', '--record', 'F-1', '--reason', 'claim\nH-9  record F-2  forged', '--by', 'Dee Pio']],
    ['hold release --reason', ['hold', 'release', 'H-1', '--reason', 'do\rne', '--by', 'Dee Pio']],
    ['event add --by', ['event', 'add', 'ended', '--record', 'F-1', '--date', '2026-01-01', '--by', 'Dee\u0085Pio']],
    ['event remove --reason', ['event', 'remove', 'E-1', '--reason', 'oo\u2028ps', '--by', 'Dee Pio']],
    ['approve --note', ['approve', 'plan.json', '--by', 'Dee Pio', '--note', 'board\u001b[8m 12 Nov']],
    ['confirm --method', ['confirm', 'F-1', '--by', 'Dee Pio', '--method', 'cross-cut\tshredder']],
    ['confirm --note', ['confirm', 'F-1', '--by', 'Dee Pio', '--method', 'cross-cut shredder', '--note', 'bag\n41']],
  ])('%s', async (_flag, args) => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    const result = expectRefused(await w.run(args), 'usage.control-character');
    expectNothingRaw(result.stderr);
  });
});

describe('user data in text, tables and HTML is shown with visible escapes', () => {
  it("plan, explain, hold add, hold list, audit list, event list, plan --format html, and apply's summary", async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    insertRecords(w, [CONCEALING, OVERPRINTING, ZERO_WIDTH]);

    const plan = expectOk(await w.run(['plan', '--as-of', AS_OF])).stdout;
    expectNothingRaw(plan);
    for (const shown of ['EX-97\\x1b[8m', 'EX-98\\rEX-04', 'EX-01\\u200b']) expect(plan).toContain(shown);

    const explained = expectOk(await w.run(['explain', OVERPRINTING, '--as-of', AS_OF])).stdout;
    expectNothingRaw(explained);
    expect(explained).toContain('Record EX-98\\rEX-04');
    expect(explained).toContain('subject S-9\\x1b[2J');

    const placed = expectOk(await w.run(['hold', 'add', '--record', CONCEALING, '--reason', 'claim', '--by', 'Dee Pio'])).stdout;
    expect(placed).toBe('H-1 holds 1 record now\n');
    const nothing = expectOk(await w.run(['hold', 'add', '--record', 'EX-404\u001b[2J', '--reason', 'claim', '--by', 'Dee Pio'])).stdout;
    expectNothingRaw(nothing);
    expect(nothing).toContain('"EX-404\\x1b[2J"');
    expectOk(await w.run(['event', 'add', 'ended', '--record', OVERPRINTING, '--date', '2026-01-01', '--by', 'Dee Pio']));

    for (const listing of [
      ['hold', 'list'],
      ['audit', 'list'],
      ['event', 'list'],
    ]) {
      const text = expectOk(await w.run(listing)).stdout;
      expectNothingRaw(text);
      expect(text).toMatch(/EX-97\\x1b\[8m|EX-98\\rEX-04/);
    }

    const page = expectOk(await w.run(['plan', '--as-of', AS_OF, '--format', 'html'])).stdout;
    // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
    expect(page).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b]/);
    expect(page).toContain('EX-97\\x1b[8m');

    const applied = await w.run(['apply', '--yes', '--as-of', AS_OF]);
    expect(applied.code).toBe(1);
    expectNothingRaw(applied.stderr);
    expect(applied.stderr).toContain('failed EX-01\\u200b: not deleted');
  });

  it('machine formats keep the exact values', async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    insertRecords(w, [OVERPRINTING]);
    const json = JSON.parse(expectOk(await w.run(['plan', '--as-of', AS_OF, '--format', 'json'])).stdout) as {
      decisions: { id: string }[];
    };
    expect(json.decisions.map((d) => d.id)).toContain(OVERPRINTING);
    expect(expectOk(await w.run(['plan', '--as-of', AS_OF, '--format', 'csv'])).stdout).toContain(OVERPRINTING);
  });
});
