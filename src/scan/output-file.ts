/**
 * The files `inventory scan` writes (`--out`, `--unmatched`): written beside their final name
 * and renamed into place only when the scan succeeded, so a failed scan leaves the previous
 * file as it was and never a half-written inventory that could be imported by mistake.
 */
import fs from 'node:fs';
import path from 'node:path';
import { environmentError } from '../errors.js';
import { errnoCode } from '../error-details.js';
import { openFailureReason } from '../file-input/open-failure.js';

export interface OutputFile {
  write(text: string): void;
  /** Makes the file whole under its name. */
  commit(): void;
  /** Removes what was written; the name keeps what it had. */
  discard(): void;
}

/** Opens `file` (as the user typed it, relative to `cwd`) for writing; exit 2 when it cannot be. */
export function openOutputFile(file: string, cwd: string): OutputFile {
  const final = path.resolve(cwd, file);
  const partial = path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}.partial`);
  const cannot = (error: unknown): never => {
    if (errnoCode(error) === undefined) throw error;
    throw environmentError('environment.cannot-write', `${file}: cannot write it: ${openFailureReason(error)}`, { file });
  };
  let fd: number;
  try {
    fd = fs.openSync(partial, 'wx', 0o600);
  } catch (error) {
    return cannot(error);
  }
  let open = true;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  return {
    write(text) {
      try {
        fs.writeSync(fd, text);
      } catch (error) {
        cannot(error);
      }
    },
    commit() {
      try {
        fs.fsyncSync(fd);
        close();
        fs.renameSync(partial, final);
      } catch (error) {
        this.discard();
        cannot(error);
      }
    },
    discard() {
      close();
      fs.rmSync(partial, { force: true });
    },
  };
}
