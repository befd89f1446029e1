/**
 * What openStore accepts as a store, and what it refuses without writing a byte to it:
 * folders, devices, FIFOs, empty files, another application's SQLite database (DESIGN §2).
 * Stores made before stores were marked still open, and are marked.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS, STORE_APPLICATION_ID } from '../../src/store/migrations.js';
import { GENESIS_PREV, sealEntry } from '../../src/audit-entry.js';
import { allEntries, newStore, record, tempStore, type TempStore } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'retention-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const ACCESSES = ['read', 'write'] as const;

/** Another application's database: the kind of file `plan --db other.db` once added eleven tables to. */
function foreignDatabase(name: string, setup: string): string {
  const file = join(dir, name);
  const db = new Database(file);
  db.exec(setup);
  db.close();
  return file;
}

describe('openStore refuses what is not a store, and writes nothing to it', () => {
  it.each(ACCESSES)("another application's SQLite database, an empty one, one with another id (%s)", async (access) => {
    const files = [
      foreignDatabase('crm.db', "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO clients VALUES (1, 'A');"),
      foreignDatabase('empty-sqlite.db', 'VACUUM;'),
      foreignDatabase('other-app.db', 'PRAGMA application_id = 1234; CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);'),
    ];
    for (const file of files) {
      const before = sha256(file);
      await expect(openStore(file, { access })).rejects.toMatchObject({
        code: 'store.not-a-store',
        message: expect.stringContaining(`${file} is not a retention store`),
      });
      expect(sha256(file)).toBe(before);
      expect(readdirSync(dir).filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))).toEqual([]);
    }
  });

  it.each(ACCESSES)('an empty file, a text file, a folder, a FIFO and a device, without waiting on the FIFO (%s)', async (access) => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'x'.repeat(600));
    const fifo = join(dir, 'pipe.db');
    execFileSync('mkfifo', [fifo]);
    await expect(openStore(empty, { access })).rejects.toMatchObject({
      code: 'store.not-a-store',
      message: expect.stringContaining('empty file'),
    });
    expect(readFileSync(empty)).toHaveLength(0);
    await expect(openStore(text, { access })).rejects.toMatchObject({
      code: 'store.not-a-store',
      message: expect.stringContaining('not a SQLite database'),
    });
    await expect(openStore(dir, { access })).rejects.toMatchObject({
      code: 'store.file-system',
      message: expect.stringContaining('is a folder'),
    });
    await expect(openStore(fifo, { access })).rejects.toMatchObject({
      code: 'store.file-system',
      message: expect.stringContaining('named pipe'),
    });
    await expect(openStore('/dev/null', { access })).rejects.toMatchObject({
      code: 'store.file-system',
      message: expect.stringContaining('character device'),
    });
  });

  it.each(ACCESSES)('a missing file, which it never creates (%s)', async (access) => {
    const missing = join(dir, 'none.db');
    await expect(openStore(missing, { access })).rejects.toMatchObject({ code: 'store.missing' });
    expect(existsSync(missing)).toBe(false);
  });
});

describe('a store is marked', () => {
  it('with our application id and a meta row, from its first byte', async () => {
    const store = await newStore(join(dir, 'retention.db'));
    await store.close();
    const db = new Database(join(dir, 'retention.db'), { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(STORE_APPLICATION_ID);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'application'").pluck().get()).toBe('retention');
    db.close();
  });

  /** A store as the previous version left it: schema version 1, application id 0, no 'application' row. */
  async function unmarkedStore(): Promise<{ file: string; storeId: string; head: string }> {
    const file = join(dir, 'old.db');
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.prepare("INSERT INTO meta (key, value) VALUES ('store_id', 'old-store')").run();
    const entry = sealEntry({ actor: 'admin', action: 'import', detail: { records: 1 } }, 1, '2025-01-01T00:00:00.000Z', GENESIS_PREV);
    db.prepare(
      `INSERT INTO audit (seq, at, actor, action, run, record, subject, category, rule, policy_sha256, detail, prev, hash)
       VALUES (@seq, @at, @actor, @action, @run, @record, @subject, @category, @rule, @policySha256, @detail, @prev, @hash)`,
    ).run({ ...entry, detail: JSON.stringify(entry.detail) });
    db.pragma('user_version = 1');
    db.close();
    return { file, storeId: 'old-store', head: entry.hash };
  }

  it.each(ACCESSES)('made by the previous version without a mark: it opens, keeps its id and log, and is marked (%s)', async (access) => {
    const old = await unmarkedStore();
    const store = await openStore(old.file, { access });
    expect(await store.storeId()).toBe(old.storeId);
    expect((await store.auditHead())?.hash).toBe(old.head);
    expect(await allEntries(store)).toHaveLength(1);
    await store.close();
    const db = new Database(old.file, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(STORE_APPLICATION_ID);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'application'").pluck().get()).toBe('retention');
    db.close();
  });
});

describe('a store opened read-only', () => {
  it('reads, and refuses a write with a clear environment error naming the file', async () => {
    const file = join(dir, 'retention.db');
    await (await newStore(file)).close();
    const store = await openStore(file, { access: 'read' });
    expect(await store.activeHolds()).toEqual([]);
    await expect(store.addHold({ scope: 'record', ref: 'R-1', reason: 'claim', until: null }, { actor: 'dpo' })).rejects.toMatchObject({
      code: 'store.read-only',
      message: expect.stringContaining(`the store ${file} is read-only`),
    });
    await store.close();
  });
});

describe('a store at rest', () => {
  it('is one self-contained file in rollback-journal mode, readable from a read-only folder', async () => {
    const file = join(dir, 'retention.db');
    const store = await newStore(file);
    await store.importRecords([record('R-1')], { actor: 'admin' });
    const reader = await openStore(file, { access: 'read' });
    // While a writer has it open it is in WAL mode, and readers see its commits.
    expect(await reader.liveRecordCount()).toBe(1);
    await reader.close();
    await store.close();
    expect(readdirSync(dir)).toEqual(['retention.db']);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
  });
});

describe('a store made and opened', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  it('is a file readable by its owner only', () => {
    expect(statSync(t.path).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that is not a store, and a store from a newer version', async () => {
    const text = join(t.dir, 'notes.txt');
    writeFileSync(text, 'x'.repeat(200));
    await expect(openStore(text, { access: 'write' })).rejects.toMatchObject({ code: 'store.not-a-store' });
    await t.store.close();
    const raw = new Database(t.path);
    raw.pragma('user_version = 99');
    raw.close();
    await expect(openStore(t.path, { access: 'write' })).rejects.toMatchObject({ code: 'store.newer-schema' });
  });

  it('never creates a store: a missing file is a usage error', async () => {
    const missing = join(t.dir, 'nope.db');
    await expect(openStore(missing, { access: 'read' })).rejects.toMatchObject({ code: 'store.missing' });
  });
});
