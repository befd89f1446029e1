/**
 * The file itself: hard links (issue 8.8), special files, a name taken over during deletion,
 * batches over many folders, and systems where folders cannot be held open (issue 8.1).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OwnFiles } from '../../src/targets/own-files.js';
import { filesTargetType } from '../../src/targets/files.js';
import { createFilesWorld, deleteOne, expectRefused, removeFilesWorld, write, type FilesWorld } from './files-world.js';

let world: FilesWorld;

afterEach(async () => {
  vi.restoreAllMocks();
  await removeFilesWorld(world);
});

describe('hard links', () => {
  it('a file with other links is refused: every name and the data stay, and it still exists', async () => {
    world = await createFilesWorld();
    const file = write(path.join(world.root, 'c/a.pdf'), 'the data');
    fs.linkSync(file, path.join(world.outside, 'copy.pdf'));
    fs.linkSync(file, path.join(world.root, 'c/b.pdf'));
    expectRefused(await deleteOne(world.target, 'c/a.pdf'), 'has 2 other links');
    expect(fs.readFileSync(file, 'utf8')).toBe('the data');
    expect(fs.statSync(file).nlink).toBe(3);
    expect(await world.target.exists('c/a.pdf')).toBe(true);
  });

  it('once the other links are gone the file is deleted', async () => {
    world = await createFilesWorld();
    const file = write(path.join(world.root, 'a.pdf'));
    const other = path.join(world.root, 'b.pdf');
    fs.linkSync(file, other);
    expectRefused(await deleteOne(world.target, 'a.pdf'), 'has 1 other link');
    fs.rmSync(other);
    expect(await deleteOne(world.target, 'a.pdf')).toEqual({ ref: 'a.pdf', outcome: 'deleted', fingerprint: expect.any(String) });
  });
});

describe('what is not a regular file', () => {
  it('a FIFO is refused without hanging, and stays', async () => {
    world = await createFilesWorld();
    const fifo = path.join(world.root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expectRefused(await deleteOne(world.target, 'pipe'), 'not a regular file');
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a ref with a trailing slash names a folder and is refused', async () => {
    world = await createFilesWorld();
    write(path.join(world.root, 'a.txt'));
    expectRefused(await deleteOne(world.target, 'a.txt/'), 'not a regular file');
    expect(fs.existsSync(path.join(world.root, 'a.txt'))).toBe(true);
  });

  it('a file on the way where a folder should be is refused', async () => {
    world = await createFilesWorld();
    write(path.join(world.root, 'a.txt'));
    expectRefused(await deleteOne(world.target, 'a.txt/b.txt'), 'not a folder on the way');
  });
});

describe('a name taken over during the deletion', () => {
  it('when the name removed was no longer the checked file, it is not logged deleted', async () => {
    world = await createFilesWorld();
    const victim = write(path.join(world.root, 'c/a.pdf'), 'record');
    const movedAway = path.join(world.root, 'c/moved.pdf');
    const realUnlink = fs.unlinkSync;
    // Between the checks and the unlink: the record's file is renamed away and another takes its name.
    vi.spyOn(fs, 'unlinkSync').mockImplementationOnce((file) => {
      fs.renameSync(victim, movedAway);
      write(victim, 'newcomer');
      realUnlink(file);
    });
    expectRefused(await deleteOne(world.target, 'c/a.pdf'), 'replaced during deletion');
    expect(fs.readFileSync(movedAway, 'utf8')).toBe('record');
  });
});

describe('batches over many folders', () => {
  it('deletes across more folders than are held open at once, and leaves no descriptor open', async () => {
    world = await createFilesWorld();
    const refs: string[] = [];
    for (let folder = 0; folder < 600; folder += 1) {
      for (const name of ['a', 'b']) refs.push(write(path.join(world.root, `f${folder}/deep/${name}.pdf`)).slice(world.root.length + 1));
    }
    // Each folder's two files far apart in the batch, so that its folder is closed and walked again in between.
    const interleaved = [...refs.filter((_, i) => i % 2 === 0), ...refs.filter((_, i) => i % 2 === 1)];
    const openBefore = fs.readdirSync('/proc/self/fd').length;
    const outcomes = await world.target.deleteBatch(interleaved);
    await world.target.tidy();
    expect(fs.readdirSync('/proc/self/fd').length).toBe(openBefore);
    expect(outcomes.filter((o) => o.outcome !== 'deleted')).toEqual([]);
    expect(fs.readdirSync(world.root)).toEqual([]);
  });
});

describe('where folders cannot be held open', () => {
  it('the target refuses to open (exit 2) rather than delete through paths', async () => {
    world = await createFilesWorld();
    // The first stat is the probe of /proc/self/fd/N/., as on a system without it.
    vi.spyOn(fs, 'statSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('no such file or directory'), { code: 'ENOENT' });
    });
    await expect(filesTargetType.open('casefiles', { type: 'files', root: 'root' }, world.base, OwnFiles.NONE)).rejects.toMatchObject({
      code: 'target.unusable',
      message: expect.stringContaining('target "casefiles": files cannot be deleted safely here'),
    });
  });
});
