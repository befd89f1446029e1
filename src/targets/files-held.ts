/**
 * The root of a `files` target and the folders below it, held open for one batch (HINTS
 * "Deleting files safely", issue 8.1). Each folder is opened through the one above it as
 * `/proc/self/fd/<parent fd>/<name>` with O_DIRECTORY | O_NOFOLLOW: the kernel looks the name
 * up inside the folder already open, not along a path, so a folder swapped for a symbolic
 * link before it is opened is refused, and one swapped after changes nothing — the batch goes
 * on working in the folder it opened. (A folder renamed out of the root after it was opened
 * is worked in all the same: what is deleted there are the files it held, checked one by one,
 * and nothing a link leads to.) Node has no openat/unlinkat, and this is how Linux offers
 * them; where it is missing the target refuses to open (identifyRoot).
 */
import fs from 'node:fs';
import { FolderNames } from './files-names.js';
import { NOT_A_FOLDER_ON_THE_WAY, SYMLINK_ON_THE_WAY, describeFsError } from './files-paths.js';
import { errnoCode } from '../error-details.js';

const FOLDER_FLAGS = fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW;
/** Folders held at once; past that the least recently used are closed, and walked again if needed. */
const MAX_HELD = 256;
/** The key of the root among the held folders: the folders of a ref joined with '/'. */
export const ROOT_KEY = '';

export const ROOT_UNAVAILABLE = 'target root is not available';
const ROOT_REPLACED = 'target root is no longer the folder the run started with (unmounted or remounted?)';
const NO_HELD_FOLDERS =
  "files cannot be deleted safely here: that needs Linux's /proc/self/fd (to hold each folder open while deleting in it), which is not available; nothing was deleted";

/** `name` inside the folder open as `fd`, as a path the kernel resolves through that open folder. */
export function inFolder(fd: number, name: string): string {
  return `/proc/self/fd/${fd}/${name}`;
}

/** The root as found when the target was opened: its real path, and which folder that was. */
export interface RootIdentity {
  readonly path: string;
  readonly dev: bigint;
  readonly ino: bigint;
}

/**
 * The root's real path and identity, or why the target cannot work there: the root is missing
 * or not a folder, or folders cannot be held open on this system (then nothing may be deleted
 * at all, rather than fall back to checks that a swapped folder defeats).
 */
export function identifyRoot(given: string): RootIdentity | { readonly error: string } {
  if (process.platform !== 'linux') return { error: NO_HELD_FOLDERS };
  let real: string;
  try {
    real = fs.realpathSync.native(given);
  } catch (err) {
    return { error: errnoCode(err) === 'ENOENT' ? `root ${given} does not exist` : `root ${given}: ${describeFsError('resolving', err)}` };
  }
  let fd: number;
  try {
    fd = fs.openSync(real, FOLDER_FLAGS);
  } catch (err) {
    return { error: errnoCode(err) === 'ENOTDIR' ? `root ${given} is not a folder` : `root ${given}: ${describeFsError('open', err)}` };
  }
  try {
    const stats = fs.fstatSync(fd, { bigint: true });
    return resolvesThroughFd(fd, stats) ? { path: real, dev: stats.dev, ino: stats.ino } : { error: NO_HELD_FOLDERS };
  } finally {
    fs.closeSync(fd);
  }
}

function resolvesThroughFd(fd: number, stats: fs.BigIntStats): boolean {
  try {
    const through = fs.statSync(inFolder(fd, '.'), { bigint: true });
    return through.dev === stats.dev && through.ino === stats.ino;
  } catch {
    return false;
  }
}

/** Where the folders of a ref lead. */
export type FolderLookup =
  | { readonly kind: 'open'; readonly fd: number; readonly key: string }
  /** The first folder of the ref that is missing: `name`, in the held folder `parentKey`. */
  | { readonly kind: 'missing'; readonly parentKey: string; readonly name: string }
  | { readonly kind: 'refused'; readonly error: string };

interface Held {
  readonly fd: number;
  /** Read on first need; null when the folder cannot be read. */
  names?: FolderNames | null;
}

/** One batch's open folders. Always close() it: it holds file descriptors. */
export class HeldTree {
  private readonly held = new Map<string, Held>();

  private constructor(readonly rootFd: number) {
    this.held.set(ROOT_KEY, { fd: rootFd });
  }

  /** Opens the root for a batch: refused when it is gone, or is not the folder the target opened. */
  static open(root: RootIdentity): HeldTree | { readonly error: string } {
    let fd: number;
    try {
      fd = fs.openSync(root.path, FOLDER_FLAGS);
    } catch {
      return { error: ROOT_UNAVAILABLE };
    }
    const tree = new HeldTree(fd);
    let same = false;
    try {
      const stats = fs.fstatSync(fd, { bigint: true });
      same = stats.dev === root.dev && stats.ino === root.ino;
    } catch {
      // judged below like a replaced root
    }
    if (same) return tree;
    tree.close();
    return { error: ROOT_REPLACED };
  }

  /**
   * The folder `folders` (from the root down) held open, each folder opened through the one
   * above it. The fd stays valid until the next call (older folders may then be closed).
   */
  folder(folders: readonly string[]): FolderLookup {
    const key = folders.join('/');
    const hit = this.held.get(key);
    if (hit) {
      this.markUsed(key, hit);
      return { kind: 'open', fd: hit.fd, key };
    }
    this.closeLeastUsed();
    let parentFd = this.rootFd;
    let parentKey = ROOT_KEY;
    for (const name of folders) {
      const childKey = parentKey === ROOT_KEY ? name : `${parentKey}/${name}`;
      let child = this.held.get(childKey);
      if (!child) {
        const opened = openFolder(parentFd, name);
        if (opened === 'missing') return { kind: 'missing', parentKey, name };
        if (typeof opened !== 'number') return { kind: 'refused', error: opened.error };
        child = { fd: opened };
        this.held.set(childKey, child);
      }
      parentFd = child.fd;
      parentKey = childKey;
    }
    return { kind: 'open', fd: parentFd, key };
  }

  /**
   * The names in the held folder `key` (one that the last folder() call went through), read
   * once per batch; null when it cannot be read.
   */
  names(key: string): FolderNames | null {
    const held = this.held.get(key);
    if (!held) return null;
    if (held.names === undefined) {
      try {
        held.names = new FolderNames(fs.readdirSync(inFolder(held.fd, '')));
      } catch {
        held.names = null;
      }
    }
    return held.names;
  }

  /** Whether the held folder `key` has no entry at all (reads one, not the whole listing); null when it cannot be read. */
  isEmpty(key: string): boolean | null {
    const held = this.held.get(key);
    if (!held) return null;
    if (held.names !== undefined) return held.names?.isEmpty ?? null;
    try {
      const dir = fs.opendirSync(inFolder(held.fd, ''));
      try {
        return dir.readSync() === null;
      } finally {
        dir.closeSync();
      }
    } catch {
      return null;
    }
  }

  close(): void {
    for (const { fd } of this.held.values()) fs.closeSync(fd);
    this.held.clear();
  }

  private markUsed(key: string, held: Held): void {
    if (key === ROOT_KEY) return;
    this.held.delete(key);
    this.held.set(key, held);
  }

  private closeLeastUsed(): void {
    // A Map iterates in insertion order and markUsed re-inserts, so the first are the least used.
    for (const [key, { fd }] of this.held) {
      if (this.held.size < MAX_HELD) return;
      if (key === ROOT_KEY) continue;
      fs.closeSync(fd);
      this.held.delete(key);
    }
  }
}

function openFolder(parentFd: number, name: string): number | 'missing' | { readonly error: string } {
  const at = inFolder(parentFd, name);
  try {
    return fs.openSync(at, FOLDER_FLAGS);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') return 'missing';
    // O_DIRECTORY | O_NOFOLLOW answers ENOTDIR for a link as for a file; lstat tells them apart (for the message only).
    if (code === 'ENOTDIR' || code === 'ELOOP') return { error: isSymlink(at) ? SYMLINK_ON_THE_WAY : NOT_A_FOLDER_ON_THE_WAY };
    return { error: describeFsError('opening a folder', err) };
  }
}

function isSymlink(at: string): boolean {
  try {
    return fs.lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  } catch {
    return false;
  }
}
