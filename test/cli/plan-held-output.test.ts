/**
 * `plan --inventory` reads the inventory once, deciding and printing as it goes, and holds
 * what it prints until the last row is read: a bad row thousands of records in (after many
 * batches were decided) still leaves stdout empty, and a good file prints every record.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from './run-cli.js';
import { run } from './run-in-process.js';

const POLICY = path.join(REPO, 'policies/leading-lives.yaml');
const HEADER = 'id,subject,category,created,location,service_ended';
const GOOD_ROWS = Array.from({ length: 5_000 }, (_, i) => `A${i},S${i % 50},care-plan,2015-01-01,x:${i},2016-01-01`);

function folderWith(rows: string[]): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'inv.csv'), `${[HEADER, ...rows].join('\n')}\n`);
  return dir;
}

const plan = (cwd: string, format: string) =>
  run(['plan', '--policy', POLICY, '--inventory', 'inv.csv', '--as-of', '2026-06-30', '--format', format], { cwd });

describe('plan --inventory prints nothing until the whole inventory is read', () => {
  it.each(['ndjson', 'csv', 'json'])('a bad row after 5,000 good ones leaves stdout empty (%s)', async (format) => {
    const result = await plan(folderWith([...GOOD_ROWS, 'B1,S1,care-plan,2015-01-01,x:b,2023-02-30']), format);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^inv\.csv:5002: /);
  });

  it('a good inventory prints every record', async () => {
    const result = await plan(folderWith(GOOD_ROWS), 'ndjson');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(GOOD_ROWS.length);
  });
});
