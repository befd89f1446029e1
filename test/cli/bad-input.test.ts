/**
 * Bad inventories, policies and flags, as a user meets them: exit 2, nothing on stdout (so a
 * pipe never receives half a plan), `file:line[:col]: message` on stderr, and no stack trace
 * unless --debug asks for one.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoStack, REPO, tempDir, type CliResult } from './run-cli.js';
import { run } from './run-in-process.js';
import { errorCodes } from './error-codes.js';

const POLICY = path.join(REPO, 'policies/leading-lives.yaml');
const INVENTORY = path.join(REPO, 'fixtures/leading-lives/inventory.csv');
const HEADER = 'id,subject,category,created,location,service_ended';
const FORMATS = ['table', 'json', 'ndjson', 'csv'];

/** Writes `text` as `name` in a fresh folder and returns that folder, so messages name the file as typed. */
function folderWith(name: string, text: string): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, name), text);
  return dir;
}

function expectRefused(result: CliResult): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(expectNoStack(result.stderr), result.stderr).toBe(true);
}

describe('a bad inventory stops plan with exit 2, naming file and line', () => {
  const cases: { name: string; file: string; text: string; where: string; code: string }[] = [
    {
      name: 'an impossible date',
      file: 'inv.csv',
      text: `${HEADER}\nA1,S1,care-plan,2020-01-01,x:a,2021-01-01\nA2,S1,care-plan,2020-01-01,x:b,2021-01-01\nA3,S1,care-plan,2020-01-01,x:c,2023-02-30\n`,
      where: 'inv.csv:4: ',
      code: 'inventory.bad-date',
    },
    {
      name: 'a duplicate id',
      file: 'dup.csv',
      text: `${HEADER}\nA1,S1,care-plan,2020-01-01,x:a,2021-01-01\nA2,S1,care-plan,2020-01-01,x:b,2021-01-01\nA1,S1,care-plan,2020-01-01,x:c,2021-01-01\n`,
      where: 'dup.csv:4: ',
      code: 'inventory.duplicate-id',
    },
    {
      name: 'a missing required column',
      file: 'nocat.csv',
      text: 'id,subject,created,location,service_ended\nA1,S1,2020-01-01,x:a,2021-01-01\n',
      where: 'nocat.csv:1: ',
      code: 'inventory.csv-header',
    },
    {
      name: 'unbalanced quotes',
      file: 'quote.csv',
      text: `${HEADER}\nA1,S1,care-plan,2020-01-01,x:a,2021-01-01\nA2,S1,"care-plan,2020-01-01,x:b,2021-01-01\nA3,S1,care-plan,2020-01-01,x:c,2021-01-01\n`,
      where: 'quote.csv:3: ',
      code: 'inventory.csv-syntax',
    },
    {
      name: 'invalid JSON on line 3 of a JSON Lines file',
      file: 'bad.jsonl',
      text: [
        '{"id":"A1","subject":"S1","category":"care-plan","created":"2020-01-01","location":"x:a","events":{"service_ended":"2021-01-01"}}',
        '{"id":"A2","subject":"S1","category":"care-plan","created":"2020-01-01","location":"x:b","events":{}}',
        '{"id":"A3", oops}',
        '',
      ].join('\n'),
      where: 'bad.jsonl:3:13: ',
      code: 'inventory.json-syntax',
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const cwd = folderWith(c.file, c.text);
      const result = await run(['plan', '--policy', POLICY, '--inventory', c.file, '--as-of', '2026-06-30', '--format', 'csv'], { cwd });
      expectRefused(result);
      expect(result.stderr.startsWith(c.where), result.stderr).toBe(true);
      expect(errorCodes(result.stderr)).toEqual([c.code]);
    });
  }

  it('in every output format, including the streaming ones', async () => {
    const cwd = folderWith(cases[0]!.file, cases[0]!.text);
    for (const format of FORMATS) {
      const result = await run(['plan', '--policy', POLICY, '--inventory', 'inv.csv', '--as-of', '2026-06-30', '--format', format], {
        cwd,
      });
      expectRefused(result);
      expect(result.stderr, format).toMatch(/^inv\.csv:4: /);
    }
  });

  it('a hostile value is quoted cut in its middle, saying how much was left out, not a megabyte of cron mail', async () => {
    const id = `B-${'\u2028'.repeat(300_000)}`;
    const cwd = folderWith('inv.csv', `${HEADER}\n${id},S-1,care-plan,2015-01-01,casefiles:c/1,\n`);
    const result = await run(['plan', '--policy', POLICY, '--inventory', 'inv.csv', '--as-of', '2026-06-30'], { cwd });
    expectRefused(result);
    expect(errorCodes(result.stderr)).toEqual(['inventory.invisible-character']);
    expect(result.stderr).toMatch(/^inv\.csv:2: id "B-(\\u2028)+.* … \(\d+ characters left out\) … .*\\u2028" holds U\+2028/);
    expect(result.stderr.length).toBeLessThan(2000);
  });

  it('a missing inventory file', async () => {
    const result = await run(['plan', '--policy', POLICY, '--inventory', 'no-such.csv', '--as-of', '2026-06-30', '--format', 'csv'], {
      cwd: tempDir(),
    });
    expectRefused(result);
    expect(result.stderr).toMatch(/^no-such\.csv: .*no such file/);
  });

  it('explain reports the same problem', async () => {
    const cwd = folderWith(cases[0]!.file, cases[0]!.text);
    const result = await run(['explain', 'A3', '--policy', POLICY, '--inventory', 'inv.csv', '--as-of', '2026-06-30'], { cwd });
    expectRefused(result);
    expect(result.stderr).toMatch(/^inv\.csv:4: /);
  });
});

/** A valid policy, one rule; each case edits one line of it. Line numbers matter below. */
const GOOD_POLICY = [
  'version: 1', //                                            1
  'organisation: Test Org', //                                2
  'timezone: Europe/London', //                               3
  'rules:', //                                                4
  '  - id: care-records', //                                  5
  '    match: { category: care-plan }', //                    6
  '    basis: contract', //                                   7
  '    retain: { from: service_ended, for: P6Y }', //         8
];

function policyWith(line: number, text: string, extra: string[] = []): string {
  const lines = [...GOOD_POLICY];
  lines[line - 1] = text;
  return [...lines, ...extra, ''].join('\n');
}

describe('a bad policy stops validate and plan with exit 2, naming file:line:col', () => {
  it('the unedited policy is valid (the cases below differ from it by one line)', async () => {
    const cwd = folderWith('policy.yaml', policyWith(1, 'version: 1'));
    expect((await run(['validate', '--policy', 'policy.yaml'], { cwd })).code).toBe(0);
  });

  const cases: { name: string; text: string; where: RegExp; code: string }[] = [
    { name: 'a YAML syntax error', text: policyWith(7, '   basis: contract'), where: /^policy\.yaml:7:\d+: /, code: 'yaml.syntax' },
    {
      name: 'an unknown key',
      text: policyWith(8, '    retian: { from: service_ended, for: P6Y }'),
      where: /^policy\.yaml:8:5: unknown key "retian".*\n.*did you mean "retain"/m,
      code: 'policy.unknown-key',
    },
    {
      name: 'a bad duration',
      text: policyWith(8, '    retain: { from: service_ended, for: 6 years }'),
      where: /^policy\.yaml:8:41: /,
      code: 'policy.bad-duration',
    },
    {
      name: 'a duplicate rule id',
      text: policyWith(1, 'version: 1', ['  - id: care-records', '    match: { category: health }', '    retain: indefinitely']),
      where: /^policy\.yaml:9:9: /,
      code: 'policy.duplicate-rule-id',
    },
    { name: 'an unknown basis', text: policyWith(7, '    basis: contractual'), where: /^policy\.yaml:7:12: /, code: 'policy.not-one-of' },
    {
      name: 'an unknown timezone',
      text: policyWith(3, 'timezone: Europe/Lundon'),
      where: /^policy\.yaml:3:11: /,
      code: 'policy.unknown-timezone',
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const cwd = folderWith('policy.yaml', c.text);
      for (const args of [['validate'], ['plan', '--inventory', INVENTORY, '--as-of', '2026-06-30']]) {
        const result = await run([...args, '--policy', 'policy.yaml'], { cwd });
        expectRefused(result);
        expect(result.stderr, args[0]).toMatch(c.where);
        // A mistake may bring others with it (a key misspelt is also a key missing): the one made is among them.
        expect(errorCodes(result.stderr), args[0]).toContain(c.code);
      }
    });
  }

  it('a missing policy file', async () => {
    const result = await run(['validate', '--policy', 'nowhere.yaml'], { cwd: tempDir() });
    expectRefused(result);
    expect(result.stderr).toMatch(/^nowhere\.yaml: .*no such file/);
  });

  it('--debug shows the stack that is hidden by default', async () => {
    const cwd = folderWith('policy.yaml', cases[1]!.text);
    const result = await run(['validate', '--policy', 'policy.yaml', '--debug'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^policy\.yaml:8:5: /m);
    expect(expectNoStack(result.stderr)).toBe(false);
  });
});

describe('bad flags: exit 2 with a message that says what to type', () => {
  const plan = ['plan', '--policy', POLICY, '--inventory', INVENTORY];
  // Which flag is at fault is in the first words; which error, in the code.
  const cases: { name: string; args: string[]; says: RegExp; code: string }[] = [
    {
      name: 'an impossible --as-of',
      args: ['--as-of', '2026-13-01'],
      says: /^--as-of "2026-13-01" is not a date.*YYYY-MM-DD/,
      code: 'usage.bad-value',
    },
    { name: 'an unknown --format', args: ['--format', 'xml'], says: /^--format "xml"/, code: 'usage.bad-value' },
    { name: 'an unknown --status', args: ['--status', 'due,bogus'], says: /^--status .*"bogus"/, code: 'usage.bad-value' },
    { name: 'a --horizon that is not a duration', args: ['--horizon', 'soon'], says: /^--horizon "soon"/, code: 'usage.bad-value' },
    { name: 'an empty --as-of (it would quietly mean today)', args: ['--as-of', ''], says: /^--as-of ""/, code: 'usage.empty-value' },
    {
      name: 'an empty --inventory (it would quietly mean the store)',
      args: ['--inventory', ''],
      says: /^--inventory ""/,
      code: 'usage.empty-value',
    },
    {
      name: "an empty --policy (it would quietly mean the config's)",
      args: ['--policy', ' '],
      says: /^--policy " "/,
      code: 'usage.empty-value',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const result = await run([...plan, ...c.args]);
      expectRefused(result);
      expect(result.stderr).toMatch(c.says);
      expect(errorCodes(result.stderr)).toEqual([c.code]);
    });
  }

  it('an unknown option (commander says so, in its own words)', async () => {
    const result = await run([...plan, '--bogus']);
    expectRefused(result);
    expect(result.stderr).toMatch(/unknown option '--bogus'/);
  });

  it('an unknown command', async () => {
    const result = await run(['frobnicate']);
    expectRefused(result);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
