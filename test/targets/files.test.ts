import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OwnFiles } from '../../src/targets/own-files.js';
import { filesTargetType } from '../../src/targets/files.js';
import type { Target, TargetOutcome } from '../../src/targets/types.js';
import { expectRefused, write } from './files-world.js';

let base: string;
let root: string;
let outside: string;
let target: Target;

async function deleteOne(ref: string): Promise<TargetOutcome> {
  const [outcome] = await target.deleteBatch([ref]);
  if (!outcome) throw new Error('no outcome');
  return outcome;
}

beforeEach(async () => {
  base = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'retention-files-'));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  write(path.join(outside, 'outside.txt'));
  write(path.join(outside, 'secret.txt'));
  target = await filesTargetType.open('casefiles', { type: 'files', root: 'root' }, base, OwnFiles.NONE);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await target.close();
  await fs.promises.rm(base, { recursive: true, force: true });
});

describe('files target: deleting', () => {
  it('deletes a nested file and removes the folders left empty, but not the root', async () => {
    write(path.join(root, 'client-17/notes/2019/a.pdf'));
    expect(await deleteOne('client-17/notes/2019/a.pdf')).toEqual({
      ref: 'client-17/notes/2019/a.pdf',
      outcome: 'deleted',
      fingerprint: expect.any(String),
    });
    // Not before the outcomes are committed (issue C2): a crash must leave the folder to look in.
    expect(fs.existsSync(path.join(root, 'client-17/notes/2019'))).toBe(true);
    await target.tidy();
    expect(fs.existsSync(path.join(root, 'client-17'))).toBe(false);
    expect(fs.existsSync(root)).toBe(true);
  });

  it('keeps folders that still hold something', async () => {
    write(path.join(root, 'client-17/notes/a.pdf'));
    write(path.join(root, 'client-17/keep.pdf'));
    await deleteOne('client-17/notes/a.pdf');
    await target.tidy();
    expect(fs.existsSync(path.join(root, 'client-17/notes'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'client-17/keep.pdf'))).toBe(true);
  });

  it('removes the emptied folders of more parents than it holds open at once, and keeps the one that still holds a file', async () => {
    const refs = Array.from({ length: 300 }, (_, i) => `p${i}/q/f.pdf`);
    for (const ref of refs) write(path.join(root, ref));
    write(path.join(root, 'p7/q/kept.pdf'));
    const outcomes = await target.deleteBatch(refs);
    expect(outcomes.every((o) => o.outcome === 'deleted')).toBe(true);
    await target.tidy();
    expect(fs.readdirSync(root)).toEqual(['p7']);
    expect(fs.readdirSync(path.join(root, 'p7/q'))).toEqual(['kept.pdf']);
  });

  it('keeps a folder emptied by a deletion when another file of the batch was refused there', async () => {
    write(path.join(root, 'c/a.pdf'));
    fs.mkdirSync(path.join(root, 'c/sub'));
    const outcomes = await target.deleteBatch(['c/a.pdf', 'c/sub']);
    expect(outcomes.map((o) => o.outcome)).toEqual(['deleted', 'failed']);
    expect(fs.existsSync(path.join(root, 'c/sub'))).toBe(true);
  });

  it('reports a file that is already gone as absent when its folder is there and holds something', async () => {
    write(path.join(root, 'other/kept.pdf'));
    write(path.join(root, 'client-9/kept.pdf'));
    expect(await deleteOne('client-9/gone.pdf')).toEqual({ ref: 'client-9/gone.pdf', outcome: 'absent' });
    expect(await deleteOne('gone.pdf')).toEqual({ ref: 'gone.pdf', outcome: 'absent' });
    expect(await target.exists('gone.pdf')).toBe(false);
    expect(await target.exists('client-9/gone.pdf')).toBe(false);
  });

  it('does not believe "already absent" when the root is an empty folder (a share that is not mounted)', async () => {
    expect(fs.readdirSync(root)).toEqual([]);
    const outcome = await deleteOne('client-9/gone.pdf');
    expect(outcome).toMatchObject({ ref: 'client-9/gone.pdf', outcome: 'failed' });
    expect(outcome.outcome === 'failed' && outcome.error).toContain('mounted');
    expect(await target.exists('client-9/gone.pdf')).toBe('unknown');
  });

  it('returns one outcome per ref, in order, for a mixed batch', async () => {
    write(path.join(root, 'a.txt'));
    write(path.join(root, 'b/c.txt'));
    const outcomes = await target.deleteBatch(['a.txt', '../outside/outside.txt', 'missing.txt', 'b/c.txt']);
    expect(outcomes.map((o) => [o.ref, o.outcome])).toEqual([
      ['a.txt', 'deleted'],
      ['../outside/outside.txt', 'failed'],
      ['missing.txt', 'absent'],
      ['b/c.txt', 'deleted'],
    ]);
  });

  it('refuses a file swapped for another between the checks, and keeps the newcomer', async () => {
    const victim = write(path.join(root, 'a.txt'), 'original');
    const newcomer = write(path.join(root, 'swap.txt'), 'newcomer');
    const realOpen = fs.openSync;
    vi.spyOn(fs, 'openSync').mockImplementation((file, flags, mode) => {
      if (String(file).endsWith('/a.txt')) fs.renameSync(newcomer, victim);
      return realOpen(file, flags, mode);
    });
    expectRefused(await deleteOne('a.txt'), 'replaced');
    expect(fs.readFileSync(victim, 'utf8')).toBe('newcomer');
  });
});

/** Descriptors this process holds on files that no longer have a name. */
function openDeletedFiles(): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).endsWith(' (deleted)');
    } catch {
      return false; // closed meanwhile (the listing's own descriptor)
    }
  }).length;
}

describe('files target: the files unlinked are closed in the pool', () => {
  it('deletes a batch larger than the closes in flight, holds a bounded number open, and closes them all by close()', async () => {
    const refs = Array.from({ length: 600 }, (_, i) => `c${i % 6}/f${i}.pdf`);
    for (const ref of refs) write(path.join(root, ref));
    // A slow file system: each close of an unlinked file takes a while, as on a busy journal.
    const realClose = fs.close;
    let open = 0;
    let mostOpen = 0;
    vi.spyOn(fs, 'close').mockImplementation(((fd: number, done: (err: NodeJS.ErrnoException | null) => void) => {
      mostOpen = Math.max(mostOpen, ++open);
      setTimeout(() => realClose(fd, (err) => (open--, done(err))), 2);
    }) as typeof fs.close);
    const outcomes = await target.deleteBatch(refs);
    expect(outcomes.filter((o) => o.outcome === 'deleted')).toHaveLength(600);
    expect(refs.filter((ref) => fs.existsSync(path.join(root, ref)))).toEqual([]);
    expect(mostOpen).toBeLessThanOrEqual(128);
    await target.close();
    expect(openDeletedFiles()).toBe(0);
  });
});

describe('files target: nothing outside the root is touched', () => {
  const outsideIntact = () => {
    expect(fs.existsSync(path.join(outside, 'outside.txt'))).toBe(true);
    expect(fs.existsSync(path.join(outside, 'secret.txt'))).toBe(true);
  };

  it.each([
    ['../outside/outside.txt', "'..' segment"],
    ['a/../../outside/outside.txt', "'..' segment"],
    ['a\\..\\..\\outside\\outside.txt', 'backslash'],
    ['a.txt\0', 'NUL byte'],
    ['', 'empty reference'],
    ['.', 'escapes the target root'],
    ['./', 'escapes the target root'],
  ])('refuses %j', async (ref, message) => {
    write(path.join(root, 'a.txt'));
    expectRefused(await deleteOne(ref), message);
    outsideIntact();
    expect(fs.existsSync(path.join(root, 'a.txt'))).toBe(true);
  });

  it('refuses an absolute path to an existing file', async () => {
    expectRefused(await deleteOne(path.join(outside, 'outside.txt')), 'absolute path');
    outsideIntact();
  });

  it('refuses a symlinked folder on the way out of the root', async () => {
    fs.symlinkSync(outside, path.join(root, 'link'));
    expectRefused(await deleteOne('link/secret.txt'), 'symbolic link on the way');
    outsideIntact();
  });

  it('refuses a symlinked folder on the way even when it points inside the root', async () => {
    write(path.join(root, 'real/a.txt'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    expectRefused(await deleteOne('alias/a.txt'), 'symbolic link on the way');
    expect(fs.existsSync(path.join(root, 'real/a.txt'))).toBe(true);
  });

  it('refuses, rather than calls absent, a file behind a dangling folder link (an unmounted share)', async () => {
    fs.symlinkSync(path.join(base, 'not-mounted'), path.join(root, 'nas'));
    expectRefused(await deleteOne('nas/client/a.pdf'), 'symbolic link on the way');
  });

  it('refuses a symlinked leaf and keeps both the link and its target', async () => {
    const leaf = path.join(root, 'leaf.txt');
    fs.symlinkSync(path.join(outside, 'secret.txt'), leaf);
    expectRefused(await deleteOne('leaf.txt'), 'is a symbolic link');
    expect(fs.lstatSync(leaf).isSymbolicLink()).toBe(true);
    outsideIntact();
  });

  it('refuses a directory ref', async () => {
    write(path.join(root, 'client-17/a.pdf'));
    expectRefused(await deleteOne('client-17'), 'not a regular file');
    expect(fs.existsSync(path.join(root, 'client-17/a.pdf'))).toBe(true);
  });

  it('refuses everything once the root itself has vanished, instead of calling it absent', async () => {
    fs.rmSync(root, { recursive: true });
    expectRefused(await deleteOne('client-17/a.pdf'), 'target root is not available');
  });
});

describe('files target: exists, check and open', () => {
  it('says whether a regular file is there, and unknown for refused refs', async () => {
    write(path.join(root, 'a/b.txt'));
    fs.symlinkSync(outside, path.join(root, 'link'));
    expect(await target.exists('a/b.txt')).toBe(true);
    expect(await target.exists('a/missing.txt')).toBe(false);
    expect(await target.exists('gone/missing.txt')).toBe('unknown');
    expect(await target.exists('link/secret.txt')).toBe('unknown');
    expect(await target.exists('../outside/outside.txt')).toBe('unknown');
  });

  it('check reads the config block only (finding C1): a missing root or one that is a file is refused by open, the pre-flight', async () => {
    expect(filesTargetType.check({ type: 'files', root: 'nope' })).toEqual([]);
    expect(filesTargetType.check({ type: 'files', root: 'root', sentinel: 'a/b' })[0]).toMatch(/must be the name of a file in the root/);
    await expect(filesTargetType.open('c', { type: 'files', root: 'outside/secret.txt' }, base, OwnFiles.NONE)).rejects.toMatchObject({
      code: 'target.unusable',
      message: expect.stringMatching(/not a folder/),
    });
  });

  it('open follows a symlinked root once and works below its real path', async () => {
    fs.symlinkSync(root, path.join(base, 'root-link'));
    const viaLink = await filesTargetType.open('c', { type: 'files', root: 'root-link' }, base, OwnFiles.NONE);
    write(path.join(root, 'x/a.txt'));
    expect(await viaLink.deleteBatch(['x/a.txt'])).toEqual([{ ref: 'x/a.txt', outcome: 'deleted', fingerprint: expect.any(String) }]);
  });

  it('open refuses a missing root: the target is unusable', async () => {
    await expect(filesTargetType.open('c', { type: 'files', root: 'nope' }, base, OwnFiles.NONE)).rejects.toMatchObject({
      code: 'target.unusable',
      data: { target: 'c' },
      message: expect.stringMatching(/target "c": root .* does not exist/),
    });
  });
});
