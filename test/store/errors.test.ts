/**
 * SQLite's result codes that describe the machine or the file (full, read-only, busy, damaged,
 * not a database) become errors a person can act on, naming the store; the rest stay bugs.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeError } from '../../src/store/sqlite-errors.js';
import { withStoreErrors } from '../../src/store/guarded-store.js';
import { openStore } from '../../src/store/index.js';
import { collect, tempStore, type TempStore } from './helpers.js';

const FILE = '/srv/retention/retention.db';
const sqliteError = (code: string) => new Database.SqliteError(`SQLite says ${code}`, code);

describe('storeError', () => {
  it.each([
    ['SQLITE_FULL', 'store.full'],
    ['SQLITE_IOERR_SHORT_READ', 'store.io-error'],
    ['SQLITE_READONLY', 'store.read-only'],
    ['SQLITE_READONLY_DIRECTORY', 'store.read-only'],
    ['SQLITE_CANTOPEN', 'store.cannot-open'],
    ['SQLITE_CORRUPT', 'store.damaged'],
    ['SQLITE_CORRUPT_INDEX', 'store.damaged'],
    ['SQLITE_NOTADB', 'store.not-a-store'],
    ['SQLITE_BUSY', 'store.busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'store.busy'],
  ])('%s is %s, naming the store', (sqliteCode, code) => {
    const error = storeError(sqliteError(sqliteCode), FILE);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(FILE);
  });

  it('leaves a constraint failure, a syntax error and anything not from SQLite as they are: bugs', () => {
    for (const error of [
      sqliteError('SQLITE_CONSTRAINT_UNIQUE'),
      sqliteError('SQLITE_ERROR'),
      new TypeError('undefined is not a function'),
    ]) {
      expect(storeError(error, FILE)).toBe(error);
    }
  });
});

describe("a store's errors", () => {
  const full = sqliteError('SQLITE_FULL');
  const failing = {
    appendAudit: (_drafts: readonly unknown[]) => Promise.reject(full),
    close: () => {
      throw full;
    },
    auditEntries: async function* () {
      yield* [];
      throw full;
    },
    acquireRunLock: () => Promise.resolve({ acquired: true, tookOverFrom: null, release: () => Promise.reject(full) }),
  };

  it('are translated whether a method rejects, throws, fails while its results are read, or a handle it gave fails', async () => {
    const store = withStoreErrors(failing, (error) => storeError(error, FILE));
    const disk = { code: 'store.full', kind: 'environment' };
    await expect(store.appendAudit([])).rejects.toMatchObject(disk);
    expect(() => store.close()).toThrow(expect.objectContaining(disk));
    await expect(collect(store.auditEntries())).rejects.toMatchObject(disk);
    const lock = await store.acquireRunLock();
    await expect(lock.release()).rejects.toMatchObject(disk);
  });
});

describe('a busy store', () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await tempStore();
  });
  afterEach(() => t.cleanup());

  it('is waited for, then given up with a clear environment error, not a bug', async () => {
    const other = new Database(t.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(t.store.addHold({ scope: 'record', ref: 'R-1', reason: 'claim', until: null }, { actor: 'dpo' })).rejects.toMatchObject({
        code: 'store.busy',
        message: expect.stringContaining(`the store ${t.path} is busy`),
      });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const again = await openStore(join(t.dir, 'retention.db'), { access: 'read' });
    expect(await again.listHolds()).toEqual([]);
    await again.close();
  });
});
