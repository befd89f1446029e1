/**
 * `plan --compare` and `validate --compare` from the command line (issue 12): the comparison
 * in the table, the JSON (a `comparison` member after the contract's) and the HTML report; the
 * line-per-decision formats refuse it; validate words the rule-level change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../fixtures.js';
import { expectOk, expectRefused } from './world.js';
import { run } from './run-in-process.js';
import { tempDir } from './run-cli.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const INVENTORY = path.join(REPO, 'fixtures', 'leading-lives', 'inventory.csv');

function sevenYearPolicy(dir: string): string {
  const text = readFileSync(path.join(REPO, 'policies', 'leading-lives.yaml'), 'utf8');
  const file = path.join(dir, 'll7.yaml');
  // The first P6Y of the pack is care-records'.
  writeFileSync(file, text.replace('retain: { from: service_ended, for: P6Y }', 'retain: { from: service_ended, for: P7Y }'));
  return file;
}

describe('plan --compare OLD-POLICY', () => {
  it('shows the records decided differently in the table, JSON and HTML; refuses csv and ndjson', async () => {
    const dir = tempDir('retention-compare-cli-');
    const newer = sevenYearPolicy(dir);
    const older = path.join(REPO, 'policies', 'leading-lives.yaml');
    const args = ['plan', '--policy', newer, '--inventory', INVENTORY, '--as-of', '2026-06-30', '--compare', older];

    const table = expectOk(await run(args, { cwd: dir })).stdout;
    // The heading wraps at the table's width (100 columns off a terminal).
    expect(table.replace(/\s+/g, ' ')).toMatch(
      /Policy impact: compared with \S*leading-lives\.yaml \(SHA-256 [0-9a-f]{12}…\), 4 records of 19 decided differently/,
    );
    expect(table).toContain('care-records: 4 records kept 1 year longer; 1 no longer due');

    const json = JSON.parse(expectOk(await run([...args, '--format', 'json'], { cwd: dir })).stdout) as Record<string, unknown> & {
      comparison: { changed: number; byRule: Record<string, Record<string, number>>; changedRecords: { id: string }[] };
    };
    expect(Object.keys(json)).toEqual(['asOf', 'policy', 'summary', 'decisions', 'comparison']);
    expect(json.comparison.changed).toBe(4);
    expect(json.comparison.byRule).toEqual({ 'care-records': { 'kept 1 year longer': 4, 'no longer due': 1 } });
    expect(json.comparison.changedRecords.map((r) => r.id)).toEqual(['LL-01', 'LL-02', 'LL-04', 'LL-19']);

    const report = expectOk(await run([...args, '--format', 'html'], { cwd: dir })).stdout;
    expect(report).toMatch(
      /<h2 id="policy-impact">Policy impact<\/h2>[\s\S]*care-records: 4 records kept 1 year longer; 1 no longer due[\s\S]*<code>LL-19<\/code>/,
    );

    expectRefused(await run([...args, '--format', 'ndjson'], { cwd: dir }), 'usage.conflicting-flags', /--compare/);
    const plain = JSON.parse(expectOk(await run(args.slice(0, -2).concat('--format', 'json'), { cwd: dir })).stdout) as object;
    expect(Object.keys(plain)).toEqual(['asOf', 'policy', 'summary', 'decisions']);
  });
});

describe('plan --compare: an approval change alone', () => {
  it('counts the records that apply would now delete without approval, in the table and JSON', async () => {
    const dir = tempDir('retention-compare-cli-');
    const older = path.join(REPO, 'policies', 'leading-lives.yaml');
    const newer = path.join(dir, 'll-automatic.yaml');
    const text = readFileSync(older, 'utf8');
    writeFileSync(
      newer,
      text.replace(
        'retain: { from: service_ended, for: P6Y }\n    approval: required',
        'retain: { from: service_ended, for: P6Y }\n    approval: automatic',
      ),
    );
    const args = ['plan', '--policy', newer, '--inventory', INVENTORY, '--as-of', '2026-06-30', '--compare', older];
    const json = JSON.parse(expectOk(await run([...args, '--format', 'json'], { cwd: dir })).stdout) as {
      comparison: { changed: number; byRule: Record<string, Record<string, number>>; changedRecords: { after: { approval: string } }[] };
    };
    expect(json.comparison.changed).toBeGreaterThan(0);
    expect(Object.keys(json.comparison.byRule)).toEqual(['care-records']);
    expect(json.comparison.byRule['care-records']).toEqual({ 'now deleted without approval': json.comparison.changed });
    expect(json.comparison.changedRecords[0]?.after.approval).toBe('automatic');
    const table = expectOk(await run(args, { cwd: dir })).stdout;
    expect(table).toMatch(/care-records: \d+ records? now deleted without approval/);
  });
});

describe('validate --compare OLD-POLICY', () => {
  it('prints the rule-level differences in English', async () => {
    const dir = tempDir('retention-compare-cli-');
    const result = expectOk(
      await run(['validate', '--policy', sevenYearPolicy(dir), '--compare', path.join(REPO, 'policies', 'leading-lives.yaml')], {
        cwd: dir,
      }),
    );
    expect(result.stdout).toMatch(
      /Changed since .*leading-lives\.yaml:\n {2}care-records: keeps records until 7 years after service_ended \(was until 6 years after service_ended\)\n$/,
    );
    const same = expectOk(
      await run(
        ['validate', '--policy', fixturePath('cli', 'world', 'policy.yaml'), '--compare', fixturePath('cli', 'world', 'policy.yaml')],
        { cwd: dir },
      ),
    );
    expect(same.stdout).toMatch(/No rule changed since /);
  });
});
