/**
 * `event import FILE` (issue 12): an event feed joins the history; a row already recorded is
 * recognised (the feed is exported again every night), the summary says what was new, and a
 * bad file records nothing, naming each bad row's line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.js';
import { auditLog, createWorld, ENDED_LONG_AGO, expectOk, expectRefused, planFromStore, setUp, type World } from './world.js';

const ROWS = [
  { id: 'F-1', category: 'casenote' as const, location: 'casefiles:a/one.txt', subject: 'S-1' },
  { id: 'F-2', category: 'casenote' as const, location: 'casefiles:a/two.txt', subject: 'S-2' },
];

function feed(w: World, text: string, name = 'events.csv'): string {
  fs.writeFileSync(path.join(w.dir, name), text);
  return name;
}

describe('event import', () => {
  it('adds each row to the history, and the plan counts the dates', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const result = await w.run(['event', 'import', feed(w, `subject,event,date\nS-1,ended,${ENDED_LONG_AGO}\n`)]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('events.csv: 1 row: 1 new, 0 already recorded\n');
    const plan = await planFromStore(w);
    expect(plan.get('F-1')?.status).toBe('due');
    expect(plan.get('F-2')?.status).toBe('pending');
    expect(auditLog(w).filter((e) => e.action === 'event')).toHaveLength(1);
  });

  it('recognises rows already recorded, in the store or earlier in the file; a new date is added beside the old', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    expectOk(await w.run(['event', 'import', feed(w, `subject,event,date\nS-1,ended,2024-01-15\n`), '--quiet']));
    const again = await w.run([
      'event',
      'import',
      feed(w, `subject,event,date\nS-1,ended,2024-01-15\nS-1,ended,2024-02-01\nS-1,ended,2024-02-01\n`),
    ]);
    expect(again.stderr).toBe('events.csv: 3 rows: 1 new, 2 already recorded\n');
    const events = JSON.parse(expectOk(await w.run(['event', 'list', '--format', 'json'])).stdout) as { date: string }[];
    expect(events.map((e) => e.date)).toEqual(['2024-01-15', '2024-02-01']);
  });

  it('does not bring back an event a person removed', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    expectOk(await w.run(['event', 'import', feed(w, 'record,event,date\nF-2,ended,2024-01-15\n'), '--quiet']));
    expectOk(await w.run(['event', 'remove', 'E-1', '--by', 'Dee Pio', '--reason', 'wrong client']));
    const again = await w.run(['event', 'import', 'events.csv']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^events\.csv: 1 row: 0 new, 0 already recorded, 1 removed before/);
    expect((await planFromStore(w)).get('F-2')?.status).toBe('pending');
  });

  it('refuses a subject or record with a hidden character or spaces around it, as the inventory does (review round 3)', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const result = await w.run([
      'event',
      'import',
      feed(w, `subject,event,date\nS-1\u200b,ended,${ENDED_LONG_AGO}\n S-2,ended,${ENDED_LONG_AGO}\n`),
    ]);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['inventory.invisible-character', 'inventory.surrounding-space']);
    expect(result.stderr).toMatch(/events\.csv:2: the subject or record "S-1\\u200B" holds U\+200B/);
    expect(auditLog(w).filter((e) => e.action === 'event')).toEqual([]);
  });

  it('records nothing from a file with bad rows, and names each one by its line', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const bad = feed(
      w,
      'record,event,date\nF-1,ended,2024-01-15\nF-9,ended,2024-01-15\nF-2,endd,2024-01-15\nF-2,ended,2023-02-30\n,ended,2024-01-01\n',
    );
    const result = await w.run(['event', 'import', bad]);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['events.unknown-name', 'events.bad-date', 'events.empty-value']);
    expect(result.stderr).toMatch(/^events\.csv:4: unknown event "endd"/m);
    expect(result.stderr).toMatch(/^events\.csv:5: date "2023-02-30" is not a date/m);
    // Names and dates first; then that each record is in the store.
    const unknown = await w.run(['event', 'import', feed(w, 'record,event,date\nF-1,ended,2024-01-15\nF-9,ended,2024-01-15\n')]);
    expect(errorCodes(unknown.stderr)).toEqual(['events.unknown-record']);
    expect(unknown.stderr).toMatch(/^events\.csv:3: no record "F-9"/m);
    expect(auditLog(w).filter((e) => e.action === 'event')).toEqual([]);
  });

  it('reads standard input for -, as inventory import does, and names it "stdin"', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const result = await w.run(['event', 'import', '-'], { input: `subject,event,date\nS-1,ended,${ENDED_LONG_AGO}\n` });
    expect(result.stderr).toBe('stdin: 1 row: 1 new, 0 already recorded\n');
    expect(result.code).toBe(0);
    expect((await planFromStore(w)).get('F-1')?.status).toBe('due');
    const bad = await w.run(['event', 'import', '-'], { input: 'subject,event,date\nS-2,ended,2023-02-30\n' });
    expectRefused(bad, 'events.bad-date', /^stdin:2: date "2023-02-30" is not a date/m);
  });

  it('refuses a file whose header is not subject|record,event,date', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    expectRefused(await w.run(['event', 'import', feed(w, 'client,event,date\nS-1,ended,2024-01-15\n')]), 'events.csv-header');
    expectRefused(await w.run(['event', 'import', 'missing.csv']), 'file.unreadable');
  });
});
