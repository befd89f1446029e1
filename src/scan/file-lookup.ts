/**
 * How the walk (walk.ts) looks a listed file up in the folder it holds open, without a path a
 * link could redirect: by its bare name from inside that folder (WorkingFolder), or, where the
 * process's working folder cannot be held and entered again, through `/proc/self/fd/N/name`.
 */
import fs from 'node:fs';
import { environmentError } from '../errors.js';
import { describeFsError } from '../targets/files-paths.js';
import { inFolder } from '../targets/files-held.js';

export interface FileLookup {
  /** Looks files up in the folder held open as `fd` from now on; null, or why it cannot (the folder cannot be searched). */
  enter(fd: number): string | null;
  /** What to lstat for the file `name` of the folder entered. */
  pathOf(name: string): string;
  /** Puts the process back as it was before the caller's code runs again. */
  leave(): void;
  /** Leaves, and lets go of what it holds (also when leaving fails). */
  close(): void;
}

export const FileLookup = {
  /** The working-folder lookup where the working folder can be held and entered again; else the /proc one. */
  start(): FileLookup {
    return WorkingFolder.remember() ?? new ProcFolder();
  },
};

/** Linux's O_PATH (Node's fs.constants lacks it): a handle on a folder that needs no read permission. */
export const O_PATH = 0o10000000;

/**
 * The process's working folder, moved into the folder held open for its files' lstat and put back
 * where it was. Why: an lstat by a bare name looks up that one name in the working folder, which
 * is the cheapest lookup the kernel has; an lstat of `/proc/self/fd/N/name` first resolves the
 * /proc entry (about 60% of a scan's time, measured), and one by the full path walks every folder
 * on the way, following a link swapped in for any of them. Why it is safe: chdir into
 * `/proc/self/fd/N` lands in the folder that descriptor holds (the kernel jumps to the open
 * folder itself, not along a path), so a folder renamed or swapped for a link after it was
 * opened changes nothing; a bare name has no folder on its way to follow; and lstat does not
 * follow the name itself. This is how find(1) and fts(3) stat (fchdir into each folder). The
 * move lasts only while the walk runs synchronously: it leaves before each run of entries is
 * handed out (and on any error), so no other code of the process ever runs in the moved folder.
 */
class WorkingFolder implements FileLookup {
  private moved = false;

  private constructor(private readonly home: number) {}

  /**
   * Holds the current working folder (by descriptor, so it is found again even if renamed
   * meanwhile); null when it cannot be held or entered again, e.g. `sudo -u svc retention …` run
   * from root's home, which svc may not search: not the target's fault, and the /proc lookup works.
   */
  static remember(): WorkingFolder | null {
    let home: number;
    try {
      home = fs.openSync('.', O_PATH | fs.constants.O_DIRECTORY);
    } catch {
      return null;
    }
    try {
      process.chdir(inFolder(home, ''));
      return new WorkingFolder(home);
    } catch {
      fs.closeSync(home);
      return null;
    }
  }

  enter(fd: number): string | null {
    try {
      process.chdir(inFolder(fd, ''));
      this.moved = true;
      return null;
    } catch (err) {
      return describeFsError('entering the folder', err);
    }
  }

  pathOf(name: string): string {
    return name;
  }

  /**
   * An environment error when the working folder cannot be entered again (its permissions changed
   * during the scan); the process then waits in `/`, never inside the scanned tree.
   */
  leave(): void {
    if (!this.moved) return;
    try {
      process.chdir(inFolder(this.home, ''));
    } catch (err) {
      process.chdir('/');
      throw environmentError(
        'environment.working-folder',
        `the scan could not return to the working folder it was started in: ${describeFsError('entering it again', err)}; nothing was written or imported — run the scan from a folder this user may enter`,
      );
    } finally {
      this.moved = false;
    }
  }

  close(): void {
    try {
      this.leave();
    } finally {
      fs.closeSync(this.home);
    }
  }
}

/** Each file by `/proc/self/fd/N/name`: slower (the /proc entry is resolved each time), but the working folder is left alone. */
class ProcFolder implements FileLookup {
  private fd = -1;

  enter(fd: number): string | null {
    this.fd = fd;
    return null;
  }

  pathOf(name: string): string {
    return inFolder(this.fd, name);
  }

  leave(): void {}

  close(): void {}
}
