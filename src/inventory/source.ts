import { open, type FileHandle } from 'node:fs/promises';
import type { RetentionError } from '../errors.js';
import { inventoryError } from './problem.js';

const OPEN_FAILURES: Record<string, { message: string; hint: string }> = {
  ENOENT: { message: 'no such file', hint: 'check the path; a relative path starts from the current folder' },
  EISDIR: { message: 'is a folder, not an inventory file', hint: 'give the path of a .csv, .json or .jsonl file' },
  EACCES: { message: 'permission denied', hint: 'the user running retention must be able to read the file' },
};

/** Opens an inventory file for reading; a missing or unreadable file becomes an input error. */
export async function openInventoryFile(path: string): Promise<FileHandle> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw openFailure(path, (error as NodeJS.ErrnoException).code) ?? error;
  });
  // open() succeeds on a folder on Linux; reading it would fail later with a less clear message.
  if ((await handle.stat()).isDirectory()) {
    await handle.close();
    throw openFailure(path, 'EISDIR');
  }
  return handle;
}

function openFailure(path: string, code: string | undefined): RetentionError | undefined {
  const failure = code === undefined ? undefined : OPEN_FAILURES[code];
  return failure && inventoryError({ file: path, line: null, col: null }, failure.message, failure.hint);
}
