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
 * follows have already succeeded. The folders of one parent are removed together in libuv's
 * pool: like the close of a deleted file, an rmdir waits for the file system's journal.
 */
export async function removeEmptiedFolders(tree: HeldTree, folders: Iterable<readonly string[]>): Promise<void> {
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
    for (const children of byParent(byDepth.get(depth)?.values() ?? []).values()) {
      const removed = await removeIfEmpty(tree, children);
      if (removed) enqueue(children[0]!.slice(0, -1));
    }
  }
}

/** Folders grouped by their parent (by its key). */
function byParent(folders: Iterable<readonly string[]>): Map<string, (readonly string[])[]> {
  const groups = new Map<string, (readonly string[])[]>();
  for (const names of folders) {
    const key = names.slice(0, -1).join('/');
    const group = groups.get(key);
    if (group) group.push(names);
    else groups.set(key, [names]);
  }
  return groups;
}

/**
 * Removes those of `children` (folders of one parent) that are empty; true when one was. The
 * parent's descriptor is looked up once and no other folder is, until every rmdir has answered:
 * the held tree closes descriptors only when another folder is looked up, so the one the pool
 * resolves each path through stays this parent's.
 */
async function removeIfEmpty(tree: HeldTree, children: readonly (readonly string[])[]): Promise<boolean> {
  const parent = tree.folder(children[0]!.slice(0, -1));
  if (parent.kind !== 'open') return false;
  const removed = await Promise.all(
    children.map(
      (names) =>
        new Promise<boolean>((resolve) => {
          // ENOTEMPTY is the usual refusal; none is a reason to fail a deletion.
          fs.rmdir(inFolder(parent.fd, names.at(-1)!), (err) => resolve(err === null));
        }),
    ),
  );
  return removed.includes(true);
}
