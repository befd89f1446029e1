/**
 * A placeholder for "no date" (0001-01-01 from .NET, 1900-01-01 from SQL Server, …) read as a
 * real date makes a record look a century overdue. Every way a date enters — an inventory (CSV
 * or JSON), an event feed, `event add` — refuses it at its line, and nothing is recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditLog, createWorld, expectOk, expectRefused, planFromStore, setUp } from './world.js';

const ROWS = [{ id: 'F-1', category: 'casenote' as const, location: 'casefiles:a/one.txt', subject: 'S-1' }];
const HEADER = 'id,subject,category,created,location,ended';

function write(dir: string, name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

describe('placeholder dates are refused where they enter', () => {
  it.each([
    ['created', `F-2,S-2,casenote,0001-01-01,casefiles:a/two.txt,`],
    ['ended', `F-2,S-2,casenote,2019-05-01,casefiles:a/two.txt,1900-01-01`],
    ['ended', `F-2,S-2,casenote,2019-05-01,casefiles:a/two.txt,1753-01-01T00:00:00Z`],
    // 1900-01-01 in the policy's zone (Europe/London) once its offset is applied.
    ['ended', `F-2,S-2,casenote,2019-05-01,casefiles:a/two.txt,1900-01-02T01:00:00+05:00`],
  ])('an inventory CSV whose %s is a placeholder: exit 2 at its line, nothing imported', async (field, row) => {
    const w = createWorld();
    await setUp(w, ROWS);
    const before = auditLog(w).length;
    const csv = write(w.dir, 'inv.csv', `${HEADER}\nF-1,S-1,casenote,2019-05-01,casefiles:a/one.txt,\n${row}\n`);
    const result = await w.run(['inventory', 'import', csv]);
    expectRefused(
      result,
      'inventory.placeholder-date',
      new RegExp(`^inv\\.csv:3: ${field} "[^"]+" is a placeholder, not a real date`, 'm'),
    );
    expect(result.stderr).toContain('leave the cell empty');
    expect(auditLog(w)).toHaveLength(before);
  });

  it('the day after SQL Server\u2019s empty date is a date like any other', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const csv = write(w.dir, 'inv.csv', `${HEADER}\nF-1,S-1,casenote,1900-01-02,casefiles:a/one.txt,1900-01-02\n`);
    expectOk(await w.run(['inventory', 'import', csv, '--quiet']));
    expect((await planFromStore(w)).get('F-1')?.status).toBe('due');
  });

  it('a JSON inventory is held to the same rule', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const json = write(
      w.dir,
      'inv.json',
      `[\n{"id":"F-1","subject":"S-1","category":"casenote","created":"2019-05-01","location":"casefiles:a/one.txt","events":{"ended":"0001-01-01"}}\n]\n`,
    );
    expectRefused(
      await w.run(['inventory', 'import', json]),
      'inventory.placeholder-date',
      /^inv\.json:2:.*ended "0001-01-01" is a placeholder/m,
    );
  });

  it('an event feed row with a placeholder: exit 2 at its line, no event recorded', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const feed = write(w.dir, 'events.csv', 'subject,event,date\nS-1,ended,2024-01-15\nS-1,ended,1899-12-30\n');
    expectRefused(await w.run(['event', 'import', feed]), 'events.placeholder-date', /^events\.csv:3: date "1899-12-30" is a placeholder/m);
    expect(auditLog(w).filter((e) => e.action === 'event')).toEqual([]);
  });

  it('event add --date with a placeholder: exit 2, no event recorded', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const result = await w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', '0001-01-01', '--by', 'Dee Pio']);
    expectRefused(result, 'usage.bad-value', /--date "0001-01-01" is a placeholder, not a real date/);
    expect(auditLog(w).filter((e) => e.action === 'event')).toEqual([]);
    expect((await planFromStore(w)).get('F-1')?.status).toBe('pending');
  });
});
