/**
 * Where output cannot go (finding C3): a full disk behind stdout, a folder that a pseudo file
 * system (/proc) will not let anyone make. Each is named, with no stack trace and never exit 70,
 * and nothing spins. Spawned: the process's own stdout and its exit are the point.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectNoStack, tempDir } from './run-cli.js';
import { run } from './run-in-process.js';

let world: string;

beforeAll(async () => {
  world = path.join(tempDir(), 'w');
  expect((await run(['init', world])).code).toBe(0);
  expect((await run(['inventory', 'import', 'inventory.csv'], { cwd: world })).code).toBe(0);
});

/** The built CLI with its stdout on /dev/full, where every write fails with ENOSPC. */
function toFullDisk(args: string[]) {
  const full = openSync('/dev/full', 'w');
  try {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd: world,
      stdio: ['ignore', full, 'pipe'],
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { code: result.status, stderr: result.stderr };
  } finally {
    closeSync(full);
  }
}

describe('stdout on a full disk', () => {
  it.each([[['audit', 'export']], [['plan', '--format', 'json']], [['plan']]])(
    '%j: says the output is incomplete, exit 1, no stack',
    (args) => {
      const { code, stderr } = toFullDisk(args);
      expect(stderr).toMatch(/^retention: cannot write the output: no space left on device \(ENOSPC\); what was written is incomplete/);
      expect(expectNoStack(stderr)).toBe(true);
      expect(code).toBe(1);
    },
  );
});

/**
 * The built CLI under a file size limit of `kib` KiB (bash's `ulimit -f`), stdout on `out`: the
 * kernel writes what fits and answers only the NEXT write with EFBIG, as a disk that fills up
 * answers with ENOSPC — the case where the last write of an output comes back short.
 */
function underSizeLimit(kib: number, args: string[], out: string) {
  const script = `ulimit -f ${kib} && exec "$0" "$@" > "${out}"`;
  const result = spawnSync('bash', ['-c', script, process.execPath, BIN, ...args], { cwd: world, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stderr: result.stderr };
}

describe('an output whose last write comes back short (file size limit, full disk)', () => {
  it('plan > file: exit 1 and "incomplete", not a shorter report and exit 0', () => {
    const out = path.join(tempDir(), 'plan.json');
    const { code, stderr } = underSizeLimit(4, ['plan', '--format', 'json'], out);
    expect(statSync(out).size).toBe(4096); // the plan is about 7 KB: it was cut
    expect(stderr).toMatch(
      /^retention: cannot write the output: the file is larger than this process may write \(a file size limit\) \(EFBIG\); what was written is incomplete/,
    );
    expect(expectNoStack(stderr)).toBe(true);
    expect(code).toBe(1);
  });

  it('inventory scan --out: refused (no inventory put in place), not a shorter inventory and exit 0', () => {
    for (let i = 0; i < 40; i++) {
      mkdirSync(path.join(world, 'records', `client-9${i}`), { recursive: true });
      writeFileSync(path.join(world, 'records', `client-9${i}`, 'care-plan.txt'), 'x');
    }
    const out = path.join(tempDir(), 'scanned.csv');
    const { code, stderr } = underSizeLimit(
      1,
      ['inventory', 'scan', 'records', '--map', '{subject}/{category}.txt', '--out', out],
      '/dev/null',
    );
    expect(stderr).toMatch(/scanned\.csv: cannot write it: the file is larger than this process may write/);
    expect(expectNoStack(stderr)).toBe(true);
    expect(code).not.toBe(0);
    expect(existsSync(out)).toBe(false);
    // The same scan with room writes every record: the limit, not the tree, cut it.
    expect(
      underSizeLimit(1024, ['inventory', 'scan', 'records', '--map', '{subject}/{category}.txt', '--out', out], '/dev/null').code,
    ).toBe(0);
    expect(
      readFileSync(out, 'utf8')
        .split('\n')
        .filter((line) => line.includes('records:client-9')),
    ).toHaveLength(40);
  });
});

describe('init where no folder can be made', () => {
  it('/proc/x: refused at once (exit 2), naming the folder, instead of spinning for ever', () => {
    const result = spawnSync(process.execPath, [BIN, 'init', '/proc/x'], { encoding: 'utf8', timeout: 10_000 });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^\/proc\/x: cannot make this folder: the file system does not allow it here/);
    expect(expectNoStack(result.stderr)).toBe(true);
    expect(existsSync('/proc/x')).toBe(false);
  });

  it('a read-only file system: "the file system is read-only" (exit 2), not ENOENT', async (context) => {
    const mountPoint = tempDir();
    // Needs root and the right to mount (a container may refuse it): the test is skipped then.
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro', 'tmpfs', mountPoint]).status !== 0) return context.skip();
    try {
      for (const [dir, what] of [
        [path.join(mountPoint, 'x'), /x: cannot make this folder: the file system is read-only/],
        [mountPoint, /retention\.config\.yaml: cannot write it: the file system is read-only/],
      ] as const) {
        const result = await run(['init', dir]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(what);
        expect(result.stderr).not.toContain('ENOENT');
      }
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});
