/**
 * Pipes and special files (issue 8.12): an inventory may come from stdin (`-`), /dev/stdin or
 * a FIFO, and is read from it once; a policy, config, plan or head file must be a regular file
 * of a sensible size, so that a FIFO, /dev/zero or a folder gives a clear error naming it
 * (exit 2) instead of a hang or gigabytes of memory. The built binary reads the real standard
 * input of its process; the other cases run in this process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, expectNoStack, REPO, tempDir, type CliResult } from './run-cli.js';
import { run } from './run-in-process.js';

const POLICY = path.join(REPO, 'policies/leading-lives.yaml');
const INVENTORY = path.join(REPO, 'fixtures/leading-lives/inventory.csv');
const AS_OF = ['--as-of', '2026-06-30'];
const PLAN = ['plan', '--policy', POLICY, ...AS_OF, '--format', 'ndjson'];
/** Long enough for a slow shared machine, short enough that a hang fails the test rather than the suite. */
const HANG = 30_000;

function expectRefused(result: CliResult, names: string, says: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.startsWith(`${names}:`), result.stderr).toBe(true);
  expect(result.stderr).toMatch(says);
  expect(expectNoStack(result.stderr)).toBe(true);
}

function mkfifo(dir: string, name: string): string {
  const fifo = path.join(dir, name);
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

/** Runs the command while the test writes `text` into the FIFO it reads. */
async function runReadingFifo(args: string[], fifo: string, text: string, cwd: string): Promise<CliResult> {
  const result = run(args, { cwd });
  const writer = createWriteStream(fifo);
  writer.end(text);
  await once(writer, 'close');
  return result;
}

let fromFile: CliResult;
beforeAll(async () => {
  fromFile = await run([...PLAN, '--inventory', INVENTORY]);
  expect(fromFile.code).toBe(0);
  expect(fromFile.stdout.split('\n').length).toBeGreaterThan(10);
});

describe('an inventory read from a pipe, once', () => {
  it("plan --inventory - reads the binary's stdin and plans exactly what the file gives", () => {
    const tmp = tempDir();
    const result = cli([...PLAN, '--inventory', '-'], { input: readFileSync(INVENTORY, 'utf8'), env: { TMPDIR: tmp } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(fromFile.stdout);
    // The copy that lets a pipe be read twice is private and never left behind.
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('plan --inventory /dev/stdin in a shell pipeline', () => {
    const result = spawnSync(
      'sh',
      ['-c', `cat "$1" | "$2" "$3" ${PLAN.join(' ')} --inventory /dev/stdin`, 'sh', INVENTORY, process.execPath, BIN],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: HANG,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(fromFile.stdout);
  });

  it('plan --inventory FIFO', async () => {
    const dir = tempDir();
    const fifo = mkfifo(dir, 'inventory.csv');
    const result = await runReadingFifo([...PLAN, '--inventory', fifo], fifo, readFileSync(INVENTORY, 'utf8'), dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(fromFile.stdout);
  });

  it('explain --inventory - finds the record in what stdin gave', async () => {
    const id = (JSON.parse(fromFile.stdout.split('\n')[0]!) as { id: string }).id;
    const result = await run(['explain', id, '--policy', POLICY, ...AS_OF, '--inventory', '-', '--format', 'json'], {
      input: readFileSync(INVENTORY, 'utf8'),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ record: { id } });
  });

  it('inventory import - fills the store as the file would', async () => {
    const dir = tempDir();
    const imported = await run(['inventory', 'import', '-', '--db', 'store.db', '--policy', POLICY], {
      cwd: dir,
      input: readFileSync(INVENTORY, 'utf8'),
    });
    expect(imported.code, imported.stderr).toBe(0);
    const planned = await run([...PLAN, '--db', 'store.db'], { cwd: dir });
    expect(planned.stdout).toBe(fromFile.stdout);
  });

  it('a bad row at the end of a piped inventory leaves stdout empty and names stdin and the line', async () => {
    const text = `${readFileSync(INVENTORY, 'utf8').trimEnd()}\nZZ-1,S-1,care-plan,2023-02-30,,,,,,,,,,\n`;
    const line = text.trimEnd().split('\n').length;
    for (const format of ['ndjson', 'table']) {
      const result = await run(['plan', '--policy', POLICY, ...AS_OF, '--format', format, '--inventory', '-'], { input: text });
      expectRefused(result, `stdin:${line}`, /created "2023-02-30" is not a date/);
    }
  });

  it('a duplicate id in a piped CSV names both lines', async () => {
    const lines = readFileSync(INVENTORY, 'utf8').trimEnd().split('\n');
    const text = [...lines, lines[1]].join('\n');
    const result = await run(['inventory', 'import', '-', '--db', 'store.db', '--policy', POLICY], { cwd: tempDir(), input: text });
    expectRefused(result, `stdin:${lines.length + 1}`, /duplicate id .*first seen on line 2/);
  });

  it('an inventory that is a device or a folder is refused, named', async () => {
    expectRefused(await run([...PLAN, '--inventory', '/dev/zero']), '/dev/zero', /is a device, not an inventory file/);
    const dir = tempDir();
    expectRefused(await run([...PLAN, '--inventory', dir]), dir, /is a folder, not an inventory file/);
  });
});

describe('policy, config, plan and head files: regular files of a sensible size, read once', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    mkfifo(dir, 'not-a-file');
    mkdirSync(path.join(dir, 'folder'));
    const imported = await run(['inventory', 'import', INVENTORY, '--db', 'store.db', '--policy', POLICY], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    writeFileSync(path.join(dir, 'retention.config.yaml'), `policy: ${JSON.stringify(POLICY)}\nstore: store.db\n`);
  });

  const commands: { what: string; args: (file: string) => string[] }[] = [
    { what: 'policy file', args: (file) => ['validate', '--policy', file] },
    { what: 'config file', args: (file) => ['validate', '--config', file] },
    { what: 'plan', args: (file) => ['approve', file, '--by', 'Dee Pio'] },
    { what: 'head file', args: (file) => ['audit', 'verify', '--head-file', file] },
  ];
  const specials = [
    { name: 'a FIFO with no writer', file: () => 'not-a-file', says: /it is a pipe, not a regular file/ },
    { name: '/dev/zero', file: () => '/dev/zero', says: /it is a device, not a regular file/ },
    { name: 'a folder', file: () => 'folder', says: /it is a folder, not a regular file/ },
  ];
  for (const command of commands) {
    for (const special of specials) {
      it(
        `a ${command.what} that is ${special.name}: exit 2, named, no hang`,
        async () => {
          const file = special.file();
          const result = await run(command.args(file), { cwd: dir });
          expectRefused(result, file, new RegExp(`cannot read the ${command.what}: ${special.says.source}`));
        },
        HANG,
      );
    }
  }
});
