/**
 * Issue 8.7: "already absent" is believed only where the storage is visibly there. Each case
 * below was logged deleted while its file stayed; now it fails, keeps the file, and `exists`
 * does not call it gone (a crashed run's intent is not settled as deleted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFilesWorld, deleteOne, expectRefused, removeFilesWorld, write, type FilesWorld } from './files-world.js';

let world: FilesWorld;

afterEach(async () => {
  await removeFilesWorld(world);
});

describe("a root holding only a mount point's readme (its share is not mounted)", () => {
  const unmounted = async (sentinel?: string) => {
    world = await createFilesWorld(sentinel === undefined ? {} : { sentinel });
    write(path.join(world.root, 'README.txt'), 'the case files share is mounted here');
  };

  it('without a sentinel: a file whose folder is missing is not believed absent', async () => {
    await unmounted();
    expectRefused(await deleteOne(world.target, 'client-9/a.pdf'), 'its folder is missing');
    expect(await world.target.exists('client-9/a.pdf')).toBe('unknown');
  });

  it('with a sentinel: nothing of the target is deleted or believed absent, and the pre-flight check says why', async () => {
    await unmounted('.retention-root');
    write(path.join(world.root, 'present.pdf'));
    const outcomes = await world.target.deleteBatch(['a.pdf', 'client-9/a.pdf', 'present.pdf']);
    for (const outcome of outcomes) expectRefused(outcome, 'failed its mount check');
    expect(fs.existsSync(path.join(world.root, 'present.pdf'))).toBe(true);
    expect(await world.target.exists('a.pdf')).toBe('unknown');
    expect(await world.target.check?.()).toEqual([
      expect.stringMatching(/failed its mount check: the sentinel file ".retention-root" is missing/),
    ]);
  });

  it('a sentinel that goes missing during a run stops the target for the rest of the run', async () => {
    await unmounted('.retention-root');
    const sentinel = write(path.join(world.root, '.retention-root'));
    write(path.join(world.root, 'c/one.pdf'));
    write(path.join(world.root, 'c/two.pdf'));
    expect(await world.target.check?.()).toEqual([]);
    expect(await world.target.deleteBatch(['c/one.pdf'])).toEqual([
      { ref: 'c/one.pdf', outcome: 'deleted', fingerprint: expect.any(String) },
    ]);
    fs.rmSync(sentinel);
    expectRefused(await deleteOne(world.target, 'c/two.pdf'), 'failed its mount check');
    write(sentinel);
    expectRefused(await deleteOne(world.target, 'c/two.pdf'), 'failed its mount check');
    expect(fs.existsSync(path.join(world.root, 'c/two.pdf'))).toBe(true);
  });

  it('a sentinel that is a folder or a link does not pass', async () => {
    await unmounted('.retention-root');
    fs.mkdirSync(path.join(world.root, '.retention-root'));
    expectRefused(await deleteOne(world.target, 'a.pdf'), 'failed its mount check');
  });
});

describe('a root replaced during the run (a share unmounted, or mounted over it)', () => {
  it('nothing is deleted or believed absent under a folder other than the one the run opened', async () => {
    world = await createFilesWorld();
    fs.renameSync(world.root, `${world.root}-before`);
    write(path.join(world.root, 'c/a.pdf'));
    write(path.join(world.root, 'c/b.pdf'));
    expectRefused(await deleteOne(world.target, 'c/a.pdf'), 'no longer the folder the run started with');
    expect(fs.existsSync(path.join(world.root, 'c/a.pdf'))).toBe(true);
    expect(await world.target.exists('c/gone.pdf')).toBe('unknown');
    expect(await world.target.check?.()).toEqual([expect.stringContaining('no longer the folder the run started with')]);
  });
});

describe('an empty folder standing for a share mounted below the root', () => {
  it('a miss in an empty folder, or below one, is not believed; in a folder with content it is', async () => {
    world = await createFilesWorld();
    fs.mkdirSync(path.join(world.root, 'archive'));
    write(path.join(world.root, 'current/kept.pdf'));
    expectRefused(await deleteOne(world.target, 'archive/a.pdf'), 'its folder is empty');
    expectRefused(await deleteOne(world.target, 'archive/client-9/a.pdf'), 'its folder is missing');
    // Settling a deletion by the tool itself (issue C2): the folder it emptied is what is expected.
    expect(await world.target.exists('archive/a.pdf')).toBe(false);
    expect(await world.target.exists('archive/client-9/a.pdf')).toBe('unknown');
    expect(await deleteOne(world.target, 'current/gone.pdf')).toEqual({ ref: 'current/gone.pdf', outcome: 'absent' });
  });
});

describe('a name that differs only by case or Unicode form', () => {
  it.each([
    ['an NFC ref against an NFD name', 'caf\u00e9/r\u00e9sum\u00e9.pdf', 'caf\u00e9/re\u0301sume\u0301.pdf', 'a file with a similar name'],
    ['a folder differing in case', 'Client/File.TXT', 'client/file.txt', 'a folder with a similar name'],
    ['a file differing in case', 'client/File.TXT', 'client/file.txt', 'a file with a similar name'],
    ['an eszett against SS', 'client/stra\u00dfe.pdf', 'client/STRASSE.pdf', 'a file with a similar name'],
  ])('%s: failed, and the file stays', async (_case, ref, onDisk, message) => {
    world = await createFilesWorld();
    const file = write(path.join(world.root, onDisk));
    expectRefused(await deleteOne(world.target, ref), message);
    expect(fs.existsSync(file)).toBe(true);
    expect(await world.target.exists(ref)).toBe('unknown');
  });
});
