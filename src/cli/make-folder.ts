/**
 * `mkdir -p` that always ends. Node's `mkdir({ recursive: true })` retries the parent for as
 * long as mkdir says ENOENT, which a pseudo file system says for ever (`/proc/x` spun at 100%
 * CPU); here each missing folder is made once, from the top, and a refusal is named.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { environmentError } from '../errors.js';
import { errnoCode } from '../error-details.js';
import { openFailureReason } from '../file-input/open-failure.js';

/**
 * Makes `folder` and the folders above it that are missing. `shown` is how a path is named in
 * messages. @throws RetentionError `environment.cannot-write` naming the folder that could not be made.
 */
export function makeFolder(folder: string, shown: (absolute: string) => string): void {
  const missing: string[] = [];
  for (let at = folder; !exists(at, shown); at = path.dirname(at)) missing.unshift(at);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST') continue;
      if (code === undefined) throw error;
      // The folder above exists (made or found just now), so ENOENT is the file system's refusal.
      const why = code === 'ENOENT' ? 'the file system does not allow it here' : openFailureReason(error);
      throw environmentError('environment.cannot-write', `${shown(dir)}: cannot make this folder: ${why}`, { file: shown(dir) });
    }
  }
}

function exists(at: string, shown: (absolute: string) => string): boolean {
  try {
    return lstatSync(at, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    // ENOTDIR and the like: writing below it fails too, and says why.
    if (errnoCode(error) === undefined) throw error;
    throw environmentError('environment.cannot-write', `${shown(at)}: cannot look there: ${openFailureReason(error)}`, { file: shown(at) });
  }
}
