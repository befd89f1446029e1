/**
 * Why a file the user named cannot be read, in words for the message, shared by every reader
 * of user files (policy, config, plan, head file, inventory).
 */
import type { BigIntStats, Stats } from 'node:fs';
import { errnoCode, messageOf } from '../error-details.js';

const REASONS: ReadonlyMap<string, string> = new Map([
  ['ENOENT', 'no such file'],
  ['ENOTDIR', 'no such file (a part of the path is not a folder)'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['ELOOP', 'too many symbolic links'],
  ['ENAMETOOLONG', 'the path is too long'],
  ['ENXIO', 'no such device or address (a socket cannot be opened by name)'],
  ['ENOSPC', 'no space left on device'],
  ['EDQUOT', 'disk quota exceeded'],
  ['EFBIG', 'the file is larger than this process may write (a file size limit)'],
  ['EROFS', 'the file system is read-only'],
  ['EIO', 'input/output error'],
]);

/** The reason for a failed open or read, e.g. "no such file"; the system's message for the rare codes. */
export function openFailureReason(error: unknown): string {
  const code = errnoCode(error);
  return (code !== undefined && REASONS.get(code)) || messageOf(error);
}

/** What a file that is not a regular one is, for "… is a pipe, not a file". */
export function kindOfSpecialFile(stats: Stats | BigIntStats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
