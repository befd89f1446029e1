/**
 * `plan --format table`: fits the width it is given (the terminal's), lists each status in its
 * own table, and past LIMIT records of a status lists the first ones by id and points to csv.
 */
import { stripVTControlCharacters } from 'node:util';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/engine/types.js';
import type { Output } from '../../src/cli/output.js';
import { DEFAULT_WIDTH, LIMIT, tableRenderer } from '../../src/cli/render/table.js';
import { ErasureRequests } from '../../src/planner/erasure-requests.js';
import { addToSummary, emptySummary } from '../../src/planner/summary.js';
import { isUpcoming } from '../../src/planner/planner.js';
import { policy, rule } from '../engine/builders.js';
import { decision, retained, WINDOW } from './decisions.js';
import { chunkText } from './chunk-text.js';

async function table(decisions: readonly Decision[], width: number | undefined, colourLevel: 0 | 1 = 0): Promise<string> {
  let text = '';
  const out: Output = {
    write: async (t) => void (text += chunkText(t)),
    error: () => undefined,
    colour: new Chalk({ level: colourLevel }),
    stdoutIsTerminal: false,
    width,
  };
  const summary = emptySummary();
  const requests = new ErasureRequests();
  for (const d of decisions) {
    addToSummary(summary, d, isUpcoming(d, WINDOW));
    requests.observe(d);
  }
  summary.erasureRequests = requests.list();
  const renderer = tableRenderer(out);
  await renderer.begin({
    asOf: WINDOW.asOf,
    window: WINDOW,
    horizon: 'P3M',
    policy: { file: 'policies/a-rather-long-policy-file-name.yaml', sha256: 'ab'.repeat(32) },
    compiled: policy([rule('care-records')]),
    manualTargets: null,
  });
  await renderer.batch(decisions);
  await renderer.end(summary);
  return text;
}

const LONG_REASON =
  'care-records: service_ended 2019-11-20 → end-of-financial-year 2020-03-31 + P6Y → kept until 2026-03-31; due since 2026-04-01; longest of 3 matching rules (care-records, incident-log, safeguarding)';

/** Every kind of list the table prints, with long ids, categories and reasons. */
const EVERYTHING: Decision[] = [
  decision({ id: 'CLIENT-000017-CASE-FILE-2019', category: 'safeguarding-referral-notes', reason: LONG_REASON }),
  decision({
    id: 'AUTO-1',
    approval: 'automatic',
    erasure: { requested: '2026-01-02', deadline: '2026-02-02', erasable: true, exemption: null },
  }),
  decision({
    id: 'KEPT-1',
    status: 'retained',
    eligibleFrom: '2031-01-01',
    erasure: { requested: '2026-01-02', deadline: '2026-02-02', erasable: false, exemption: 'legal obligation — art. 17(3)(b)' },
  }),
  decision({
    id: 'CON-1',
    status: 'review',
    review: { kind: 'periodic', since: '2025-03-11', note: 'consent review owed since 2025-03-11' },
  }),
  decision({ id: 'HLD-1', status: 'held', reason: 'held by H-7 on subject S-1: litigation, claim reference 2026/41 (until released)' }),
  decision({
    id: 'UNM-1',
    status: 'unmatched',
    rule: null,
    category: 'newsletter-mailing-list-export',
    reason: 'no rule matches category "newsletter-mailing-list-export"; kept and reported',
  }),
  decision({
    id: 'PEN-1',
    status: 'pending',
    eligibleFrom: null,
    reason: 'care-records: waiting for service_ended; kept until it happens',
  }),
  decision({ id: 'IND-1', status: 'indefinite', eligibleFrom: null, reason: 'comments: kept indefinitely' }),
  retained('UP-1', '2026-08-01'),
  retained('LATER-1', '2031-08-01'),
];

/** Display columns of a line: one per code point (box drawing, arrows and ellipses are narrow). */
const columnsOf = (line: string) => [...line].length;

describe('plan --format table', () => {
  for (const width of [60, 80, 120]) {
    it(`never prints a line wider than ${width} columns`, async () => {
      const text = await table(EVERYTHING, width);
      const lines = text.split('\n');
      expect(lines.filter((l) => columnsOf(l) > width)).toEqual([]);
      // An id may wrap inside its cell, but every character of it is printed: the first column, read down, holds it whole.
      const firstColumn = lines.map((l) => /^│([^│]*)│/.exec(l)?.[1]?.trim() ?? '').join('');
      for (const id of ['CLIENT-000017-CASE-FILE-2019', 'CON-1', 'HLD-1', 'UNM-1', 'PEN-1', 'IND-1', 'UP-1', 'LATER-1'])
        expect(firstColumn, id).toContain(id);
    });
  }

  it('shows a cell of a hostile length cut, with how much was left out (cli-table3 wraps in time quadratic in a cell)', async () => {
    const id = `A-${'x'.repeat(80_000)}`;
    const text = await table([decision({ id })], 80);
    const firstColumn = text
      .split('\n')
      .map((l) => /^│([^│]*)│/.exec(l)?.[1]?.trim() ?? '')
      .join('');
    expect(firstColumn).toContain(`A-${'x'.repeat(400)}`);
    expect(firstColumn.replace(/\s/g, '')).toContain(`…(${id.length - 499}morecharacters)`);
    expect(text.length).toBeLessThan(20_000);
  });

  it('fits the width with colour on too', async () => {
    const text = await table(EVERYTHING, 70, 1);
    expect(text).not.toBe(stripVTControlCharacters(text));
    expect(text.split('\n').filter((l) => columnsOf(stripVTControlCharacters(l)) > 70)).toEqual([]);
  });

  it(`is ${DEFAULT_WIDTH} columns wide when the width is unknown (not a terminal)`, async () => {
    const widest = Math.max(...(await table(EVERYTHING, undefined)).split('\n').map(columnsOf));
    expect(widest).toBeLessThanOrEqual(DEFAULT_WIDTH);
    expect(widest).toBeGreaterThan(80);
  });

  it('lists each status under its own heading, upcoming apart from the rest of retained', async () => {
    const text = await table(EVERYTHING, 120);
    const headings = text.split('\n').filter((l) => /^[a-z]+: \d+ records?$/.test(l));
    expect(headings).toEqual([
      'due: 2 records',
      'review: 1 record',
      'held: 1 record',
      'unmatched: 1 record',
      'upcoming: 1 record',
      'pending: 1 record',
      'indefinite: 1 record',
      'retained: 2 records',
    ]);
    expect(text).toMatch(/^10 records: 2 due \(1 awaiting approval\), 1 upcoming/m);
  });

  it(`past ${LIMIT} records of one status, lists the first ${LIMIT} by id and points to csv for all of them`, async () => {
    const many = Array.from({ length: LIMIT + 250 }, (_, i) => decision({ id: `R-${i + 1}` }));
    const text = await table([...many.reverse(), decision({ id: 'HLD-1', status: 'held' })], 120);
    const listed = [...text.matchAll(/^│ (R-\d+)\s/gm)].map((m) => m[1]);
    expect(listed).toHaveLength(LIMIT);
    // By id as people count: R-2 before … R-200 are the first.
    expect(listed.slice(0, 3)).toEqual(['R-1', 'R-2', 'R-3']);
    expect(listed.at(-1)).toBe(`R-${LIMIT}`);
    expect(text).toContain(`due: ${LIMIT + 250} records`);
    expect(text).toContain(
      `… and 250 more (the first ${LIMIT} by id are listed); to see every one: retention plan --status due --format csv`,
    );
    expect(text).toMatch(/^│ HLD-1\s/m);
    expect(text.match(/… and \d+ more/g)).toHaveLength(1);
  });
});
