/**
 * Turning a `files` ref into a path that is provably inside the target root, or refusing it.
 * Node has no unlinkat, so the guarantee is built from realpath checks on the folder
 * (DESIGN §6, HINTS "Deleting files safely"). Messages never contain the path: they go to
 * the audit log, which holds no paths.
 */
import fs from 'node:fs';
import path from 'node:path';

export const SYMLINK_ON_THE_WAY = 'refused: symbolic link on the way';
const ESCAPES_ROOT = 'refused: path escapes the target root';
const ROOT_UNAVAILABLE = 'target root is not available';

/** Where a ref leads: a checked path, nowhere (its folder is gone), or a refusal. */
export type Location =
  | { kind: 'path'; full: string; dir: string }
  | { kind: 'absent' }
  | { kind: 'refused'; error: string };

type FolderVerdict = { kind: 'ok' } | { kind: 'absent' } | { kind: 'refused'; error: string };

/** Why a ref is refused before anything on disk is looked at; null for a plain relative path. */
export function refusalOfRef(ref: string): string | null {
  if (ref === '') return 'refused: empty reference';
  if (ref.includes('\0')) return 'refused: NUL byte in reference';
  if (path.isAbsolute(ref)) return 'refused: absolute path';
  if (ref.includes('\\')) return 'refused: backslash in reference';
  if (ref.split('/').includes('..')) return "refused: '..' segment";
  return null;
}

/** `failed (CODE)` from a Node error, without its message (which holds the path). */
export function describeFsError(action: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return `${action} failed (${code ?? 'unknown error'})`;
}

/** The errno code of a Node fs error (ENOENT, ELOOP...), if any. */
export function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** What every path strictly below `root` starts with. */
export function belowRootPrefix(root: string): string {
  return root.endsWith(path.sep) ? root : root + path.sep;
}

/**
 * Locates refs below one root (already a realpath). Folder verdicts are cached: a folder's
 * realpath is taken as stable for the life of one checker, so make one per batch.
 */
export class RootedLocator {
  private readonly prefix: string;
  private readonly folders = new Map<string, FolderVerdict>();

  constructor(readonly root: string) {
    this.prefix = belowRootPrefix(root);
  }

  /** Whether `p` is strictly below the root (lexically). */
  isBelowRoot(p: string): boolean {
    return p.startsWith(this.prefix);
  }

  locate(ref: string): Location {
    const refusal = refusalOfRef(ref);
    if (refusal) return { kind: 'refused', error: refusal };
    const full = path.join(this.root, ref);
    const dir = path.dirname(full);
    // '..' is already refused; this catches refs such as "." or "./" that name the root itself.
    if (!this.isBelowRoot(full) || (dir !== this.root && !this.isBelowRoot(dir))) {
      return { kind: 'refused', error: ESCAPES_ROOT };
    }
    const verdict = this.folderVerdict(dir);
    return verdict.kind === 'ok' ? { kind: 'path', full, dir } : verdict;
  }

  private folderVerdict(dir: string): FolderVerdict {
    let verdict = this.folders.get(dir);
    if (verdict === undefined) {
      verdict = this.judgeFolder(dir);
      this.folders.set(dir, verdict);
    }
    return verdict;
  }

  /** The root is real, so a folder below it is safe exactly when its realpath is itself. */
  private judgeFolder(dir: string): FolderVerdict {
    try {
      // The lexical path is below the root and has no '..', so any difference is a symlink.
      if (fs.realpathSync.native(dir) === dir) return { kind: 'ok' };
      return { kind: 'refused', error: SYMLINK_ON_THE_WAY };
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') return { kind: 'refused', error: describeFsError('resolving the folder', err) };
      return this.judgeMissingFolder(dir);
    }
  }

  /**
   * A missing folder means the file is gone, unless what is missing sits behind a symlink
   * (a share that is not mounted, say): that is refused like any symlink on the way, so a
   * record is never reported deleted while it may still exist. A vanished root is refused too.
   */
  private judgeMissingFolder(dir: string): FolderVerdict {
    for (let d = dir; d !== this.root && this.isBelowRoot(d); d = path.dirname(d)) {
      let stats: fs.Stats | undefined;
      try {
        stats = fs.lstatSync(d, { throwIfNoEntry: false });
      } catch (err) {
        return { kind: 'refused', error: describeFsError('resolving the folder', err) };
      }
      if (stats === undefined) continue;
      if (stats.isSymbolicLink()) return { kind: 'refused', error: SYMLINK_ON_THE_WAY };
      return resolvesToItself(d) ? { kind: 'absent' } : { kind: 'refused', error: SYMLINK_ON_THE_WAY };
    }
    return resolvesToItself(this.root) ? { kind: 'absent' } : { kind: 'refused', error: ROOT_UNAVAILABLE };
  }
}

function resolvesToItself(p: string): boolean {
  try {
    return fs.realpathSync.native(p) === p;
  } catch {
    return false;
  }
}
