/**
 * The scan's walk reads each file's modification time from inside the folder it holds open
 * (walk.ts, WorkingFolder): a folder swapped for a symbolic link half-way through its listing
 * is still read where it was opened, never where the link leads, and the process's working
 * folder is its own again whenever the walk hands entries out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetentionError } from '../../src/errors.js';
import { identifyRoot, type RootIdentity } from '../../src/targets/files-held.js';
import { walkFiles, type WalkEntry } from '../../src/scan/walk.js';

const OPENED = new Date('2020-01-01T00:00:00Z');
const ELSEWHERE = new Date('2001-01-01T00:00:00Z');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'walk-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What the kernel says to a user who may not search a folder. */
function permissionDenied(call: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`EACCES: permission denied, ${call}`), { code: 'EACCES', errno: -13, syscall: call });
}

const openHandles = () => fs.readdirSync('/proc/self/fd').length;

function file(at: string, mtime: Date): void {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, '');
  fs.utimesSync(at, mtime, mtime);
}

function rootOf(folder: string): RootIdentity {
  const root = identifyRoot(folder);
  if ('error' in root) throw new Error(root.error);
  return root;
}

describe('walkFiles', () => {
  it('reads the rest of a folder swapped for a link mid-walk from the folder it opened, never through the link', () => {
    const root = path.join(dir, 'root');
    const outside = path.join(dir, 'outside');
    for (const name of ['f1', 'f2', 'f3', 'f4']) {
      file(path.join(root, 'a', name), OPENED);
      file(path.join(outside, name), ELSEWHERE);
    }
    const home = process.cwd();
    const seen: WalkEntry[] = [];
    let swapped = false;
    for (const entries of walkFiles('t', rootOf(root), { sentinel: null, chunk: 1 })) {
      expect(process.cwd()).toBe(home);
      seen.push(...entries);
      if (!swapped) {
        fs.renameSync(path.join(root, 'a'), path.join(dir, 'moved-away'));
        fs.symlinkSync(outside, path.join(root, 'a'));
        swapped = true;
      }
    }
    expect(process.cwd()).toBe(home);
    expect(seen.map((entry) => entry.ref).sort()).toEqual(['a/f1', 'a/f2', 'a/f3', 'a/f4']);
    for (const entry of seen) expect(entry).toMatchObject({ kind: 'file', mtimeMs: OPENED.getTime() });
  });

  it('puts the working folder back when the caller stops early', () => {
    const root = path.join(dir, 'root');
    for (const name of ['f1', 'f2', 'f3']) file(path.join(root, 'a', name), OPENED);
    const home = process.cwd();
    for (const entries of walkFiles('t', rootOf(root), { sentinel: null, chunk: 1 })) {
      expect(entries).toHaveLength(1);
      break;
    }
    expect(process.cwd()).toBe(home);
  });

  it("scans as well from a working folder the user may not search (sudo -u svc from root's home), never blaming the target", () => {
    const root = path.join(dir, 'root');
    for (const name of ['f1', 'f2', 'f3']) file(path.join(root, 'a', name), OPENED);
    const openSync = fs.openSync.bind(fs);
    vi.spyOn(fs, 'openSync').mockImplementation((at, ...rest) => {
      if (at === '.') throw permissionDenied("open '.'");
      return openSync(at, ...rest);
    });
    const home = process.cwd();
    const seen = [...walkFiles('t', rootOf(root), { sentinel: null, chunk: 2 })].flat();
    expect(seen.map((entry) => entry.ref).sort()).toEqual(['a/f1', 'a/f2', 'a/f3']);
    for (const entry of seen) expect(entry).toMatchObject({ kind: 'file', mtimeMs: OPENED.getTime() });
    expect(process.cwd()).toBe(home);
  });

  it('stops with an environment error, every handle let go of, when the working folder may no longer be entered mid-scan', () => {
    const root = path.join(dir, 'root');
    for (const name of ['f1', 'f2', 'f3']) file(path.join(root, 'a', name), OPENED);
    const home = process.cwd();
    const before = openHandles();
    const walk = walkFiles('t', rootOf(root), { sentinel: null, chunk: 1 });
    expect(walk.next().done).toBe(false);
    // Now the working folder's permissions change: entering it again is refused.
    const chdir = process.chdir.bind(process);
    vi.spyOn(process, 'chdir').mockImplementation((to) => {
      if (fs.realpathSync(to) === fs.realpathSync(home)) throw permissionDenied(`chdir '${to}'`);
      chdir(to);
    });
    let failure: unknown;
    try {
      walk.next();
    } catch (error) {
      failure = error;
    } finally {
      vi.restoreAllMocks();
      process.chdir(home);
    }
    expect(failure).toBeInstanceOf(RetentionError);
    expect(failure).toMatchObject({ code: 'environment.working-folder', kind: 'environment' });
    expect(openHandles()).toBe(before);
  });
});
