/**
 * A sidecar's text (scan/sidecar.ts, parseSidecar): each name as written, and read in one pass
 * however many files it dates.
 */
import { describe, expect, it } from 'vitest';
import { parseSidecar } from '../../src/scan/sidecar.js';
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

  it('refuses a name written twice, and a key that is no plain name, at their lines', () => {
    expect(
      problemsOf('files:\n  a.pdf: { created: 2014-03-01 }\n  a.pdf: { created: 2015-03-01 }\n  ? [f2]\n  : { created: 2014-03-01 }\n'),
    ).toEqual([
      { code: 'yaml.duplicate-key', line: 3, message: 'duplicate key "a.pdf" (first written at line 2)' },
      expect.objectContaining({ code: 'sidecar.bad-name', line: 4 }),
    ]);
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
