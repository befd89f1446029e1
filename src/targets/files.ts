/**
 * `files` targets: a root folder; a ref is a relative path to one regular file below it.
 * This is health data, so nothing outside the root may ever be touched: see files-paths.ts
 * for how a ref becomes a checked path, and deleteRegularFile for the leaf checks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { usageError } from '../errors.js';
import { removeEmptyFolders } from './files-cleanup.js';
import { RootedLocator, describeFsError, errorCode } from './files-paths.js';
import type { Target, TargetOutcome, TargetType } from './types.js';

const FilesConfigSchema = Type.Object(
  { type: Type.Literal('files'), root: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type FilesConfig = Static<typeof FilesConfigSchema>;

const IS_SYMLINK = 'refused: is a symbolic link';
/**
 * A root that is an empty folder is most likely a share that is not mounted: every file would
 * look "already absent" and be logged as deleted while it still exists. Not believed.
 */
const ROOT_EMPTY = 'not deleted: the target root is empty — is its share mounted? "already absent" is not believed';
// O_NONBLOCK: if a FIFO is swapped in after the lstat, open must not hang the run.
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

export const filesTargetType: TargetType<FilesConfig> = {
  type: 'files',
  configSchema: FilesConfigSchema,
  check(config, baseDir) {
    return rootProblems(path.resolve(baseDir, config.root));
  },
  async open(name, config, baseDir) {
    const given = path.resolve(baseDir, config.root);
    let root: string;
    try {
      root = await fs.promises.realpath(given);
    } catch {
      throw usageError(`target "${name}": root ${given} does not exist`);
    }
    if (!(await fs.promises.stat(root)).isDirectory()) {
      throw usageError(`target "${name}": root ${given} is not a folder`);
    }
    return new FilesTarget(name, root);
  },
};

/** Why `root` cannot serve as a target root now; [] when it is a folder. */
function rootProblems(root: string): string[] {
  try {
    const stats = fs.statSync(root, { throwIfNoEntry: false });
    if (!stats) return [`root ${root} does not exist`];
    return stats.isDirectory() ? [] : [`root ${root} is not a folder`];
  } catch (err) {
    return [`root ${root}: ${describeFsError('stat', err)}`];
  }
}

class FilesTarget implements Target {
  readonly type = 'files';
  constructor(
    readonly name: string,
    private readonly root: string,
  ) {}

  // Sync fs calls on purpose: one promise hop per batch instead of five per file
  // (100,000 deletions are benchmarked against `find -delete`).
  async deleteBatch(refs: readonly string[]): Promise<TargetOutcome[]> {
    const locator = new RootedLocator(this.root);
    const emptiedCandidates = new Set<string>();
    const outcomes = refs.map((ref): TargetOutcome => {
      const location = locator.locate(ref);
      if (location.kind === 'refused') return { ref, outcome: 'failed', error: location.error };
      if (location.kind === 'absent') return this.rootIsEmpty() ? { ref, outcome: 'failed', error: ROOT_EMPTY } : { ref, outcome: 'absent' };
      const result = deleteRegularFile(location.full);
      if (result === 'deleted') emptiedCandidates.add(location.dir);
      if (result === 'absent' && this.rootIsEmpty()) return { ref, outcome: 'failed', error: ROOT_EMPTY };
      return typeof result === 'string' ? { ref, outcome: result } : { ref, outcome: 'failed', error: result.error };
    });
    removeEmptyFolders(emptiedCandidates, this.root);
    return outcomes;
  }

  /** true for a regular file, false when nothing is there, 'unknown' when the ref is refused or unreadable. */
  async exists(ref: string): Promise<boolean | 'unknown'> {
    const location = new RootedLocator(this.root).locate(ref);
    if (location.kind === 'refused') return 'unknown';
    if (location.kind === 'absent') return this.rootIsEmpty() ? 'unknown' : false;
    try {
      const stats = fs.lstatSync(location.full, { throwIfNoEntry: false });
      if (!stats) return this.rootIsEmpty() ? 'unknown' : false;
      return stats.isFile() ? true : 'unknown';
    } catch {
      return 'unknown';
    }
  }

  /** Pre-flight: the root may have gone (an unmounted share) since the config was read. */
  async check(): Promise<string[]> {
    return rootProblems(this.root);
  }

  async close(): Promise<void> {}

  private rootIsEmpty(): boolean {
    try {
      return fs.readdirSync(this.root).length === 0;
    } catch {
      return true;
    }
  }
}

/**
 * Unlinks `full` (in a checked folder) if it is a regular file. The open with O_NOFOLLOW and
 * the dev/ino comparison catch a file swapped for a symlink or another file after the lstat.
 */
function deleteRegularFile(full: string): 'deleted' | 'absent' | { error: string } {
  let before: fs.BigIntStats | undefined;
  try {
    before = fs.lstatSync(full, { bigint: true, throwIfNoEntry: false });
  } catch (err) {
    return { error: describeFsError('lstat', err) };
  }
  if (!before) return 'absent';
  if (before.isSymbolicLink()) return { error: IS_SYMLINK };
  if (!before.isFile()) return { error: 'refused: not a regular file' };

  let fd: number;
  try {
    fd = fs.openSync(full, OPEN_FLAGS);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT') return 'absent';
    return { error: code === 'ELOOP' ? IS_SYMLINK : describeFsError('open', err) };
  }
  try {
    const opened = fs.fstatSync(fd, { bigint: true });
    if (opened.dev !== before.dev || opened.ino !== before.ino || !opened.isFile()) {
      return { error: 'refused: file was replaced during deletion' };
    }
    fs.unlinkSync(full);
    return 'deleted';
  } catch (err) {
    return errorCode(err) === 'ENOENT' ? 'absent' : { error: describeFsError('delete', err) };
  } finally {
    fs.closeSync(fd);
  }
}
