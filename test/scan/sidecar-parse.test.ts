/**
 * A sidecar's text (scan/sidecar.ts, parseSidecar): each name as written, and read in one pass
 * however many files it dates.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseSidecar, Sidecar, SIDECAR_NAME } from '../../src/scan/sidecar.js';
import { RetentionError } from '../../src/errors.js';

function created(text: string): Record<string, string> {
  return Object.fromEntries([...parseSidecar(text, 't:retention-sidecar.yaml')].map(([name, date]) => [name, date.created]));
}

function problemsOf(text: string): { code: string; line: number | null; message: string }[] {
  try {
    parseSidecar(text, 't:retention-sidecar.yaml');
  } catch (error) {
    if (error instanceof RetentionError) return error.problems.map(({ code, line, message }) => ({ code, line, message }));
    throw error;
  }
  return [];
}

describe('parseSidecar', () => {
  it('reads each file name as written, never as the number, null or other value YAML would make of it', () => {
    expect(
      created(
        'files:\n  01: { created: 2014-03-01 }\n  1: { created: 2015-03-01 }\n  1.10: { created: 2016-03-01 }\n  0o1: { created: 2017-03-01 }\n  ~: { created: 2018-03-01 }\n  true: { created: 2019-03-01 }\n',
      ),
    ).toEqual({ '01': '2014-03-01', '1': '2015-03-01', '1.10': '2016-03-01', '0o1': '2017-03-01', '~': '2018-03-01', true: '2019-03-01' });
  });

  it('takes a plain date YYYY-MM-DD only, never a timestamp', () => {
    expect(problemsOf('files:\n  a.pdf: { created: 2014-03-01T10:00:00Z }\n  b.pdf: { created: 2014-03-01 10:00 }\n')).toEqual([
      { code: 'sidecar.bad-date', line: 2, message: 'created of "a.pdf" "2014-03-01T10:00:00Z" is not a date' },
      { code: 'sidecar.bad-date', line: 3, message: 'created of "b.pdf" "2014-03-01 10:00" is not a date' },
    ]);
  });

  it('refuses a name written twice, and a key that is no plain name, at their lines, with no Node warning on stderr', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    expect(
      problemsOf('files:\n  a.pdf: { created: 2014-03-01 }\n  a.pdf: { created: 2015-03-01 }\n  ? [f2]\n  : { created: 2014-03-01 }\n'),
    ).toEqual([
      { code: 'yaml.duplicate-key', line: 3, message: 'duplicate key "a.pdf" (first written at line 2)' },
      expect.objectContaining({ code: 'sidecar.bad-name', line: 4 }),
    ]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it(
    'reads a sidecar of 100,000 files in one pass (it took minutes when each name was compared with every other)',
    { timeout: 120_000 },
    () => {
      const lines = ['files:'];
      for (let i = 0; i < 100_000; i++) lines.push(`  scan-${i}.tif: { created: 2014-03-01 }`);
      const dates = parseSidecar(lines.join('\n'), 't:retention-sidecar.yaml');
      expect(dates.size).toBe(100_000);
      expect(dates.get('scan-99999.tif')?.at.line).toBe(100_001);
    },
  );
});

describe('Sidecar.read', () => {
  /** Why the sidecar made by `make` in a new folder cannot be read. */
  function whyUnreadable(make: (file: string) => void): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-'));
    const fd = fs.openSync(folder, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    try {
      make(path.join(folder, SIDECAR_NAME));
      Sidecar.read(fd, 't:retention-sidecar.yaml');
    } catch (error) {
      if (error instanceof RetentionError) return error.problems.map((p) => `${p.code}: ${p.message}`).join('\n');
      throw error;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(folder, { recursive: true });
    }
    return 'read';
  }

  it('says what is wrong with a sidecar that is a pipe, a folder or too large', () => {
    expect(whyUnreadable((file) => execFileSync('mkfifo', [file]))).toBe(
      'sidecar.unreadable: the sidecar cannot be read: it is a pipe, not a file',
    );
    expect(whyUnreadable((file) => fs.mkdirSync(file))).toBe('sidecar.unreadable: the sidecar cannot be read: it is a folder, not a file');
    expect(
      whyUnreadable((file) => {
        fs.writeFileSync(file, '');
        fs.truncateSync(file, 17 * 1024 * 1024);
      }),
    ).toBe('sidecar.unreadable: the sidecar cannot be read: it is larger than 16 MB');
  });
});
