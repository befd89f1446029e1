/**
 * Walking a `files` target's tree for `inventory scan`, with the target's own guards
 * (files-held.ts): every folder is opened through the one above it with O_NOFOLLOW, so a
 * symbolic link is never followed, not even one swapped in for a folder during the walk.
 * Folders are read as streams (one open listing per level), so memory does not grow with the
 * tree; the order is the file system's. Each file's modification time is read from inside the
 * folder held open (file-lookup.ts), as find(1) does with fchdir: one name looked up, no path.
 */
import fs from 'node:fs';
import { environmentError } from '../errors.js';
import { hasSentinel } from '../targets/files-absence.js';
import { HeldTree, inFolder, type RootIdentity } from '../targets/files-held.js';
import { describeFsError } from '../targets/files-paths.js';
import { FileLookup } from './file-lookup.js';
import { namesNotUtf8 } from './name-bytes.js';
import { Sidecar, SIDECAR_NAME, sentinelDated, type SidecarDate } from './sidecar.js';

/**
 * Why a name below the root is not a record. `bad-name`: the name is not UTF-8, so it reads
 * with U+FFFD and cannot even be looked up again by what it reads as (scan-records.ts adds the
 * names that read but cannot be a record's text). `sidecar-no-file`: a name a folder's sidecar
 * gives that its listing did not show as a file (a file deleted since, or a misspelt name).
 */
export type SkipReason = 'symbolic-link' | 'special-file' | 'unreadable' | 'bad-name' | 'sidecar-no-file';

export type WalkEntry =
  /**
   * A regular file: its path relative to the root ("a/b/c.pdf"), modification time, and the date
   * its folder's sidecar gives it (sidecar.ts), if any.
   */
  | { readonly kind: 'file'; readonly ref: string; readonly mtimeMs: number; readonly sidecar?: SidecarDate }
  | { readonly kind: 'skipped'; readonly ref: string; readonly reason: SkipReason; readonly detail?: string };

interface Level {
  readonly folders: readonly string[];
  readonly prefix: string;
  readonly dir: fs.Dir;
  readonly sidecar: Sidecar | null;
  /** The folder's names that are not UTF-8, shown by their bytes; read when the listing first shows one. */
  notUtf8?: Map<string, string[]>;
}

/**
 * Every name below `root`, depth first, as regular files and skipped names (links, FIFOs,
 * sockets, devices, folders or files that cannot be read). The target's `sentinel` file must
 * be in the root (its share is mounted) and is not itself listed, nor is any folder's sidecar,
 * which is read as the walk enters its folder (an input error when it cannot be used; a name it
 * gives that the folder does not list as a file is a `sidecar-no-file` entry). Entries come in runs of up to `chunk`, so a caller can await
 * between runs. `target.unusable` when the root cannot be opened, is no longer the folder
 * identified, or fails its mount check.
 */
export function* walkFiles(
  target: string,
  root: RootIdentity,
  options: { sentinel: string | null; chunk?: number },
): Generator<WalkEntry[]> {
  const chunk = options.chunk ?? 1000;
  const tree = HeldTree.open(root);
  if ('error' in tree) throw environmentError('target.unusable', `target "${target}": root ${root.path}: ${tree.error}`, { target });
  if (options.sentinel !== null && !hasSentinel(tree, options.sentinel)) {
    tree.close();
    throw environmentError(
      'target.unusable',
      `target "${target}": root ${root.path} failed its mount check: the sentinel file "${options.sentinel}" is missing — is its share mounted? Nothing was scanned`,
      { target },
    );
  }
  const levels: Level[] = [];
  let entries: WalkEntry[] = [];
  let working: FileLookup | null = null;
  try {
    working = FileLookup.start();
    const sidecar = Sidecar.read(tree.rootFd, `${target}:${SIDECAR_NAME}`);
    try {
      levels.push({ folders: [], prefix: '', dir: fs.opendirSync(inFolder(tree.rootFd, ''), { bufferSize: 256 }), sidecar });
    } catch (err) {
      throw environmentError('target.unusable', `target "${target}": root ${root.path}: ${describeFsError('listing the folder', err)}`, {
        target,
      });
    }
    // The folder the working folder is in now (its prefix), so files are looked up in it by name alone.
    let heldKey: string | null = null;
    for (let level = levels.at(-1); level !== undefined; level = levels.at(-1)) {
      const dirent = readEntry(level);
      if (dirent === null || 'failed' in dirent) {
        // A listing that fails half-way: what is left of that folder is reported, not guessed.
        if (dirent !== null)
          entries.push({ kind: 'skipped', ref: level.prefix.slice(0, -1) || '.', reason: 'unreadable', detail: dirent.failed });
        else
          for (const name of level.sidecar?.unusedNames() ?? [])
            entries.push({ kind: 'skipped', ref: level.prefix + name, reason: 'sidecar-no-file' });
        level.dir.closeSync();
        levels.pop();
        continue;
      }
      const ref = level.prefix + dirent.name;
      if (dirent.name === SIDECAR_NAME) continue;
      if (dirent.name.includes(NOT_UTF8)) {
        entries.push({ kind: 'skipped', ref: level.prefix + shownBytes(tree, level, dirent.name), reason: 'bad-name' });
      } else if (dirent.isDirectory()) {
        const opened = openLevel(tree, [...level.folders, dirent.name], `${ref}/`, target);
        if ('skipped' in opened) entries.push(opened.skipped);
        else levels.push(opened);
      } else if (dirent.isFile()) {
        if (level.folders.length === 0 && dirent.name === options.sentinel) {
          const dated = level.sidecar?.dateOf(dirent.name);
          if (dated) throw sentinelDated(dirent.name, dated);
          continue;
        }
        const date = level.sidecar?.dateOf(dirent.name);
        // Into the held folder once per run of its files; each is then looked up by its name alone.
        const key = level.prefix;
        if (heldKey !== key) {
          const folder = tree.folder(level.folders);
          if (folder.kind !== 'open') {
            entries.push({
              kind: 'skipped',
              ref,
              reason: 'unreadable',
              detail: folder.kind === 'refused' ? folder.error : 'folder vanished',
            });
            continue;
          }
          const entered = working.enter(folder.fd);
          if (entered !== null) {
            entries.push({ kind: 'skipped', ref, reason: 'unreadable', detail: entered });
            continue;
          }
          heldKey = key;
        }
        entries.push(fileEntry(working.pathOf(dirent.name), ref, date));
      } else {
        entries.push({ kind: 'skipped', ref, reason: dirent.isSymbolicLink() ? 'symbolic-link' : 'special-file' });
      }
      if (entries.length >= chunk) {
        // The caller's code runs in the caller's working folder.
        working.leave();
        heldKey = null;
        yield entries;
        entries = [];
      }
    }
    working.leave();
    if (entries.length > 0) yield entries;
  } finally {
    // Every listing and folder is let go of even when the working folder cannot be entered again.
    try {
      for (const { dir } of levels) dir.closeSync();
      tree.close();
    } finally {
      working?.close();
    }
  }
}

/** What Node reads bytes that are not UTF-8 in a name as. */
const NOT_UTF8 = '\uFFFD';

/** The name as its bytes (name-bytes.ts), so that two names that are not UTF-8 are never listed alike. */
function shownBytes(tree: HeldTree, level: Level, name: string): string {
  level.notUtf8 ??= namesNotUtf8(() => {
    const folder = tree.folder(level.folders);
    if (folder.kind !== 'open') return [];
    try {
      return fs.readdirSync(inFolder(folder.fd, ''), { encoding: 'buffer' });
    } catch {
      return [];
    }
  });
  // Each name once, in the order of the listing; one gone since is shown as Node read it.
  return level.notUtf8.get(name)?.shift() ?? name;
}

function readEntry(level: Level): fs.Dirent | null | { readonly failed: string } {
  try {
    return level.dir.readSync();
  } catch (err) {
    return { failed: describeFsError('listing the folder', err) };
  }
}

function openLevel(tree: HeldTree, folders: readonly string[], prefix: string, target: string): Level | { readonly skipped: WalkEntry } {
  const ref = prefix.slice(0, -1);
  const folder = tree.folder(folders);
  if (folder.kind === 'missing')
    return { skipped: { kind: 'skipped', ref, reason: 'unreadable', detail: 'folder vanished during the scan' } };
  if (folder.kind === 'refused') return { skipped: { kind: 'skipped', ref, reason: 'unreadable', detail: folder.error } };
  const sidecar = Sidecar.read(folder.fd, `${target}:${prefix}${SIDECAR_NAME}`);
  try {
    return { folders, prefix, dir: fs.opendirSync(inFolder(folder.fd, ''), { bufferSize: 256 }), sidecar };
  } catch (err) {
    return { skipped: { kind: 'skipped', ref, reason: 'unreadable', detail: describeFsError('listing the folder', err) } };
  }
}

/**
 * The file as lstat sees it now, looked up in the folder held open (file-lookup.ts): it may have been replaced since the listing, by anything, a link
 * included, and lstat reports what is there without following it.
 */
function fileEntry(lookedUp: string, ref: string, date: SidecarDate | undefined): WalkEntry {
  try {
    const stats = fs.lstatSync(lookedUp, { throwIfNoEntry: false });
    if (stats === undefined) return { kind: 'skipped', ref, reason: 'unreadable', detail: 'file vanished during the scan' };
    if (stats.isFile()) {
      return date ? { kind: 'file', ref, mtimeMs: stats.mtimeMs, sidecar: date } : { kind: 'file', ref, mtimeMs: stats.mtimeMs };
    }
    return { kind: 'skipped', ref, reason: stats.isSymbolicLink() ? 'symbolic-link' : 'special-file' };
  } catch (err) {
    return { kind: 'skipped', ref, reason: 'unreadable', detail: describeFsError('stat', err) };
  }
}
