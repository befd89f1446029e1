/**
 * Removing the folders that deletions left empty, so a client's folder does not outlive its
 * files. Only fs.rmdir, which refuses a folder that is not empty; never the root itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { belowRootPrefix } from './files-paths.js';

/**
 * Tries to remove each folder in `folders` (all strictly below `root`) and then its parents,
 * deepest first, stopping at the root. Folders that are not empty, or cannot be removed for
 * any other reason, are left alone: the deletions they follow have already succeeded.
 */
export function removeEmptyFolders(folders: Iterable<string>, root: string): void {
  const prefix = belowRootPrefix(root);
  const byDepth = new Map<number, Set<string>>();
  let deepest = 0;
  const enqueue = (dir: string): void => {
    if (!dir.startsWith(prefix)) return;
    const depth = dir.split(path.sep).length;
    let level = byDepth.get(depth);
    if (!level) byDepth.set(depth, (level = new Set()));
    level.add(dir);
    deepest = Math.max(deepest, depth);
  };
  for (const dir of folders) enqueue(dir);
  // A parent is always one level shallower, so walking the levels downwards sees it after its children.
  for (let depth = deepest; depth > 0; depth--) {
    for (const dir of byDepth.get(depth) ?? []) {
      if (removeIfEmpty(dir)) enqueue(path.dirname(dir));
    }
  }
}

function removeIfEmpty(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch {
    // ENOTEMPTY / EEXIST is the usual answer; anything else is no reason to fail a deletion.
    return false;
  }
}
