/**
 * The HTML report's "Since the last report" (issue 12): against the plan saved last, the records
 * newly due, newly held, deleted, forgotten, and the erasure requests opened since.
 */
import { describe, expect, it } from 'vitest';
import { AS_OF, createWorld, ENDED_LONG_AGO, ENDED_RECENTLY, expectOk, setUp, writeInventory, type Row } from './world.js';

const ROWS: Row[] = [
  { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
  { id: 'F-2', category: 'care-plan', location: 'casefiles:a/two.txt', ended: ENDED_LONG_AGO },
  { id: 'F-3', category: 'casenote', location: 'casefiles:a/three.txt', ended: ENDED_RECENTLY },
];

/** The section's row for `label`: its count and the ids it lists. */
function row(report: string, label: string): string {
  const match = new RegExp(`<tr><th scope="row">${label}</th>(.*?)</tr>`).exec(report);
  return (match?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('Since the last report', () => {
  it('is absent before any plan was saved, then lists what changed since the last saved plan', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const first = expectOk(await w.run(['plan', '--format', 'html', '--as-of', AS_OF])).stdout;
    expect(first).not.toContain('Since the last report');

    expect((await w.run(['plan', '--out', 'p1.json', '--as-of', AS_OF])).code).toBe(0);
    expectOk(await w.run(['hold', 'add', '--record', 'F-2', '--reason', 'claim', '--by', 'Dee Pio']));
    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    const later: Row[] = [...ROWS, { id: 'F-4', category: 'casenote', location: 'casefiles:a/four.txt', ended: ENDED_LONG_AGO }];
    expect((await w.run(['inventory', 'import', writeInventory(w, later, 'later.csv'), '--quiet'])).code).toBe(0);
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-F-3', '--date', '2026-06-01', '--by', 'Dee Pio']));
    // Then F-3 is no longer listed, and a person closes it: deleted elsewhere.
    expect(
      (
        await w.run([
          'inventory',
          'import',
          writeInventory(
            w,
            later.filter((r) => r.id !== 'F-3'),
            'latest.csv',
          ),
          '--quiet',
        ])
      ).code,
    ).toBe(0);
    expectOk(await w.run(['inventory', 'forget', 'F-3', '--by', 'Dee Pio', '--reason', 'shredded by the old provider']));

    const report = expectOk(await w.run(['plan', '--format', 'html', '--as-of', AS_OF])).stdout;
    expect(report).toContain('<h2 id="since-last-report-title">Since the last report</h2>');
    expect(row(report, 'Newly due')).toBe('1 F-4');
    expect(row(report, 'Newly held')).toBe('1 F-2');
    expect(row(report, 'Deleted or destroyed')).toBe('1 F-1');
    expect(row(report, 'Forgotten \\(closed without a deletion by retention\\)')).toBe('1 F-3');
    expect(row(report, 'Erasure requests opened')).toBe('1 S-F-3');
    expect(row(report, 'Erasure requests completed')).toBe('0 —');
  });
});
