import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { findConfig, loadConfig } from '../../src/config/load.js';
import { RetentionError } from '../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'retention-config-'));
  mkdirSync(path.join(dir, 'files'));
  const crm = new Database(path.join(dir, 'crm.db'));
  crm.exec('CREATE TABLE notes (id TEXT PRIMARY KEY)');
  crm.close();
});

function write(text: string): string {
  const file = path.join(dir, 'retention.config.yaml');
  writeFileSync(file, text);
  return file;
}

/** The problems of a config that must not load, as `line:col message`. */
async function problemsOf(text: string): Promise<string[]> {
  const error = await loadConfig(write(text), 'retention.config.yaml').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RetentionError);
  expect((error as RetentionError).exitCode).toBe(2);
  return (error as RetentionError).problems.map((p) => `${p.line}:${p.col} ${p.message}`);
}

const GOOD = `policy: policies/p.yaml
store: data/retention.db
actor: nightly-cron
targets:
  casefiles: { type: files, root: files }
  crm: { type: sqlite, database: crm.db, table: notes, key: id }
  paper: { type: manual }
limits:
  maxDeletions: 500
  maxPercent: 10
plans:
  validFor: P14D
`;

describe('the config file', () => {
  it('loads, with paths resolved against its own folder and defaults filled in', async () => {
    const config = await loadConfig(write(GOOD), 'retention.config.yaml');
    expect(config).toMatchObject({
      dir,
      policy: path.join(dir, 'policies/p.yaml'),
      store: path.join(dir, 'data/retention.db'),
      actor: 'nightly-cron',
      limits: { maxDeletions: 500, maxPercent: 10 },
      plans: { validFor: 'P14D' },
    });
    expect(Object.keys(config.targets)).toEqual(['casefiles', 'crm', 'paper']);
    const bare = await loadConfig(write('targets: {}\n'), 'retention.config.yaml');
    expect(bare).toMatchObject({ policy: null, store: null, actor: null, limits: { maxDeletions: null, maxPercent: null }, plans: { validFor: 'P30D' } });
  });

  it('is found in the working folder, or not at all (dry runs need none)', async () => {
    expect(await findConfig(dir, undefined)).toBeNull();
    write(GOOD);
    expect((await findConfig(dir, undefined))?.actor).toBe('nightly-cron');
    await expect(findConfig(dir, 'other.yaml')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('other.yaml: cannot read the config file: no such file') });
  });

  it('points at an unknown key, with a did-you-mean', async () => {
    const problems = await problemsOf(GOOD.replace('limits:', 'limts:'));
    expect(problems).toEqual([expect.stringMatching(/^8:1 unknown key "limts"/)]);
  });

  it('names an unknown target type and the valid ones', async () => {
    const error = await loadConfig(write(GOOD.replace('type: manual', 'type: tape')), 'retention.config.yaml').catch((e: RetentionError) => e);
    expect(error).toBeInstanceOf(RetentionError);
    const [problem] = (error as RetentionError).problems;
    expect(problem).toMatchObject({ line: 7, message: 'target "paper" has unknown type "tape"', hint: 'valid types: files, manual, sqlite' });
  });

  it('checks each target against its own type: keys, identifiers, folders and files that must exist', async () => {
    const problems = await problemsOf(`targets:
  casefiles: { type: files, root: nowhere }
  crm: { type: sqlite, database: crm.db, table: "notes; DROP TABLE notes", key: id }
  old: { type: files, root: files, recursive: true }
`);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^2:14 target "casefiles": root .*nowhere does not exist/);
    expect(problems[1]).toMatch(/^3:8 target "crm": .*notes; DROP TABLE notes/);
    expect(problems[2]).toMatch(/^4:36 unknown key "recursive"/);
  });

  it('refuses limits that make no sense and a plan validity that is not a duration', async () => {
    const problems = await problemsOf(GOOD.replace('maxDeletions: 500', 'maxDeletions: -1').replace('validFor: P14D', 'validFor: two weeks'));
    expect(problems).toEqual([expect.stringMatching(/^9:17 /), expect.stringMatching(/^12:13 plans.validFor "two weeks"/)]);
  });
});
