/**
 * The one way the tool reads the small files a user names — policy, config, saved plan, head
 * file: opened once, checked through the open descriptor (a regular file, under a size cap),
 * and read through that same descriptor. Checking a path and then reading it again would read
 * whatever the path names by then; a pipe would hang the command and /dev/zero would fill the
 * memory.
 */
import { constants, type BigIntStats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { inputError, RetentionError } from '../errors.js';
import { errnoCode } from '../error-details.js';
import { kindOfSpecialFile, openFailureReason } from './open-failure.js';

/** Far above any real policy, config or head file, far below what would hurt the machine. */
export const SMALL_FILE_LIMIT = 16 * 1024 * 1024;

export interface SmallFileRequest {
  /** The name messages use (the path as the user typed it). */
  shownAs: string;
  /** What the file is, for "cannot read the policy file": "policy file", "config file", … */
  what: string;
  /** What to do about a file that cannot be read. */
  hint: string;
  /** The size cap in bytes (default SMALL_FILE_LIMIT). */
  limit?: number;
}

/**
 * The bytes of the regular file at `path`.
 * @throws RetentionError (kind `input`, exit 2) naming the file when it is missing, unreadable,
 * not a regular file (a folder, pipe or device) or larger than the cap.
 */
export async function readSmallFile(path: string, request: SmallFileRequest): Promise<Buffer> {
  const bytes = await readSmallFileIfPresent(path, request);
  if (bytes === null) throw unreadable(request, 'no such file');
  return bytes;
}

/** The same, but null when nothing exists at `path` (a default file that may be absent). */
export async function readSmallFileIfPresent(path: string, request: SmallFileRequest): Promise<Buffer | null> {
  const limit = request.limit ?? SMALL_FILE_LIMIT;
  // O_NONBLOCK: opening a pipe that has no writer must not hang; fstat then refuses it.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return null;
    throw unreadable(request, openFailureReason(error));
  });
  if (handle === null) return null;
  try {
    const stats = await handle.stat({ bigint: true });
    if (await isNullDevice(stats)) return Buffer.alloc(0);
    if (!stats.isFile()) throw unreadable(request, `it is ${kindOfSpecialFile(stats)}, not a regular file`);
    if (stats.size > BigInt(limit)) throw unreadable(request, `it is larger than ${describeSize(limit)}`);
    // Read to the end rather than trusting the size: the file may have grown since fstat.
    const { bytes, complete } = await readUpTo(handle, limit);
    if (!complete) throw unreadable(request, `it is larger than ${describeSize(limit)}`);
    return bytes;
  } catch (error) {
    // The refusals above pass through; an error of the system (EIO, EACCES…) is named for the file.
    throw error instanceof RetentionError || errnoCode(error) === undefined ? error : unreadable(request, openFailureReason(error));
  } finally {
    await handle.close();
  }
}

async function readUpTo(handle: FileHandle, limit: number): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return { bytes: Buffer.concat(chunks, total), complete: true };
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > limit) return { bytes: Buffer.alloc(0), complete: false };
  }
}

/** `/dev/null` is how people say "an empty file": read it as one, so the loader can say "empty". */
async function isNullDevice(stats: BigIntStats): Promise<boolean> {
  if (!stats.isCharacterDevice()) return false;
  const devNull = await stat('/dev/null', { bigint: true }).catch(() => null);
  return devNull !== null && devNull.rdev === stats.rdev;
}

export function describeSize(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

export function unreadable(request: SmallFileRequest, reason: string) {
  return inputError('file.unreadable', [
    {
      code: 'file.unreadable',
      file: request.shownAs,
      line: null,
      col: null,
      message: `cannot read the ${request.what}: ${reason}`,
      hint: request.hint,
      severity: 'error',
    },
  ]);
}
