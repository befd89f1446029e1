/**
 * The store file on a bad day, through the commands: another application's database, an
 * empty or special file, a damaged page, a first import that fails, a world-readable store.
 * None of it is a bug (exit 70): each is named, with exit 2, or exit 1 from `audit verify`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack, tempDir, type CliResult } from './run-cli.js';
import { run as runInProcess } from './run-in-process.js';

let world: string;
let store: string;
let policy: string;

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const run = (args: string[]) => runInProcess(args, { cwd: world });

/** Exit 2 with a message naming the file, never "a bug", never a stack. */
function refused(result: CliResult, file: string, words: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(file);
  expect(result.stderr).toMatch(words);
  expect(result.stderr).not.toContain('bug');
  expect(expectNoStack(result.stderr)).toBe(true);
}

beforeAll(async () => {
  world = tempDir();
  store = path.join(world, 'retention.db');
  policy = path.join(world, 'policy.yaml');
  for (const args of [['init'], ['inventory', 'import', 'inventory.csv'], ['apply', '--yes']]) expect((await run(args)).code).toBe(0);
});

/** The commands that read a store, and those that write one, each against `--db file`. */
const readers = (file: string) => [
  ['plan', '--db', file, '--policy', policy],
  ['audit', 'verify', '--db', file],
];
const writers = (file: string) => [
  ['inventory', 'import', 'inventory.csv', '--db', file],
  ['hold', 'add', '--record', 'EX-03', '--reason', 'claim expected', '--by', 'Dee Pio', '--db', file],
];

describe('a file that is not a store is refused, and left as it was', () => {
  it("another application's SQLite database", async () => {
    const crm = path.join(world, 'crm.db');
    const db = new Database(crm);
    db.exec("CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT); INSERT INTO notes VALUES ('n1', 'call back');");
    db.close();
    const before = sha256(crm);
    for (const args of [...readers(crm), ...writers(crm)]) {
      refused(await run(args), crm, /is not a retention store: it is a SQLite database of another application/);
      expect(sha256(crm)).toBe(before);
    }
    const after = new Database(crm, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['notes']);
    after.close();
  });

  it('an empty file, which is never adopted as a new store', async () => {
    const empty = path.join(world, 'empty.db');
    writeFileSync(empty, '');
    for (const args of [...readers(empty), ...writers(empty)]) {
      refused(await run(args), empty, /empty file/);
      expect(statSync(empty).size).toBe(0);
    }
  });

  it('a file that is not a SQLite database', async () => {
    const text = path.join(world, 'notes.txt');
    writeFileSync(text, 'Dear diary, '.repeat(100));
    for (const args of [...readers(text), ...writers(text)]) refused(await run(args), text, /not a SQLite database/);
  });

  it('a folder, a FIFO or a device, at once', async () => {
    const fifo = path.join(world, 'pipe.db');
    execFileSync('mkfifo', [fifo]);
    for (const [file, what] of [
      [world, /is a folder/],
      [fifo, /named pipe/],
      ['/dev/null', /character device/],
    ] as const) {
      for (const args of [...readers(file), ...writers(file)]) refused(await run(args), file, what);
    }
  });
});

describe('a damaged store', () => {
  /** A copy of the store with garbage where SQLite keeps its schema (page 1, after the header). */
  function damagedCopy(): string {
    const copy = path.join(tempDir(), 'damaged.db');
    copyFileSync(store, copy);
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(300, 0x5a), 0, 300, 100);
    closeSync(fd);
    return copy;
  }

  it('fails audit verify with exit 1, naming the damage', async () => {
    const copy = damagedCopy();
    const result = await run(['audit', 'verify', '--db', copy]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('store check failed');
    expect(result.stderr).toContain(`${copy}: database disk image is malformed`);
    expect(result.stderr).not.toContain('bug');
    expect(expectNoStack(result.stderr)).toBe(true);
  });

  it('stops every other command with exit 2, saying the store is damaged', async () => {
    const copy = damagedCopy();
    for (const args of [
      ['audit', 'list', '--db', copy],
      ['hold', 'list', '--db', copy],
      ...readers(copy).filter((a) => a[1] !== 'verify'),
      ...writers(copy),
    ]) {
      refused(await run(args), copy, /is damaged: database disk image is malformed/);
    }
  });

  it("with a damaged page in the audit log: verify names SQLite's findings, a listing says damaged", async () => {
    const copy = path.join(tempDir(), 'damaged-log.db');
    copyFileSync(store, copy);
    const db = new Database(copy, { readonly: true });
    const page = db.prepare<[], number>("SELECT rootpage FROM sqlite_master WHERE name = 'audit'").pluck().get()!;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(200, 0x5a), 0, 200, (page - 1) * pageSize + 10);
    closeSync(fd);
    const verify = await run(['audit', 'verify', '--db', copy]);
    expect(verify.code, verify.stderr).toBe(1);
    expect(verify.stderr).toMatch(new RegExp(`store check failed:\\n  \\*\\*\\* in database main \\*\\*\\*\\n[^\\n]*page ${page}`));
    refused(await run(['audit', 'list', '--db', copy]), copy, /is damaged/);
  });
});

describe('a new store is made whole or not at all', () => {
  it('a first import that fails leaves no store file, and nothing else, behind', async () => {
    const folder = tempDir();
    const bad = path.join(folder, 'inventory.csv');
    const lines = readFileSync(path.join(world, 'inventory.csv'), 'utf8').trimEnd().split('\n');
    const fields = lines.at(-1)!.split(',');
    fields[0] = 'EX-99';
    fields[3] = '2023-02-30';
    writeFileSync(bad, `${[...lines, fields.join(',')].join('\n')}\n`);
    const result = await run(['inventory', 'import', bad, '--db', path.join(folder, 'retention.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2023-02-30');
    expect(readdirSync(folder)).toEqual(['inventory.csv']);
  });

  it('a first import that succeeds leaves the store readable by its owner only', async () => {
    const file = path.join(tempDir(), 'retention.db');
    expect((await run(['inventory', 'import', 'inventory.csv', '--db', file])).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file))).toEqual(['retention.db']);
  });

  it('an existing store open to other users is used, with a warning that says how to close it', async () => {
    const file = path.join(tempDir(), 'retention.db');
    copyFileSync(store, file);
    chmodSync(file, 0o644);
    const result = await run(['hold', 'list', '--db', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`the store ${file} is open to other users (mode 0644)`);
    expect(result.stderr).toContain(`chmod 600 ${file}`);
    chmodSync(file, 0o600);
    expect((await run(['hold', 'list', '--db', file])).stderr).toBe('');
  });
});

describe('a store that cannot be created', () => {
  it('in a folder that does not exist: exit 2, named', async () => {
    const file = path.join(tempDir(), 'no-such-folder', 'retention.db');
    refused(await run(['inventory', 'import', 'inventory.csv', '--db', file]), file, /its folder does not exist/);
    expect(existsSync(path.dirname(file))).toBe(false);
  });
});
