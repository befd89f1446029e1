/** A bad config is bad input like a bad policy: file:line:col on stderr, exit 2, nothing changed. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, expectNoStack, tempDir } from './run-cli.js';
import { run } from './run-in-process.js';

const POLICY = path.join(REPO, 'policies/leading-lives.yaml');

describe('retention.config.yaml with mistakes', () => {
  it('stops apply and plan with every problem named by line and column, and touches nothing', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'files'));
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'untouched');
    fs.writeFileSync(
      path.join(dir, 'retention.config.yaml'),
      `policy: ${JSON.stringify(POLICY)}\nstore: retention.db\ntargets:\n  casefiles: { type: files, rot: files }\n  crm: { type: sqlite, database: crm.db, table: "x y", key: id }\nlimits:\n  maxDeletion: 5\n`,
    );
    for (const args of [['apply', '--yes'], ['plan']]) {
      const result = await run(args, { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('retention.config.yaml:4:29: unknown key "rot"');
      expect(result.stderr).toContain('retention.config.yaml:5:8: target "crm"');
      expect(result.stderr).toMatch(/retention\.config\.yaml:7:3: unknown key "maxDeletion"[\s\S]*did you mean "maxDeletions"/);
      expect(expectNoStack(result.stderr)).toBe(true);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['files', 'keep.txt', 'retention.config.yaml']);
  });
});

describe('a config problem is named by the config file and its line (issue 8.15, 7.21)', () => {
  it("a policy: path that cannot be read is reported at the config's line and column", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'retention.config.yaml'), "# the DPO's rules\npolicy: policies/missing.yaml\n");
    for (const args of [['validate'], ['plan', '--inventory', path.join(REPO, 'fixtures/leading-lives/inventory.csv')]]) {
      const result = await run(args, { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^retention\.config\.yaml:2:9: policy "policies\/missing\.yaml": cannot read the policy file: no such file/,
      );
    }
  });

  it('a config that names no policy (and no --policy) says so at the config', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'retention.config.yaml'), '# settings\nstore: retention.db\n');
    const result = await run(['validate'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^retention\.config\.yaml:2:1: the config names no policy/);
  });

  it('--config /dev/null says the config is empty, named', async () => {
    const result = await run(['validate', '--config', '/dev/null', '--policy', POLICY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^\/dev\/null:1: the config is empty/);
    expect(expectNoStack(result.stderr)).toBe(true);
  });
});
