/**
 * Removing the folders that a batch's deletions left empty, so a client's folder does not
 * outlive its files. Each is removed by rmdir through its parent held open (files-held.ts):
 * rmdir refuses a folder that is not empty, a symbolic link (ENOTDIR) and a mount point
 * (EBUSY), and the root is never a candidate, so nothing outside the root is ever removed.
 */
import fs from 'node:fs';
import { inFolder, type HeldTree } from './files-held.js';

/**
 * Tries to remove each folder in `folders` (each given as its names from the root down, at
 * least one) and then its parents, deepest first, stopping below the root. A folder that is
 * not empty, or cannot be removed for any other reason, is left alone: the deletions it
 * follows have already succeeded.
 */
export function removeEmptiedFolders(tree: HeldTree, folders: Iterable<readonly string[]>): void {
  const byDepth = new Map<number, Map<string, readonly string[]>>();
  let deepest = 0;
  const enqueue = (names: readonly string[]): void => {
    if (names.length === 0) return;
    let level = byDepth.get(names.length);
    if (!level) byDepth.set(names.length, (level = new Map<string, readonly string[]>()));
    level.set(names.join('/'), names);
    deepest = Math.max(deepest, names.length);
  };
  for (const names of folders) enqueue(names);
  // A parent is always one level shallower, so walking the levels upwards sees it after its children.
  for (let depth = deepest; depth > 0; depth--) {
    for (const names of byDepth.get(depth)?.values() ?? []) {
      if (removeIfEmpty(tree, names)) enqueue(names.slice(0, -1));
    }
  }
}

function removeIfEmpty(tree: HeldTree, names: readonly string[]): boolean {
  const name = names.at(-1);
  const parent = tree.folder(names.slice(0, -1));
  if (name === undefined || parent.kind !== 'open') return false;
  try {
    fs.rmdirSync(inFolder(parent.fd, name));
    return true;
  } catch {
    // ENOTEMPTY is the usual answer; anything else is no reason to fail a deletion.
    return false;
  }
}
