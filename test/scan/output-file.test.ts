/**
 * The files `inventory scan` writes: a place the user may not look in (a relative --out under
 * `sudo -u svc` from root's home) is an environment problem with the file's name, never a bug.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openOutputFile } from '../../src/scan/output-file.js';
import { RetentionError } from '../../src/errors.js';
import { tempDir } from '../cli/run-cli.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('openOutputFile', () => {
  it('names the file and the refusal when its folder cannot be searched (exit 2, not 70)', () => {
    const cwd = tempDir();
    // Tests run as root, whom no folder refuses: the system's answer for another user.
    vi.spyOn(fs, 'lstatSync').mockImplementation(() => {
      throw Object.assign(new Error(`EACCES: permission denied, lstat '${path.join(cwd, 'rel.csv')}'`), { code: 'EACCES' });
    });
    let thrown: unknown;
    try {
      openOutputFile('rel.csv', cwd, '--out');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RetentionError);
    expect(thrown).toMatchObject({ kind: 'environment', code: 'environment.cannot-write' });
    expect((thrown as Error).message).toMatch(/^rel\.csv: cannot write it: /);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('is written into, and tidied from, the folder it was opened in, even after that folder is renamed mid-scan', () => {
    const parent = tempDir();
    const cwd = path.join(parent, 'work');
    fs.mkdirSync(cwd);
    const failed = openOutputFile('o.csv', cwd, '--out');
    const kept = openOutputFile('u.csv', cwd, '--unmatched');
    failed.write('path,reason\nclients/C-1/a.txt,no-match\n');
    kept.write('path,reason\n');
    fs.renameSync(cwd, path.join(parent, 'moved'));
    failed.discard();
    kept.commit();
    failed.release();
    kept.release();
    // No partial file of client paths is left behind; the committed one is where it was written.
    expect(fs.readdirSync(path.join(parent, 'moved'))).toEqual(['u.csv']);
    expect(fs.readFileSync(path.join(parent, 'moved', 'u.csv'), 'utf8')).toBe('path,reason\n');
  });
});
