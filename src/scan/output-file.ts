/**
 * The files `inventory scan` writes (`--out`, `--unmatched`): written beside their final name
 * and put in place only when the scan succeeded, so a failed scan leaves the previous file as
 * it was and never a half-written inventory that could be imported by mistake. Neither is ever
 * put over an existing file, as a saved plan is not: an inventory may be the reviewed one, a list
 * of unmatched files the one someone is working through, and either may be another command's file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { environmentError, refusal, RetentionError } from '../errors.js';
import { errnoCode } from '../error-details.js';
import { openFailureReason } from '../file-input/open-failure.js';
import { writeWholeSync } from '../file-output/write-whole.js';
import { inFolder } from '../targets/files-held.js';
import { O_PATH } from './file-lookup.js';

export interface OutputFile {
  write(text: string): void;
  /** Makes the file whole under its name. */
  commit(): void;
  /** Takes a committed file away again (another file of the same scan could not be committed), unless it was replaced since. */
  withdraw(): void;
  /** Removes what was written; the name keeps what it had. */
  discard(): void;
  /** Lets go of the folder it is written in; last, whether the scan succeeded or not. */
  release(): void;
}

/**
 * Opens `file` (as the user typed it, relative to `cwd`; `flag` is the option that named it) for
 * writing; exit 2 when it cannot be, or when something is already there (`scan.exists`, checked
 * before the scan and again as the file is put in place).
 */
export function openOutputFile(file: string, cwd: string, flag: '--out' | '--unmatched'): OutputFile {
  const name = path.basename(path.resolve(cwd, file));
  const exists = () => existsError(file, flag);
  const cannot = (error: unknown): never => {
    if (errnoCode(error) === undefined) throw error;
    throw environmentError('environment.cannot-write', `${file}: cannot write it: ${openFailureReason(error)}`, { file });
  };
  // The folder is held open and every name looked up in it: renamed mid-scan (the working folder,
  // for a relative name), it is still the folder written to and tidied, and no partial file of
  // client paths is left behind where the clean-up no longer looks.
  let folderFd: number;
  try {
    folderFd = fs.openSync(path.dirname(path.resolve(cwd, file)), O_PATH | fs.constants.O_DIRECTORY);
  } catch (error) {
    return cannot(error);
  }
  const final = inFolder(folderFd, name);
  const partial = inFolder(folderFd, `.${name}.${process.pid}.partial`);
  let fd: number;
  try {
    // A folder the user may not search (a relative name under `sudo -u` from root's home) is EACCES here.
    if (taken(final)) throw exists();
    fd = fs.openSync(partial, 'wx', 0o600);
  } catch (error) {
    fs.closeSync(folderFd);
    if (error instanceof RetentionError) throw error;
    return cannot(error);
  }
  let open = true;
  let held = true;
  let written: fs.Stats | null = null;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  return {
    write(text) {
      try {
        writeWholeSync(fd, text);
      } catch (error) {
        cannot(error);
      }
    },
    commit() {
      try {
        fs.fsyncSync(fd);
        written = fs.fstatSync(fd);
        close();
        putInPlaceOnce(partial, final);
      } catch (error) {
        this.discard();
        if (errnoCode(error) === 'EEXIST') throw exists();
        cannot(error);
      }
    },
    withdraw() {
      const now = fs.lstatSync(final, { throwIfNoEntry: false });
      if (written !== null && now?.ino === written.ino && now.dev === written.dev) fs.rmSync(final);
    },
    discard() {
      close();
      fs.rmSync(partial, { force: true });
    },
    release() {
      if (held) fs.closeSync(folderFd);
      held = false;
    },
  };
}

function taken(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** A hard link fails with EEXIST when a file appeared meanwhile, where a rename would replace it. */
function putInPlaceOnce(partial: string, final: string): void {
  fs.linkSync(partial, final);
  fs.rmSync(partial);
}

function existsError(file: string, flag: '--out' | '--unmatched'): RetentionError {
  const what = flag === '--out' ? 'an inventory' : 'a list of unmatched files';
  return refusal('scan.exists', `${file} already exists; ${what} is never overwritten — choose another name`, { file, flag });
}
