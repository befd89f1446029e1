/**
 * `inventory scan` shows a running count of what it has looked at on a terminal only (issue 12):
 * under cron, or into a pipe, stderr carries the summary and nothing else.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';
import { createWorld } from './world.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const SCAN = ['inventory', 'scan', 'casefiles', '--map', 'clients/{subject}/{category}/**', '--out', 'out.csv'];

function world() {
  const w = createWorld();
  fs.mkdirSync(path.join(w.root, 'clients/C-1/casenote'), { recursive: true });
  fs.writeFileSync(path.join(w.root, 'clients/C-1/casenote/a.txt'), 'a');
  return w;
}

describe.skipIf(!hasScript)('the scan progress counter', () => {
  it('is shown on a terminal', () => {
    const w = world();
    const command = [process.execPath, BIN, ...SCAN].map((word) => `'${word}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: w.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('scanning: files and folders looked at: 1');
  });

  it('is not shown off a terminal', () => {
    const w = world();
    const result = w.spawn(SCAN);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('casefiles: 1 record (written to out.csv)\n');
  });
});
