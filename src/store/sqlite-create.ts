/**
 * A new store is made whole or not at all (DESIGN §2): built in a temporary file (mode 0600,
 * it holds personal data) in the store's own folder, filled, and only then linked in at its
 * path. A failed first import leaves nothing behind, and nobody ever opens a half-made store.
 *
 * So the link is the commit, not SQLite's: while it is filled the file is nobody else's and a
 * crash only leaves a temporary file that is never opened. It is filled without WAL and
 * without an fsync per SQLite commit (a first import of a million records would otherwise
 * write every page twice, to the WAL and back), with the rollback journal in memory so that a
 * failed fill still rolls back; the file is fsynced once, whole, before the link makes it
 * the store.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { environmentError, refusal, type RetentionError } from '../errors.js';
import { withStoreErrors } from './guarded-store.js';
import { migrate } from './migrations.js';
import { prepareForWriting } from './sqlite-open.js';
import { BUSY_TIMEOUT_MS, storeError } from './sqlite-errors.js';
import { SqliteStore } from './sqlite-store.js';
import { FILLING_PRAGMAS } from './sqlite-new-store-fill.js';
import { fileSystemError, leftoverJournal, somethingAt } from './store-file.js';
import type { CreateStoreOptions, Store } from './types.js';

/**
 * Makes a store at `file`, where nothing may exist, and fills it with `fill` (an import). The
 * store appears at `file` only when `fill` succeeded; on any failure nothing is left there.
 * The store passed to `fill` must not be kept: it is closed when `fill` ends.
 */
export async function createStore<R>(file: string, fill: (store: Store) => Promise<R>, options: CreateStoreOptions = {}): Promise<R> {
  if (somethingAt(file)) throw refusal('store.exists', `${file} already exists; a new store is only made where no file is`);
  const journal = leftoverJournal(file);
  if (journal) {
    throw environmentError(
      'store.leftover-journal',
      `${journal} is left over from a store that is no longer at ${file}; SQLite would replay it into a new store there. Move it away (with ${file}-shm), then run the command again.`,
    );
  }
  // Held from the start, to sync the new name at the end: a folder that cannot be synced (one the
  // user may write in but not read) then stops the import before the fill, with nothing there,
  // not after the store was put in place (reported as failed, yet there).
  const folder = openFolder(file);
  try {
    return await createInFolder(file, folder, fill, options);
  } finally {
    closeSync(folder);
  }
}

async function createInFolder<R>(
  file: string,
  folder: number,
  fill: (store: Store) => Promise<R>,
  options: CreateStoreOptions,
): Promise<R> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.new`);
  createPrivateFile(temporary, file);
  try {
    const db = translated(() => new Database(temporary, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS }), file);
    try {
      translated(() => {
        prepareForFilling(db);
        migrate(db, file);
      }, file);
      const store = translated(() => new SqliteStore(db, options.now ?? (() => new Date()), temporary), file);
      const result = await fill(withStoreErrors(store, (error) => storeError(error, file)));
      // Out of WAL mode before the move: the whole store must be in the one file that moves.
      translated(() => db.pragma('journal_mode = DELETE'), file);
      db.close();
      syncToDisk(temporary, `cannot write the store ${file}`);
      placeWithoutReplacing(temporary, file, folder);
      return result;
    } finally {
      if (db.open) db.close();
    }
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${temporary}${suffix}`, { force: true });
  }
}

/**
 * The settings of the connection that fills a new store: those of every writer (foreign keys
 * checked), but the journal in memory and no fsync per commit (see the top of this file).
 */
function prepareForFilling(db: Database.Database): void {
  prepareForWriting(db);
  for (const pragma of FILLING_PRAGMAS) db.pragma(pragma);
}

/** fsync of `target` (a file or a folder), so that what was written to it survives a power cut. */
function syncToDisk(target: string, what: string): void {
  try {
    const descriptor = openSync(target, 'r');
    try {
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    throw fileSystemError(error, what);
  }
}

/** 'wx' and 0600: the temporary file is ours alone from its first byte. */
function createPrivateFile(temporary: string, file: string): void {
  try {
    closeSync(openSync(temporary, 'wx', 0o600));
  } catch (error) {
    throw fileSystemError(error, `cannot create the store ${file}`);
  }
}

/** Errors of hard links on file systems that have none: the store is renamed in place instead. */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'] as const;

/**
 * A hard link puts the finished store at `file` atomically and, unlike rename, never replaces
 * a file that appeared there meanwhile; file systems without hard links get a rename after a
 * last look. The folder is synced so that the new name survives a power cut.
 */
function placeWithoutReplacing(temporary: string, file: string, folder: number): void {
  try {
    if (!linked(temporary, file)) {
      if (somethingAt(file)) throw appearedMeanwhile(file);
      renameSync(temporary, file);
    }
    fsyncSync(folder);
  } catch (error) {
    throw fileSystemError(error, `cannot put the new store in place at ${file}`);
  }
}

/** The folder a new store goes in, opened so that it can be synced. */
function openFolder(file: string): number {
  try {
    return openSync(path.dirname(file), 'r');
  } catch (error) {
    throw fileSystemError(error, `cannot create the store ${file}`);
  }
}

/** Whether `file` is now a hard link to `temporary`; false when the file system has no hard links. */
function linked(temporary: string, file: string): boolean {
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if (isErrno(error, ['EEXIST'])) throw appearedMeanwhile(file);
    if (isErrno(error, NO_HARD_LINKS)) return false;
    throw error;
  }
}

function appearedMeanwhile(file: string): RetentionError {
  return environmentError(
    'store.appeared',
    `${file} appeared while the new store was being filled; nothing was written to it. Run the command again to use it.`,
  );
}

function translated<T>(work: () => T, file: string): T {
  try {
    return work();
  } catch (error) {
    throw storeError(error, file);
  }
}

function isErrno(error: unknown, codes: readonly string[]): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && codes.includes(error.code);
}
