/**
 * A read-only store and a full disk. Commands that only read work on a read-only copy, in a
 * read-only folder too; commands that write say the store is read-only. A full disk is named,
 * exit 2, and leaves the store as its last commit left it.
 *
 * Root ignores file modes, and these tests usually run as root: there the built CLI is run as
 * `nobody`, whom the modes bind, so what is tested is what an auditor without write access
 * meets (a process of its own is the point). Full disks are small tmpfs mounts, which need root;
 * without it those tests are skipped; their commands run in this process.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, expectNoStack, modeBoundUser, tempDir, type CliResult } from './run-cli.js';
import { run } from './run-in-process.js';
import { errorCodes } from './error-codes.js';

const isRoot = process.getuid?.() === 0;
/** Whom file modes bind (modeBoundUser); null: the tests that need one are skipped. */
const bound = modeBoundUser();
const reader = bound ?? undefined;

let world: string;
let store: string;
let runId: string;

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  world = tempDir();
  store = path.join(world, 'retention.db');
  for (const args of [['init'], ['inventory', 'import', 'inventory.csv'], ['apply', '--yes']])
    expect((await run(args, { cwd: world })).code).toBe(0);
  const runs = JSON.parse((await run(['audit', 'list', '--action', 'run-start', '--format', 'json'], { cwd: world })).stdout) as {
    run: string;
  }[];
  runId = runs[0]!.run;
});

describe.skipIf(bound === null)('a read-only store', () => {
  /** A copy of the store and its policy in a new folder that `reader` may enter; the store made read-only. */
  function readOnlyCopy(folderWritable: boolean): { folder: string; file: string; policy: string } {
    const folder = tempDir();
    const file = path.join(folder, 'retention.db');
    const policy = path.join(folder, 'policy.yaml');
    copyFileSync(store, file);
    copyFileSync(path.join(world, 'policy.yaml'), policy);
    chmodSync(file, 0o444);
    chmodSync(policy, 0o444);
    if (folderWritable && reader) chownSync(folder, reader.uid, reader.gid);
    chmodSync(folder, folderWritable ? 0o755 : 0o555);
    return { folder, file, policy };
  }

  const as = (args: string[], folder: string): CliResult => cli(args, { cwd: folder, user: reader });

  it.each([
    ['a read-only folder', false],
    ['a folder the reader may write', true],
  ])('in %s: every reading command works, and nothing is written', (_where, folderWritable) => {
    const { folder, file, policy } = readOnlyCopy(folderWritable);
    const before = sha256(file);
    const reading = [
      ['plan', '--db', file, '--policy', policy, '--format', 'json'],
      ['explain', 'EX-04', '--db', file, '--policy', policy],
      ['audit', 'list', '--db', file],
      ['audit', 'export', '--db', file],
      ['audit', 'verify', '--db', file],
      ['audit', 'head', '--db', file],
      ['audit', 'certificate', '--run', runId, '--db', file],
      ['hold', 'list', '--db', file],
    ];
    for (const args of reading) {
      const result = as(args, folder);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toBe('');
    }
    expect(as(['audit', 'verify', '--db', file], folder).stdout).toMatch(/^audit log consistent/);
    expect(readdirSync(folder).sort()).toEqual(['policy.yaml', 'retention.db']);
    expect(sha256(file)).toBe(before);
  });

  it.each([
    ['a read-only folder', false],
    ['a folder the reader may write', true],
  ])('in %s: every writing command says the store is read-only (exit 2), and changes nothing', (_where, folderWritable) => {
    const { folder, file, policy } = readOnlyCopy(folderWritable);
    const before = sha256(file);
    // The inventory is opened before the store: the reader must be able to read it.
    const inventory = path.join(tempDir(), 'inventory.csv');
    copyFileSync(path.join(world, 'inventory.csv'), inventory);
    chmodSync(inventory, 0o444);
    chmodSync(path.dirname(inventory), 0o755);
    const writing = [
      ['hold', 'add', '--record', 'EX-04', '--reason', 'claim expected', '--by', 'Dee Pio', '--db', file],
      ['event', 'add', 'service_ended', '--record', 'EX-04', '--date', '2020-01-01', '--by', 'Dee Pio', '--db', file],
      ['inventory', 'import', inventory, '--db', file, '--policy', policy],
      ['plan', '--db', file, '--policy', policy, '--out', path.join(tempDir(), 'plan.json')],
    ];
    for (const args of writing) {
      const result = as(args, folder);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(errorCodes(result.stderr)).toEqual(['store.read-only']);
      expect(expectNoStack(result.stderr)).toBe(true);
    }
    expect(readdirSync(folder).sort()).toEqual(['policy.yaml', 'retention.db']);
    expect(sha256(file)).toBe(before);
  });
});

describe.skipIf(bound === null)('a store that cannot be read where it is', () => {
  it('in WAL mode in a read-only folder, or needing an upgrade it cannot get: exit 2, saying what to do', async () => {
    const folder = tempDir();
    const file = path.join(folder, 'retention.db');
    copyFileSync(store, file);
    // As a store is left by an interrupted run, or by the previous version of retention.
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.close();
    chmodSync(file, 0o444);
    chmodSync(folder, 0o555);
    const wal = cli(['audit', 'verify', '--db', file], { cwd: folder, user: reader });
    expect(wal.code, wal.stderr).toBe(2);
    expect(errorCodes(wal.stderr)).toEqual(['store.cannot-open']);
    expect(wal.stderr).toContain(`cannot read the store ${file}: it is in WAL mode`);
    expect(wal.stderr).toContain('copy the store to a folder you may write');

    chmodSync(folder, 0o755);
    chmodSync(file, 0o644);
    const old = new Database(file);
    old.exec(
      "PRAGMA journal_mode = DELETE; PRAGMA application_id = 0; PRAGMA user_version = 1; DELETE FROM meta WHERE key = 'application';",
    );
    old.close();
    chmodSync(file, 0o444);
    const before = sha256(file);
    const stale = cli(['audit', 'verify', '--db', file], { cwd: folder, user: reader });
    expect(stale.code, stale.stderr).toBe(2);
    expect(errorCodes(stale.stderr)).toEqual(['store.old-schema']);
    expect(sha256(file)).toBe(before);
  });
});

/** A tmpfs of `kb` KiB at a new folder, or null where mounting is not allowed. */
function smallDisk(kb: number): string | null {
  if (!isRoot) return null;
  const folder = tempDir();
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', folder]).status === 0 ? folder : null;
}
const probe = smallDisk(64);
const canMount = probe !== null;
if (probe) spawnSync('umount', [probe]);

describe.skipIf(!canMount)('a full disk', () => {
  const mounted: string[] = [];
  const disk = (kb: number) => {
    const folder = smallDisk(kb)!;
    mounted.push(folder);
    return folder;
  };
  afterEach(() => {
    for (const folder of mounted.splice(0)) spawnSync('umount', [folder]);
  });

  /** An inventory of `rows` records, in the (roomy) world folder. */
  function inventory(rows: number): string {
    const file = path.join(world, `inventory-${rows}.csv`);
    const lines = ['id,subject,category,created,location,service_ended'];
    for (let i = 0; i < rows; i += 1)
      lines.push(`R-${i},S-${i},care-plan,2019-01-01,records:client-${i}/a-file-with-a-fairly-long-name-${i}.pdf,2020-01-01`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }
  const policy = () => path.join(world, 'policy.yaml');
  const expectDiskFull = (result: CliResult) => {
    expect(result.code, result.stderr).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['store.full']);
    expect(result.stderr).not.toContain('bug');
    expect(expectNoStack(result.stderr)).toBe(true);
  };

  it('stops a first import with exit 2 and leaves nothing on the disk', async () => {
    const folder = disk(256);
    const file = path.join(folder, 'retention.db');
    expectDiskFull(await run(['inventory', 'import', inventory(5000), '--db', file, '--policy', policy()], { cwd: world }));
    expect(readdirSync(folder)).toEqual([]);
  });

  it('stops an import into an existing store with exit 2, the store as it was', async () => {
    const folder = disk(512);
    const file = path.join(folder, 'retention.db');
    expect((await run(['inventory', 'import', inventory(50), '--db', file, '--policy', policy()], { cwd: world })).code).toBe(0);
    const head = (await run(['audit', 'head', '--db', file])).stdout;
    expectDiskFull(await run(['inventory', 'import', inventory(5000), '--db', file, '--policy', policy()], { cwd: world }));
    expect((await run(['audit', 'head', '--db', file])).stdout).toBe(head);
    expect((await run(['audit', 'verify', '--db', file])).code).toBe(0);
  });

  it('stops apply before it deletes anything, and the next run after space is freed does the work', async () => {
    const folder = tempDir();
    expect((await run(['init'], { cwd: folder })).code).toBe(0);
    const storeDisk = disk(512);
    const config = path.join(folder, 'retention.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^store: .*$/m, `store: ${path.join(storeDisk, 'retention.db')}`));
    expect((await run(['inventory', 'import', 'inventory.csv'], { cwd: folder })).code).toBe(0);
    const filler = path.join(storeDisk, 'filler');
    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1k', 'count=1024']);
    const files = () => readdirSync(path.join(folder, 'records'), { recursive: true }).length;
    const before = files();

    expectDiskFull(await run(['apply', '--yes'], { cwd: folder }));
    expect(files()).toBe(before);

    rmSync(filler);
    expect((await run(['apply', '--yes'], { cwd: folder })).code).toBe(0);
    expect(files()).toBeLessThan(before);
    expect((await run(['audit', 'verify'], { cwd: folder })).code).toBe(0);
  });
});
