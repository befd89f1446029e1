/**
 * The files a scan writes (run-scan.ts): --out and --unmatched appear together when the scan
 * succeeded, and neither when it failed, even at the very end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetentionError } from '../../src/errors.js';
import { compileMapTemplate } from '../../src/scan/map-template.js';
import { runScan, type ScanJob } from '../../src/scan/run-scan.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-scan-'));
  for (const ref of ['c/S-1/notes/a.txt', 'c/S-1/notes/b.txt', 'stray.txt']) {
    fs.mkdirSync(path.dirname(path.join(dir, 'tree', ref)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tree', ref), ref);
  }
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function job(overrides: Partial<ScanJob>): ScanJob {
  return {
    target: 't',
    targetConfig: { type: 'files', root: 'tree' },
    baseDir: dir,
    template: compileMapTemplate('c/{subject}/{category}/**'),
    timezone: 'Europe/London',
    flagNames: new Set(),
    cwd: dir,
    into: { file: 'out.csv', format: 'csv' },
    unmatchedFile: 'unmatched.csv',
    ...overrides,
  };
}

describe('runScan', () => {
  it('puts --unmatched in place only with --out: an --out taken during the scan leaves neither', async () => {
    const theirs = path.join(dir, 'out.csv');
    // Someone else's file appears where --out would go while the scan runs.
    const scan = runScan(job({ onProgress: () => fs.writeFileSync(theirs, 'not the scan\n') }));
    await expect(scan).rejects.toThrow(RetentionError);
    await expect(scan).rejects.toMatchObject({ code: 'scan.exists' });
    expect(fs.readdirSync(dir).sort()).toEqual(['out.csv', 'tree']);
    expect(fs.readFileSync(theirs, 'utf8')).toBe('not the scan\n');
  });

  it('puts both in place when the scan succeeds', async () => {
    await runScan(job({}));
    expect(fs.readdirSync(dir).sort()).toEqual(['out.csv', 'tree', 'unmatched.csv']);
  });
});
