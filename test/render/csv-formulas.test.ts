/**
 * Every CSV the tool writes can be opened in a spreadsheet without running anything: a text
 * cell that begins with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe,
 * in the plan, the audit export and the destruction certificate alike. Ids such as `-17` are
 * user data and neutralised too; dates, plain ids and the tool's own numbers are untouched.
 */
import { parse } from 'csv-parse/sync';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Output } from '../../src/cli/output.js';
import { csvRenderer } from '../../src/cli/render/csv.js';
import { certificateCsv } from '../../src/cli/render/certificate/csv.js';
import { buildCertificate } from '../../src/audit/certificate.js';
import { sealEntry, GENESIS_PREV } from '../../src/audit-entry.js';
import { toCsvRows } from '../../src/audit/export.js';
import { emptySummary } from '../../src/planner/summary.js';
import { policy, rule } from '../engine/builders.js';
import { decision, WINDOW } from './decisions.js';
import { chunkText } from './chunk-text.js';

/** Hostile cell text → what a spreadsheet must be given instead. */
const HOSTILE: readonly [string, string][] = [
  ['=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'],
  ['+1+2', "'+1+2"],
  ['-17', "'-17"],
  ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
  ['\tcmd', "'\tcmd"],
  ['\rcmd', "'\rcmd"],
];
const HARMLESS = ['R-1', '2024-01-15', 'care-records: kept until 2025-03-15', 'a=b', ''];

async function planCsv(ids: readonly string[]): Promise<string[][]> {
  let text = '';
  const out: Output = {
    write: async (t) => void (text += chunkText(t)),
    error: () => undefined,
    colour: new Chalk({ level: 0 }),
    stdoutIsTerminal: false,
  };
  const renderer = csvRenderer(out);
  await renderer.begin({
    asOf: WINDOW.asOf,
    window: WINDOW,
    horizon: 'P3M',
    policy: { file: 'p.yaml', sha256: 'ab'.repeat(32) },
    compiled: policy([rule('care-records')]),
    manualTargets: null,
  });
  await renderer.batch(ids.map((id) => decision({ id, subject: id, category: id })));
  await renderer.end(emptySummary());
  return parse(text);
}

describe('CSV output neutralises formulas', () => {
  it('plan --format csv: ids, subjects and categories', async () => {
    const [header, ...rows] = await planCsv([...HOSTILE.map(([given]) => given), ...HARMLESS.slice(0, 1)]);
    expect(header?.[0]).toBe('id');
    for (const [i, [, shown]] of HOSTILE.entries()) expect(rows[i]?.slice(0, 3)).toEqual([shown, shown, shown]);
    expect(rows.at(-1)?.slice(0, 3)).toEqual(['R-1', 'R-1', 'R-1']);
    expect(rows[0]?.[9]).toBe('2025-03-16');
  });

  it('audit export --format csv: actor and record, while seq stays a number', () => {
    const entries = [...HOSTILE, ...HARMLESS.map((h): [string, string] => [h, h])].map(([given], i) =>
      sealEntry({ actor: given, action: 'event', record: given }, i + 1, '2026-01-01T00:00:00.000Z', GENESIS_PREV),
    );
    const rows = parse(toCsvRows(entries));
    for (const [i, [, shown]] of HOSTILE.entries())
      expect(rows[i]?.slice(0, 6)).toEqual([String(i + 1), '2026-01-01T00:00:00.000Z', shown, 'event', '', shown]);
    for (const [i, text] of HARMLESS.entries()) expect(rows[HOSTILE.length + i]?.[2]).toBe(text);
  });

  it('the destruction certificate: record, category and the person who destroyed it', () => {
    const entries = HOSTILE.map(([given], i) =>
      sealEntry(
        { actor: given, action: 'confirm', record: given, category: given, detail: { method: 'shredder' } },
        i + 2,
        '2026-01-01T00:00:00.000Z',
        GENESIS_PREV,
      ),
    );
    const start = sealEntry({ actor: 'cron', action: 'run-start', run: 'run-1' }, 1, '2026-01-01T00:00:00.000Z', GENESIS_PREV);
    const certificate = buildCertificate('run-1', [start, ...entries], [], { seq: 9, hash: 'c'.repeat(64) }, true);
    const rows = parse<Record<string, string>>(certificateCsv(certificate), { columns: true });
    for (const [i, [, shown]] of HOSTILE.entries()) {
      expect(rows[i]).toMatchObject({ record: shown, category: shown, destroyed_by: shown, audit_seq: String(i + 2), chain_head_seq: '9' });
    }
  });
});
