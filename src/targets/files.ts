/**
 * `files` targets: a root folder; a ref is a relative path to one regular file below it.
 * This is health data, so nothing outside the root may ever be touched, also when folders are
 * swapped for links during a run: every folder is held open and the file is checked and
 * removed through it (files-held.ts, files-leaf.ts). A missing file counts as "already
 * absent" only where the storage is visibly there (files-absence.ts), and a configured
 * `sentinel` file proves the root's share is mounted.
 */
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { environmentError } from '../errors.js';
import { MOUNT_CHECK_FAILED, doubtAboutMiss, hasSentinel, isBelievedAbsent, type Miss } from './files-absence.js';
import { removeEmptiedFolders } from './files-cleanup.js';
import { HeldTree, identifyRoot, type RootIdentity } from './files-held.js';
import { deleteLeaf, leafKind } from './files-leaf.js';
import { PooledCloser } from './files-closer.js';
import { splitRef, type RefParts } from './files-paths.js';
import type { OwnFile, OwnFiles } from './own-files.js';
import { isSameFile } from './files-fingerprint.js';
import type { FoundAgain, Target, TargetOutcome, TargetType } from './types.js';

const FilesConfigSchema = Type.Object(
  {
    type: Type.Literal('files'),
    root: Type.String({ minLength: 1 }),
    /** A file that must exist in the root (a share's mount check), e.g. `.retention-root`. */
    sentinel: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type FilesConfig = Static<typeof FilesConfigSchema>;

/** Whether a target's config block is a `files` one (the config loader has checked it against the schema). */
export function isFilesConfig(config: unknown): config is FilesConfig {
  return Value.Check(FilesConfigSchema, config);
}

export const filesTargetType: TargetType<FilesConfig> = {
  type: 'files',
  configSchema: FilesConfigSchema,
  check(config) {
    const sentinel = sentinelProblem(config);
    return sentinel ? [sentinel] : [];
  },
  ownFiles(config, baseDir): OwnFile[] {
    return config.sentinel === undefined || sentinelProblem(config)
      ? []
      : [{ path: path.resolve(baseDir, config.root, config.sentinel), role: 'sentinel' }];
  },
  async open(name, config, baseDir, own) {
    return new FilesTarget(name, openFilesRoot(name, config, baseDir), config.sentinel ?? null, own);
  },
};

/**
 * The root of the `files` target `name`, identified once (what every later step checks it is
 * still the same folder against); `target.unusable` when the root or the sentinel's name is wrong.
 */
export function openFilesRoot(name: string, config: FilesConfig, baseDir: string): RootIdentity {
  const sentinel = sentinelProblem(config);
  if (sentinel) throw environmentError('target.unusable', `target "${name}": ${sentinel}`, { target: name });
  const root = identifyRoot(path.resolve(baseDir, config.root));
  if ('error' in root) throw environmentError('target.unusable', `target "${name}": ${root.error}`, { target: name });
  return root;
}

/** The sentinel is looked up in the root only: a plain file name, never a path. */
function sentinelProblem(config: FilesConfig): string | null {
  const name = config.sentinel;
  if (name === undefined || (name !== '.' && name !== '..' && !/[/\\\0]/.test(name))) return null;
  return `sentinel "${name}" must be the name of a file in the root (no "/", not "." or "..")`;
}

const failed = (ref: string, error: string): TargetOutcome => ({ ref, outcome: 'failed', error });

class FilesTarget implements Target {
  readonly type = 'files';
  /** Set once the sentinel is found missing: nothing of this target is deleted for the rest of the run. */
  private mountCheckFailed = false;
  /** Refs this run deleted: a second record listing one of them (deleted with the first) finds it gone. */
  private readonly deletedThisRun = new Set<string>();
  /** Folders deletions (or settled ones) left empty, by key, kept until their outcomes are committed (tidy). */
  private emptied = new Map<string, readonly string[]>();
  /** Closes the files unlinked, in the pool, while the run goes on (files-closer.ts). */
  private readonly closer = new PooledCloser();

  constructor(
    readonly name: string,
    private readonly root: RootIdentity,
    private readonly sentinel: string | null,
    private readonly own: OwnFiles,
  ) {}

  /** Pre-flight: why this target must not be deleted from now (root gone or replaced, sentinel missing); [] when fine. */
  async check(): Promise<string[]> {
    const tree = HeldTree.open(this.root);
    if ('error' in tree) return [`root ${this.root.path}: ${tree.error}`];
    try {
      if (this.sentinel === null || hasSentinel(tree, this.sentinel)) return [];
      return [`root ${this.root.path} failed its mount check: the sentinel file "${this.sentinel}" is missing — is its share mounted?`];
    } finally {
      tree.close();
    }
  }

  // Sync fs calls on purpose: one promise hop per batch instead of five per file
  // (100,000 deletions are benchmarked against `find -delete`); only the closes that give the
  // unlinked files' space back go to the pool (files-closer.ts).
  async deleteBatch(refs: readonly string[]): Promise<TargetOutcome[]> {
    const tree = HeldTree.open(this.root);
    if ('error' in tree) return refs.map((ref) => failed(ref, tree.error));
    const closer = this.closer;
    try {
      if (this.sentinel !== null && !this.mountCheckFailed) this.mountCheckFailed = !hasSentinel(tree, this.sentinel);
      if (this.mountCheckFailed) return refs.map((ref) => failed(ref, MOUNT_CHECK_FAILED));
      // The folders emptied are removed by tidy(), once the outcomes are committed.
      const ctx: DeleteContext = { emptied: this.emptied, deleted: this.deletedThisRun, own: this.own, closer };
      const outcomes: TargetOutcome[] = [];
      for (const ref of refs) {
        if (closer.full) await closer.roomy();
        outcomes.push(deleteOne(tree, ref, ctx));
      }
      return outcomes;
    } finally {
      tree.close();
    }
  }

  async tidy(): Promise<void> {
    if (this.emptied.size === 0) return;
    const tree = HeldTree.open(this.root);
    // A root gone since: the folders stay, which fails nothing.
    if ('error' in tree) return;
    try {
      await removeEmptiedFolders(tree, this.emptied.values());
    } finally {
      tree.close();
      this.emptied = new Map();
    }
  }

  /**
   * true for a regular file; false only for a miss that is believed (see files-absence.ts; the
   * folder a deletion by the tool emptied counts as there, and is removed by the next tidy());
   * otherwise 'unknown'.
   */
  async exists(ref: string): Promise<boolean | 'unknown'> {
    const parts = splitRef(ref);
    if ('error' in parts) return 'unknown';
    const tree = HeldTree.open(this.root);
    if ('error' in tree) return 'unknown';
    try {
      const miss = findLeaf(tree, parts);
      if (miss === 'unknown') return 'unknown';
      if ('fingerprint' in miss) return true;
      const mounted = this.sentinel === null || hasSentinel(tree, this.sentinel);
      if (!mounted || !isBelievedAbsent(tree, miss, { afterOwnDeletion: true })) return 'unknown';
      if (parts.folders.length > 0) this.emptied.set(miss.in, parts.folders);
      return false;
    } finally {
      tree.close();
    }
  }

  async findAgain(ref: string, fingerprint: string | null): Promise<FoundAgain> {
    const parts = splitRef(ref);
    if ('error' in parts) return 'none';
    const tree = HeldTree.open(this.root);
    if ('error' in tree) return 'none';
    try {
      const found = findLeaf(tree, parts);
      if (found === 'unknown' || !('fingerprint' in found)) return 'none';
      if (fingerprint === null) return 'unverified';
      return isSameFile(fingerprint, found.fingerprint) ? 'same' : 'different';
    } finally {
      tree.close();
    }
  }

  /** Each look opens the root afresh: an 'unknown' is about that item, never the whole target. */
  unavailableReason(): string | null {
    return null;
  }

  async close(): Promise<void> {
    await this.closer.drained();
  }
}

interface DeleteContext {
  /** Where a deletion adds the file's folder: the candidates for removal. */
  readonly emptied: Map<string, readonly string[]>;
  /** Where a deletion adds its ref. */
  readonly deleted: Set<string>;
  /** Never deleted, whatever a record says. */
  readonly own: OwnFiles;
  /** Closes what was unlinked. */
  readonly closer: PooledCloser;
}

function deleteOne(tree: HeldTree, ref: string, { emptied, deleted, own, closer }: DeleteContext): TargetOutcome {
  const parts = splitRef(ref);
  if ('error' in parts) return failed(ref, parts.error);
  if (deleted.has(ref)) return { ref, outcome: 'absent' };
  const folder = tree.folder(parts.folders);
  if (folder.kind === 'refused') return failed(ref, folder.error);
  if (folder.kind === 'missing') return absentOrFailed(tree, ref, { kind: 'folder', in: folder.parentKey, name: folder.name });
  const result = deleteLeaf(folder.fd, parts.leaf, own, closer);
  if (result === 'missing') return absentOrFailed(tree, ref, { kind: 'file', in: folder.key, name: parts.leaf });
  if ('error' in result) return failed(ref, result.error);
  if (parts.folders.length > 0) emptied.set(folder.key, parts.folders);
  deleted.add(ref);
  return { ref, outcome: 'deleted', fingerprint: result.fingerprint };
}

function absentOrFailed(tree: HeldTree, ref: string, miss: Miss): TargetOutcome {
  const doubt = doubtAboutMiss(tree, miss);
  return doubt === null ? { ref, outcome: 'absent' } : failed(ref, doubt);
}

/** The ref's regular file (its fingerprint), or what is missing, or 'unknown' (refused on the way, not a regular file). */
function findLeaf(tree: HeldTree, parts: RefParts): { readonly fingerprint: string } | 'unknown' | Miss {
  const folder = tree.folder(parts.folders);
  if (folder.kind === 'refused') return 'unknown';
  if (folder.kind === 'missing') return { kind: 'folder', in: folder.parentKey, name: folder.name };
  const kind = leafKind(folder.fd, parts.leaf);
  if (kind === 'missing') return { kind: 'file', in: folder.key, name: parts.leaf };
  return kind === 'other' ? 'unknown' : kind;
}
