/**
 * When a missing file may be reported "already absent" (issue 8.7, DESIGN §6). A miss is
 * believed only where the tool can see that the storage is there:
 *
 * - the root passes its mount check: its sentinel file is there when the config names one
 *   (checked by the target for the whole batch), and the root is not empty either way;
 * - the file's own folder exists: a missing folder may be a renamed one, or a share mounted
 *   below the root that is not mounted now;
 * - that folder is not empty: an empty folder is what a share that is not mounted looks like,
 *   below the root as at the root. This covers every mount point below the root, mounted or
 *   not, without comparing devices (a non-empty folder below a mount point has a non-empty
 *   mount point above it);
 * - no other name in that folder differs from the file's only by case or Unicode form.
 *
 * Settling a run that died between a deletion and its outcome (issue C2) is the one exception
 * to the empty folder: that run was deleting exactly this file, so the folder its deletion
 * emptied is what is expected (its removal waits until the outcome is committed).
 *
 * Otherwise the record fails and stays due: a person checks, rather than the log claiming a
 * deletion that may not have happened.
 */
import fs from 'node:fs';
import { ROOT_KEY, inFolder, type HeldTree } from './files-held.js';

export const ROOT_EMPTY = 'not deleted: the target root is empty — is its share mounted? "already absent" is not believed';
export const MOUNT_CHECK_FAILED =
  'not deleted: the target root failed its mount check (its sentinel file is missing) — is its share mounted? Nothing of this target is deleted this run';
const FOLDER_MISSING = 'not deleted: its folder is missing — "already absent" is believed only in a folder that exists';
const FOLDER_EMPTY = 'not deleted: its folder is empty — is a share mounted there? "already absent" is not believed';
const SIMILAR_FILE = 'not deleted: a file with a similar name exists (differing only in case or Unicode form) — check the reference';
const SIMILAR_FOLDER = 'not deleted: a folder with a similar name exists (differing only in case or Unicode form) — check the reference';
const UNREADABLE = 'not deleted: its folder cannot be listed — "already absent" is not believed';

/** A name found missing: the file itself, or the first folder of its ref that is. */
export interface Miss {
  readonly kind: 'file' | 'folder';
  /** The held folder it is missing from. */
  readonly in: string;
  readonly name: string;
}

/** How a miss is judged: `afterOwnDeletion` when a run of the tool was deleting this very file (settling it). */
export interface MissContext {
  readonly afterOwnDeletion?: boolean;
}

/** Why this miss is not believed to be "already absent"; null when it is. */
export function doubtAboutMiss(tree: HeldTree, miss: Miss, context: MissContext = {}): string | null {
  const rootEmpty = tree.isEmpty(ROOT_KEY);
  if (rootEmpty === null) return UNREADABLE;
  if (rootEmpty) return ROOT_EMPTY;
  const names = tree.names(miss.in);
  if (names === null) return UNREADABLE;
  if (miss.kind === 'folder') return names.hasSimilar(miss.name) ? SIMILAR_FOLDER : FOLDER_MISSING;
  if (names.isEmpty && context.afterOwnDeletion !== true) return FOLDER_EMPTY;
  return names.hasSimilar(miss.name) ? SIMILAR_FILE : null;
}

/** doubtAboutMiss() === null, without reading folders to word a doubt: a missing folder is never believed. */
export function isBelievedAbsent(tree: HeldTree, miss: Miss, context: MissContext = {}): boolean {
  return miss.kind === 'file' && doubtAboutMiss(tree, miss, context) === null;
}

/** Whether the sentinel file the config names is a regular file in the root. */
export function hasSentinel(tree: HeldTree, sentinel: string): boolean {
  try {
    return fs.lstatSync(inFolder(tree.rootFd, sentinel), { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
