/**
 * `apply` without --yes on a terminal shows what it would delete and asks; only "yes" deletes.
 * Run under a pseudo-terminal (util-linux `script`), with the answer typed on its input.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';
import { AS_OF, ENDED_LONG_AGO, auditLog, createWorld, fileExists, setUp, type World } from './world.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

function applyOnTerminal(world: World, answer: string) {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} apply --as-of ${AS_OF}`;
  return spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: world.dir,
    input: `${answer}\n`,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

async function dueWorld(): Promise<World> {
  const world = createWorld();
  await setUp(world, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
  return world;
}

describe.skipIf(!hasScript)('apply on a terminal, without --yes', () => {
  it('lists the records and deletes them when the answer is "yes"', async () => {
    const world = await dueWorld();
    const result = applyOnTerminal(world, 'yes');
    expect(result.stdout).toContain('1 record due, to be deleted:');
    expect(result.stdout).toContain('F-1');
    expect(fileExists(world, 'a/one.txt')).toBe(false);
    expect(
      auditLog(world)
        .filter((e) => e.action === 'deleted')
        .map((e) => e.record),
    ).toEqual(['F-1']);
  });

  it('deletes nothing, and journals no intent, for any other answer', async () => {
    const world = await dueWorld();
    const result = applyOnTerminal(world, 'y');
    expect(result.stdout).toContain('declined, nothing deleted');
    expect(fileExists(world, 'a/one.txt')).toBe(true);
    expect(auditLog(world).filter((e) => e.action === 'intent' || e.action === 'deleted')).toEqual([]);
    expect(auditLog(world).find((e) => e.action === 'run-end')?.detail).toMatchObject({ status: 'declined' });
  });
});
