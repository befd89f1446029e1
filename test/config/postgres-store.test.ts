/**
 * `store: postgres://…` in the config (DESIGN §2, §10): kept as the URL it is (not made a path
 * relative to the config), and refused, at its line and column, when it holds a password — which
 * belongs in PGPASSWORD or ~/.pgpass, never in a file others may read. The same for a
 * `postgres` target's `database:`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';

function write(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'retention-config-')), 'retention.config.yaml');
  writeFileSync(file, text);
  return file;
}

it('keeps a PostgreSQL store as its URL', async () => {
  const config = await loadConfig(write('store: postgres://retention_run@db.example:5432/retention\n'), 'retention.config.yaml');
  expect(config.store).toBe('postgres://retention_run@db.example:5432/retention');
});

it('refuses a password in the store URL or in a postgres target, naming the line, never echoing the password', async () => {
  const text =
    'store: postgres://retention_run:hunter2@db.example/retention\n' +
    'targets:\n' +
    '  cases: { type: postgres, database: "postgres://cases@db.example/casework?password=hunter2", table: notes, key: id }\n';
  const error = await loadConfig(write(text), 'retention.config.yaml').catch((e: unknown) => e);
  expect(error).toMatchObject({
    kind: 'input',
    exitCode: 2,
    problems: [
      {
        code: 'config.bad-store',
        line: 1,
        col: 8,
        message: expect.stringMatching(/^store: the PostgreSQL URL holds a password; .* PGPASSWORD or ~\/\.pgpass/),
      },
      { line: 3, col: 10, message: expect.stringMatching(/^target "cases": database: the PostgreSQL URL holds a password/) },
    ],
  });
  expect(JSON.stringify(error)).not.toContain('hunter2');
});
