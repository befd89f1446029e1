/**
 * The first apply under a new policy version writes one `policy-changed` entry (old and new
 * SHA-256, how many decisions changed), hashed into the chain like every entry; under cron it
 * prints nothing, on a terminal it says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/sha256.js';
import { BIN } from './run-cli.js';
import { AS_OF, auditLog, createWorld, ENDED_RECENTLY, expectChainVerifies, expectOk, setUp, type World } from './world.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

async function worldWithTwoVersions(): Promise<{ w: World; oldSha: string; newSha: string }> {
  const w = createWorld({ editablePolicy: true });
  // Case ended 2026-01-15: retained to 2027-01-15 under P1Y; due under P3M (kept to 2026-04-15).
  await setUp(w, [
    { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_RECENTLY },
    { id: 'F-2', category: 'care-plan', location: 'casefiles:a/two.txt', ended: ENDED_RECENTLY },
  ]);
  const oldSha = sha256Hex(fs.readFileSync(w.policy));
  expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
  const text = fs.readFileSync(w.policy, 'utf8');
  fs.writeFileSync(
    w.policy,
    text.replace('retain: { from: ended, for: P1Y }\n    hold_while', 'retain: { from: ended, for: P3M }\n    hold_while'),
  );
  const newSha = sha256Hex(fs.readFileSync(w.policy));
  expect(newSha).not.toBe(oldSha);
  return { w, oldSha, newSha };
}

describe('the first apply under a new policy version', () => {
  it('logs policy-changed once, with both hashes and the decisions it changed, and stays quiet under cron', async () => {
    const { w, oldSha, newSha } = await worldWithTwoVersions();
    expect(auditLog(w).filter((e) => e.action === 'policy-changed')).toEqual([]);

    const second = expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    expect(second.stdout).toBe('');
    const [entry, ...more] = auditLog(w).filter((e) => e.action === 'policy-changed');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: 'test-cron',
      policySha256: newSha,
      detail: {
        oldSha256: oldSha,
        newSha256: newSha,
        records: 2,
        changed: 1,
        changes: { 'closed-cases': '1 record kept 9 months less; 1 now due' },
      },
    });
    // The entry belongs to the run under the new version, which deleted the record the change made due.
    const log = auditLog(w);
    // It opens that run: right after run-start, before any intent (counted before deleting).
    expect(
      log
        .filter((e) => e.run === entry?.run)
        .map((e) => e.action)
        .slice(0, 3),
    ).toEqual(['run-start', 'policy-changed', 'intent']);
    expect(log.find((e) => e.action === 'deleted')).toMatchObject({ record: 'F-1', run: entry?.run, policySha256: newSha });
    await expectChainVerifies(log);
    expectOk(await w.run(['audit', 'verify']));

    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    expect(auditLog(w).filter((e) => e.action === 'policy-changed')).toHaveLength(1);
  });

  it.skipIf(!hasScript)('says so on a terminal', async () => {
    const { w } = await worldWithTwoVersions();
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} apply --yes --as-of ${AS_OF}`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: w.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stdout).toMatch(
      /first run under a new policy version \([0-9a-f]{12}… → [0-9a-f]{12}…\): 1 record of 2 decided differently; logged as policy-changed/,
    );
    expect(result.stdout).toContain('closed-cases: 1 record kept 9 months less; 1 now due');
  });
});
