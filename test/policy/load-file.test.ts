import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, RetentionError } from '../../src/errors.js';
import { loadPolicyFile, requirePolicy } from '../../src/policy/load.js';
import { fixturePath } from '../fixtures.js';
import { DESIGN_EXAMPLE } from './helpers.js';

const fixture = (name: string) => fixturePath('policy', 'load-file', name);

describe('loadPolicyFile', () => {
  it('hashes the raw bytes of the file, byte-order mark included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'retention-policy-'));
    const path = join(dir, 'policy.yaml');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DESIGN_EXAMPLE, 'utf8')]);
    await writeFile(path, bytes);
    const result = await loadPolicyFile(path);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.policy?.rules).toHaveLength(4);
  });

  it('reports a missing file as a problem naming it, with a hint', async () => {
    const result = await loadPolicyFile('/nonexistent/policy.yaml');
    expect(result.policy).toBeNull();
    expect(result.sha256).toBe('');
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: '/nonexistent/policy.yaml',
        line: null,
        severity: 'error',
        message: 'cannot read the policy file: no such file',
      }),
    ]);
    expect(result.problems[0]?.hint).toContain('--policy FILE');
  });

  it('names the file it read in every problem', async () => {
    const result = await loadPolicyFile(fixture('unknown-key.yaml'));
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: fixture('unknown-key.yaml'),
        line: 9,
        col: 5,
        message: 'unknown key "approvel" in rule "care-records"',
      }),
    ]);
  });
});

describe('requirePolicy', () => {
  it('throws an input error (exit 2) whose message lists the problems as file:line:col', async () => {
    const failure = await requirePolicy(fixture('unknown-key.yaml')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RetentionError);
    const error = failure as RetentionError;
    expect(error.exitCode).toBe(EXIT.badInput);
    expect(error.message).toContain(`${fixture('unknown-key.yaml')}:9:5: unknown key "approvel" in rule "care-records"`);
    expect(error.message).toContain('did you mean "approval"?');
  });

  it('returns the policy and its warnings when there are only warnings', async () => {
    const loaded = await requirePolicy(fixture('legal-obligation-erasure.yaml'));
    expect(loaded.policy.rules[0]?.eraseOn).toEqual(['erasure_requested']);
    expect(loaded.document.organisation).toBe('Test Org');
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.warnings).toEqual([expect.objectContaining({ severity: 'warning', line: 9, col: 16 })]);
  });

  it("reports a file that cannot be read where its path was written (the config's policy: line)", async () => {
    const namedAt = { file: 'retention.config.yaml', line: 2, col: 9 };
    const failure = await requirePolicy('policies/nowhere.yaml', namedAt).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      exitCode: EXIT.badInput,
      problems: [
        expect.objectContaining({ ...namedAt, message: 'policy "policies/nowhere.yaml": cannot read the policy file: no such file' }),
      ],
    });
    expect((failure as RetentionError).message).toMatch(/^retention\.config\.yaml:2:9: policy "policies\/nowhere\.yaml"/);
  });

  it("keeps the policy's own problems in the policy file, wherever its path was written", async () => {
    const failure = await requirePolicy(fixture('unknown-key.yaml'), { file: 'retention.config.yaml', line: 2, col: 9 }).catch(
      (e: unknown) => e,
    );
    expect((failure as RetentionError).problems).toEqual([expect.objectContaining({ file: fixture('unknown-key.yaml'), line: 9, col: 5 })]);
  });
});

describe('the policy file is read once, as a regular file of a sensible size', () => {
  it.each([
    ['a folder', () => tmpdir(), /it is a folder, not a regular file/],
    ['a device that never ends', () => '/dev/zero', /it is a device, not a regular file/],
  ])('%s is refused, named', async (_, pathOf, says) => {
    const result = await loadPolicyFile(pathOf());
    expect(result.policy).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ file: pathOf(), line: null, message: expect.stringMatching(says) })]);
  });

  it('a file over 16 MB is refused without being parsed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'retention-policy-'));
    const path = join(dir, 'huge.yaml');
    await writeFile(
      path,
      `${DESIGN_EXAMPLE}
${'#'.repeat(16 * 1024 * 1024)}
`,
    );
    const result = await loadPolicyFile(path);
    expect(result.problems).toEqual([
      expect.objectContaining({ file: path, message: 'cannot read the policy file: it is larger than 16 MB' }),
    ]);
  });
});
