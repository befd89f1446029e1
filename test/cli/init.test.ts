/**
 * `retention init` as a first-time user meets it: in an empty folder, the steps it prints
 * work one after the other, and it never writes over anything that is already there.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { expectNoStack, REPO, tempDir } from './run-cli.js';
import { run as runInProcess } from './run-in-process.js';
import { errorCodes } from './error-codes.js';

interface Decision {
  id: string;
  status: string;
  approval: string;
}

/** Every file under `dir` (relative path → content), to prove nothing changed. */
function snapshot(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  return new Map(
    files.map((d) => [path.relative(dir, path.join(d.parentPath, d.name)), readFileSync(path.join(d.parentPath, d.name), 'latin1')]),
  );
}

/** `records:REF` locations of the example inventory, by record id. */
function fileLocations(dir: string): Map<string, string> {
  const rows = parseCsv<{ id: string; location: string }>(readFileSync(path.join(dir, 'inventory.csv')), { columns: true });
  return new Map(
    rows
      .filter((row) => row.location.startsWith('records:'))
      .map((row) => [row.id, path.join(dir, 'records', row.location.slice('records:'.length))]),
  );
}

describe('retention init', () => {
  it('writes a starting point on which import, plan, apply --yes and audit verify work at once', async () => {
    const dir = tempDir();
    const run = (args: string[]) => runInProcess(args, { cwd: dir });

    const init = await run(['init']);
    expect(init.code, init.stderr).toBe(0);
    for (const step of ['retention inventory import inventory.csv', 'retention plan', 'retention apply --yes', 'retention audit verify']) {
      expect(init.stdout).toContain(step);
    }
    expect(readFileSync(path.join(dir, 'policy.yaml'), 'utf8')).toBe(readFileSync(path.join(REPO, 'policies/leading-lives.yaml'), 'utf8'));
    const config = readFileSync(path.join(dir, 'retention.config.yaml'), 'utf8');
    expect(config.split('\n').filter((line) => line.trim() !== '' && !line.includes('#'))).toEqual([]);
    const files = fileLocations(dir);
    expect(files.size).toBeGreaterThanOrEqual(8);
    for (const file of files.values()) expect(existsSync(file)).toBe(true);

    expect((await run(['inventory', 'import', 'inventory.csv'])).code).toBe(0);

    const table = await run(['plan']);
    expect(table.code, table.stderr).toBe(0);
    const plan = JSON.parse((await run(['plan', '--format', 'json'])).stdout) as { decisions: Decision[] };
    const statuses = new Set(plan.decisions.map((d) => d.status));
    for (const status of ['due', 'pending', 'review', 'retained', 'unmatched']) expect(statuses).toContain(status);
    const due = plan.decisions.filter((d) => d.status === 'due');
    const automatic = due.filter((d) => d.approval === 'automatic').map((d) => d.id);
    expect(automatic.length).toBeGreaterThan(0);
    expect(due.some((d) => d.approval === 'required')).toBe(true);
    for (const d of due) expect(table.stdout).toContain(d.id);

    const apply = await run(['apply', '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    for (const [id, file] of files) expect([id, existsSync(file)]).toEqual([id, !automatic.includes(id)]);

    const verify = await run(['audit', 'verify']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^audit log consistent: \d+ entries/);

    const before = snapshot(dir);
    const again = await run(['init']);
    expect(again.code).toBe(2);
    expect(errorCodes(again.stderr)).toEqual(['init.would-overwrite']);
    expect(again.stderr).toContain('retention.config.yaml already exists');
    expect(expectNoStack(again.stderr)).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes into a new folder it names, and says to cd there', async () => {
    const parent = tempDir();
    const result = await runInProcess(['init', 'start here'], { cwd: parent });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("cd 'start here'");
    expect(existsSync(path.join(parent, 'start here', 'retention.config.yaml'))).toBe(true);
  });

  it('writes nothing at all when a single file it would write exists', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'records', 'client-101'), { recursive: true });
    writeFileSync(path.join(dir, 'records', 'client-101', 'care-plan.txt'), 'a real record');
    const before = snapshot(dir);
    const result = await runInProcess(['init', dir]);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['init.would-overwrite']);
    expect(result.stderr).toContain(path.join('client-101', 'care-plan.txt'));
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a folder that already has a store, which the example config would adopt', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'retention.db'), '');
    const result = await runInProcess(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['init.would-overwrite']);
    expect(readdirSync(dir)).toEqual(['retention.db']);
  });
});
