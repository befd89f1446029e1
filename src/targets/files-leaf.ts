/**
 * The file itself, in a folder held open (files-held.ts): deleting it, or seeing whether it is
 * there. Only a regular file with no other hard link is ever deleted (issue 8.8: removing one
 * of several names would not remove the data the log says is gone), and never one of the
 * tool's own files (own-files.ts).
 */
import fs from 'node:fs';
import { inFolder } from './files-held.js';
import { fileFingerprint } from './files-fingerprint.js';
import { IS_SYMLINK, NOT_REGULAR, describeFsError } from './files-paths.js';
import type { OwnFiles } from './own-files.js';
import type { PooledCloser } from './files-closer.js';
import { errnoCode } from '../error-details.js';

/**
 * How a file the tool did not make is opened to be looked at. O_NONBLOCK: a FIFO swapped in after
 * the lstat must not hang the run; O_NOCTTY: nor may a terminal become ours. O_NOFOLLOW: a link
 * swapped in is refused (ELOOP).
 */
export const LEAF_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;
const REPLACED = 'refused: file was replaced during deletion';
const NAME_TAKEN_OVER = "not deleted: the file was replaced during deletion (the name removed was another file's)";

/** Deleted (with the fingerprint of what was removed), missing, or refused. */
export type LeafResult = { readonly fingerprint: string } | 'missing' | { readonly error: string };

/**
 * Unlinks `leaf` in the folder open as `folderFd`. lstat first, so that nothing but a regular
 * file is ever opened; open with O_NOFOLLOW and compare dev/ino, so that a file swapped after
 * the lstat is refused; after the unlink, the opened file must have no name left — the proof
 * that what the log will call deleted is gone (a name swapped in just before the unlink is
 * the one race no check can close without an unlink-by-descriptor, and this reports it).
 * The file opened is compared with the tool's own files by that same fstat. Once unlinked, its
 * descriptor is closed by `closer`, in the pool: that close is when the file system frees it.
 */
export function deleteLeaf(folderFd: number, leaf: string, own: OwnFiles, closer: PooledCloser): LeafResult {
  const at = inFolder(folderFd, leaf);
  let before: fs.BigIntStats | undefined;
  try {
    before = fs.lstatSync(at, { bigint: true, throwIfNoEntry: false });
  } catch (err) {
    return { error: describeFsError('lstat', err) };
  }
  if (!before) return 'missing';
  const refusal = refusalOf(before);
  if (refusal) return { error: refusal };

  let fd: number;
  try {
    fd = fs.openSync(at, LEAF_FLAGS);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') return 'missing';
    return { error: code === 'ELOOP' ? IS_SYMLINK : describeFsError('open', err) };
  }
  let unlinked = false;
  try {
    const opened = fs.fstatSync(fd, { bigint: true });
    if (opened.dev !== before.dev || opened.ino !== before.ino) return { error: REPLACED };
    const changed = refusalOf(opened) ?? own.refusalFor(opened);
    if (changed) return { error: changed };
    fs.unlinkSync(at);
    unlinked = true;
    return fs.fstatSync(fd, { bigint: true }).nlink === 0n ? { fingerprint: fileFingerprint(opened) } : { error: NAME_TAKEN_OVER };
  } catch (err) {
    return errnoCode(err) === 'ENOENT' ? 'missing' : { error: describeFsError('delete', err) };
  } finally {
    if (unlinked) closer.close(fd);
    else fs.closeSync(fd);
  }
}

/** What is at `leaf` in the folder open as `folderFd`, without opening it: a regular file (with its fingerprint), nothing, or something else. */
export function leafKind(folderFd: number, leaf: string): { readonly fingerprint: string } | 'missing' | 'other' {
  try {
    const stats = fs.lstatSync(inFolder(folderFd, leaf), { bigint: true, throwIfNoEntry: false });
    if (!stats) return 'missing';
    return stats.isFile() ? { fingerprint: fileFingerprint(stats) } : 'other';
  } catch {
    return 'other';
  }
}

function refusalOf(stats: fs.BigIntStats): string | null {
  if (stats.isSymbolicLink()) return IS_SYMLINK;
  if (!stats.isFile()) return NOT_REGULAR;
  if (stats.nlink > 1n) {
    const others = stats.nlink - 1n;
    return `refused: has ${others} other link${others === 1n ? '' : 's'} (hard links: deleting one name would not delete the data)`;
  }
  return null;
}
