/**
 * The store file as the operating system sees it, before SQLite does. SQLite takes a folder
 * or a device without a word, waits forever on a FIFO, and makes an empty file a new
 * database; these checks refuse all of them, and say why a file cannot be written.
 */
import { accessSync, constants, lstatSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { environmentError, RetentionError } from '../errors.js';
import { shellQuote } from '../shell-quote.js';

/** What is at `file` when it may be a store; null when nothing is there. Anything else is refused. */
export function existingStoreFile(file: string): Stats | null {
  let stats: Stats | undefined;
  try {
    stats = statSync(file, { throwIfNoEntry: false });
    if (!stats && lstatSync(file, { throwIfNoEntry: false })) {
      throw environmentError('store.file-system', `${file} is a symbolic link to a file that does not exist, not a store`);
    }
  } catch (error) {
    throw fileSystemError(error, `cannot reach the store ${file}`);
  }
  if (!stats) return null;
  if (stats.isDirectory()) {
    throw environmentError(
      'store.file-system',
      `${file} is a folder, not a store file; give the store's file, e.g. ${path.join(file, 'retention.db')}`,
    );
  }
  if (!stats.isFile()) throw environmentError('store.file-system', `${file} is a ${specialKind(stats)}, not a store file`);
  if (stats.size === 0) {
    throw new RetentionError(
      'store.not-a-store',
      `${file} is an empty file, not a retention store; "retention inventory import" makes a store where no file exists: move the empty file away`,
    );
  }
  return stats;
}

/** Whether anything at all is at `file`, a dangling symbolic link included. */
export function somethingAt(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    throw fileSystemError(error, `cannot reach the store ${file}`);
  }
}

/**
 * Why this process cannot write the store: the file itself, or its folder, where SQLite keeps
 * FILE-wal and FILE-shm while it writes. Null when both can be written.
 */
export function whyNotWritable(file: string): string | null {
  for (const [target, what] of [
    [file, 'the file'],
    [path.dirname(file), 'its folder'],
  ] as const) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      return `${what} ${errnoCode(error) === 'EROFS' ? 'is on a read-only file system' : 'may not be written by you'}`;
    }
  }
  return null;
}

export function canRead(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A warning when users other than the owner may open the store (it holds personal data),
 * shown only to the owner, who can fix it; null otherwise.
 */
export function widePermissionsWarning(file: string): string | null {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (!stats || (stats.mode & 0o077) === 0 || stats.uid !== process.getuid?.()) return null;
  const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
  return `warning: the store ${file} is open to other users (mode ${mode}) and holds personal data; run: chmod 600 ${shellQuote(file)}`;
}

/** A journal left beside a store path with no store: SQLite would replay it into a new store there. */
export function leftoverJournal(file: string): string | null {
  return ['-wal', '-journal'].map((suffix) => `${file}${suffix}`).find((journal) => somethingAt(journal)) ?? null;
}

/** An error of a file-system call on the store's path, as a person reads it; other errors pass unchanged. */
export function fileSystemError(error: unknown, what: string): unknown {
  const code = errnoCode(error);
  if (code === null) return error;
  const reason = ERRNO_REASONS.get(code) ?? (error instanceof Error ? error.message : code);
  return environmentError('store.file-system', `${what}: ${reason}`);
}

const ERRNO_REASONS: ReadonlyMap<string, string> = new Map([
  ['EACCES', 'permission denied'],
  ['EPERM', 'operation not permitted'],
  ['EROFS', 'the file system is read-only'],
  ['ENOSPC', 'the disk is full'],
  ['EDQUOT', 'the disk quota is used up'],
  ['ENOENT', 'its folder does not exist'],
  ['ENOTDIR', 'a part of its path is a file, not a folder'],
  ['ELOOP', 'too many symbolic links on its path'],
  ['ENAMETOOLONG', 'the path is too long'],
  ['EIO', 'input/output error: check the disk'],
]);

function errnoCode(error: unknown): string | null {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E') ? error.code : null;
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isSocket()) return 'socket';
  return 'special file';
}
