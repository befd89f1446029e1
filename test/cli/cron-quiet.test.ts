/**
 * Quiet under cron: a policy warning is shown by `validate` and `plan`, but a successful
 * `apply` that nobody watches (stderr not a terminal, or --quiet) prints nothing — cron would
 * mail it every night. The first apply under a policy version logs its warnings instead, as one
 * `policy-warnings` entry; later runs under the same version add nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';
import { AS_OF, ENDED_LONG_AGO, auditLog, createWorld, lastRun, setUp, sha256OfFile, type World } from './world.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Takes `basis:` out of a rule of the world's own copy of the policy: "rule … has no basis" is a warning. */
function dropBasis(world: World, rule: string): void {
  const text = fs.readFileSync(world.policy, 'utf8');
  const edited = text.replace(new RegExp(`(- id: ${rule}\\n(?:    .*\\n)*?)    basis: \\w+\\n`), '$1');
  expect(edited).not.toBe(text);
  fs.writeFileSync(world.policy, edited);
}

async function warningWorld(): Promise<World> {
  const world = createWorld({ editablePolicy: true });
  dropBasis(world, 'care-plans');
  await setUp(world, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
  return world;
}

const logged = (world: World) => auditLog(world).filter((e) => e.action === 'policy-warnings');

describe('a policy warning under cron', () => {
  it('is shown by validate and plan', async () => {
    const world = await warningWorld();
    for (const args of [['validate'], ['plan', '--as-of', AS_OF]]) {
      const result = await world.run(args);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/warning: rule "care-plans" has no basis/);
    }
  });

  it('is not printed by a successful apply, but logged once per policy version', async () => {
    const world = await warningWorld();
    expect(await world.run(APPLY)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const firstRun = lastRun(world);
    expect(await world.run(APPLY)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await world.run([...APPLY, '--quiet'])).toMatchObject({ code: 0, stdout: '', stderr: '' });

    const [entry, ...more] = logged(world);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: 'test-cron',
      run: firstRun,
      policySha256: sha256OfFile(world.policy),
      record: null,
      subject: null,
    });
    expect(entry?.detail).toEqual({
      count: 1,
      warnings: { '1': expect.stringMatching(/^line \d+, col \d+: rule "care-plans" has no basis$/) },
    });
    expect(JSON.stringify(entry)).not.toContain(world.dir);

    // A new version of the policy is a new set of warnings: logged once more.
    dropBasis(world, 'closed-cases');
    expect(await world.run(APPLY)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await world.run(APPLY)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(logged(world).map((e) => [e.policySha256, e.detail?.count])).toEqual([
      [entry?.policySha256, 1],
      [sha256OfFile(world.policy), 2],
    ]);
  });

  it.skipIf(!hasScript)('is printed by apply on a terminal, and not with --quiet', async () => {
    const onTerminal = (world: World, extra: string) =>
      spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${APPLY.join(' ')} ${extra}`, '/dev/null'], {
        cwd: world.dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const world = await warningWorld();
    const shown = onTerminal(world, '');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/warning: rule "care-plans" has no basis/);
    const quiet = onTerminal(world, '--quiet');
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(logged(world)).toHaveLength(1);
  });
});
