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
    expect([...config.targets.keys()]).toEqual(['casefiles', 'crm', 'paper']);
    const bare = await loadConfig(write('targets: {}\n'), 'retention.config.yaml');
    expect(bare).toMatchObject({
      policy: null,
      store: null,
      actor: null,
      limits: { maxDeletions: null, maxPercent: null },
      plans: { validFor: 'P30D' },
    });
  });

  it('is found in the working folder, or not at all (dry runs need none)', async () => {
    expect(await findConfig(dir, undefined)).toBeNull();
    write(GOOD);
    expect((await findConfig(dir, undefined))?.actor).toBe('nightly-cron');
    await expect(findConfig(dir, 'other.yaml')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('other.yaml: cannot read the config file: no such file'),
    });
  });

  it('points at an unknown key, with a did-you-mean', async () => {
    const problems = await problemsOf(GOOD.replace('limits:', 'limts:'));
    expect(problems).toEqual([expect.stringMatching(/^8:1 unknown key "limts"/)]);
  });

  it('refuses a target whose name is not a name (a stray colon makes an empty key with no block), never a crash', async () => {
    const problems = await problemsOf(GOOD.replace(/^(\s+casefiles:.*)$/m, '$1:'));
    expect(problems).toContainEqual(expect.stringMatching(/^\d+:\d+ unknown key "" in targets/));
  });

  it('names an unknown target type and the valid ones', async () => {
    const error = await loadConfig(write(GOOD.replace('type: manual', 'type: tape')), 'retention.config.yaml').catch(
      (e: RetentionError) => e,
    );
    expect(error).toBeInstanceOf(RetentionError);
    const [problem] = (error as RetentionError).problems;
    expect(problem).toMatchObject({
      line: 7,
      message: 'target "paper" has unknown type "tape"',
      hint: 'valid types: files, manual, postgres, sqlite',
    });
  });

  it("checks each target against its own type: keys and identifiers; a missing root is the pre-flight's business, not the config's (finding C1)", async () => {
    const problems = await problemsOf(`targets:
  casefiles: { type: files, root: nowhere }
  crm: { type: sqlite, database: crm.db, table: "notes; DROP TABLE notes", key: id }
  old: { type: files, root: files, recursive: true }
`);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^3:8 target "crm": .*notes; DROP TABLE notes/);
    expect(problems[1]).toMatch(/^4:36 unknown key "recursive"/);
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('refuses %j as a target name, at its key', async (name) => {
    const problems = await problemsOf(`targets:\n  paper: { type: manual }\n  ${name}: { type: manual }\n`);
    expect(problems).toContainEqual(`3:3 target name "${name}" is reserved (a built-in name of JavaScript objects)`);
  });

  it('a files target may name a sentinel file, a plain name in its root', async () => {
    const config = await loadConfig(
      write(GOOD.replace('root: files }', 'root: files, sentinel: .retention-root }')),
      'retention.config.yaml',
    );
    expect(config.targets.get('casefiles')).toMatchObject({ sentinel: '.retention-root' });
    const problems = await problemsOf(GOOD.replace('root: files }', 'root: files, sentinel: ../elsewhere/.mounted }'));
    expect(problems).toEqual([
      expect.stringMatching(/^5:14 target "casefiles": sentinel "..\/elsewhere\/.mounted" must be the name of a file in the root/),
    ]);
  });

  it('refuses limits that make no sense and a plan validity that is not a duration', async () => {
    const problems = await problemsOf(
      GOOD.replace('maxDeletions: 500', 'maxDeletions: -1').replace('validFor: P14D', 'validFor: two weeks'),
    );
    expect(problems).toEqual([expect.stringMatching(/^9:17 /), expect.stringMatching(/^12:13 plans.validFor "two weeks"/)]);
  });
});

describe('a config that does not say what it seems to (issue 8.2, 8.15, 7.21)', () => {
  it('a lone carriage return that would hide the limits inside a comment is refused at its place', async () => {
    const attacked = GOOD.replace('  paper: { type: manual }\nlimits:', '  paper: { type: manual } # paper\rlimits:');
    expect(attacked).not.toBe(GOOD);
    expect(await problemsOf(attacked)).toEqual([`7:${'  paper: { type: manual } # paper'.length + 1} carriage return without a line feed`]);
  });

  it('CRLF line endings load the same config', async () => {
    const config = await loadConfig(write(GOOD.replace(/\n/g, '\r\n')), 'retention.config.yaml');
    expect(config.limits).toEqual({ maxDeletions: 500, maxPercent: 10 });
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# the admin will fill this in\n'],
  ])('%s: "the config is empty" at line 1', async (_, text) => {
    expect(await problemsOf(text)).toEqual(['1:null the config is empty']);
  });

  it('/dev/null reads as an empty config, named', async () => {
    const error = await loadConfig('/dev/null', '/dev/null').catch((e: unknown) => e);
    expect(error).toMatchObject({
      exitCode: 2,
      problems: [expect.objectContaining({ file: '/dev/null', line: 1, message: 'the config is empty' })],
    });
  });

  it('a config that is a list is named as a config, not a policy', async () => {
    expect(await problemsOf('- policy: p.yaml\n')).toEqual(['1:1 the config must be a mapping (key: value lines)']);
  });

  it('a misspelt "type" in a target block gets a did-you-mean', async () => {
    const error = await loadConfig(write('targets:\n  docs: { tyep: files, root: files }\n'), 'retention.config.yaml').catch(
      (e: RetentionError) => e,
    );
    expect((error as RetentionError).problems).toEqual([
      expect.objectContaining({
        line: 2,
        message: 'missing key "type" in targets.docs',
        hint: 'did you mean "type" where "tyep" is written?',
      }),
    ]);
  });

  it('a misspelt type name and a misspelt key of a target block get a did-you-mean', async () => {
    const error = await loadConfig(
      write('targets:\n  docs: { type: file, root: files }\n  more: { type: files, roots: files }\n'),
      'retention.config.yaml',
    ).catch((e: RetentionError) => e);
    const problems = (error as RetentionError).problems;
    expect(problems.find((p) => p.line === 2)).toMatchObject({
      message: 'target "docs" has unknown type "file"',
      hint: 'did you mean "files"? valid types: files, manual, postgres, sqlite',
    });
    expect(problems.find((p) => p.message.startsWith('unknown key'))).toMatchObject({
      line: 3,
      message: 'unknown key "roots" in targets.more',
      hint: expect.stringMatching(/^did you mean "root"\?/),
    });
  });

  it('says where it names its policy (or would), so that a policy missing or unreadable is reported there', async () => {
    const config = await loadConfig(write('# the policy\npolicy:   policies/p.yaml\n'), 'retention.config.yaml');
    expect(config.policyAt).toEqual({ file: 'retention.config.yaml', line: 2, col: 11 });
    const none = await loadConfig(write('# no policy yet\n\nstore: r.db\n'), 'retention.config.yaml');
    expect(none.policyAt).toEqual({ file: 'retention.config.yaml', line: 3, col: 1 });
  });
});
