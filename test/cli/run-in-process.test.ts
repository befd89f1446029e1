/**
 * A command run in-process takes everything from its context and leaves the test process as it
 * was: nothing on the process's own stdout or stderr, no exit code, no signal listeners, and
 * relative paths, standard input and the clock from the context, not from the process.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturePath } from '../fixtures.js';
import { run } from './run-in-process.js';
import { AS_OF, ENDED_LONG_AGO, createWorld, expectOk, setUp } from './world.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a command run in-process', () => {
  it("writes nothing to the process's streams and sets no exit code, whatever its outcome", async () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const exitCode = process.exitCode;
    const results = [
      await run(['--help']),
      await run(['plan', '--bogus']),
      await run(['validate', '--policy', 'policies/leading-lives.yaml']),
    ];
    expect(results.map((r) => r.code)).toEqual([0, 2, 0]);
    expect(results.every((r) => r.stdout !== '' || r.stderr !== '')).toBe(true);
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    expect(process.exitCode).toBe(exitCode);
  });

  it('listens to no signal of the process while apply runs', async () => {
    const world = createWorld();
    await setUp(world, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const before = listeners();
    const seen: number[] = [];
    // The clock is read while the run is under way (its run id), after apply watches for signals.
    const now = () => {
      seen.push(listeners());
      return new Date();
    };
    expectOk(await world.run(['apply', '--yes', '--as-of', AS_OF], { now }));
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen)).toEqual(new Set([before]));
  });

  it("opens relative paths from its working directory, not the process's", async () => {
    expect(process.cwd()).not.toBe(fixturePath('policy', 'load-file'));
    const result = await run(['validate', '--policy', 'legal-obligation-erasure.yaml'], { cwd: fixturePath('policy', 'load-file') });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^legal-obligation-erasure\.yaml: valid/);
  });

  it('reads `-` from the input it is given, and decides as of the date of its clock', async () => {
    const input = 'id,subject,category,created,location,service_ended\nR-1,S-1,care-plan,2020-01-01,x:1,2021-03-04\n';
    const result = await run(['plan', '--policy', 'policies/leading-lives.yaml', '--inventory', '-', '--format', 'json'], {
      input,
      now: () => new Date('2031-01-02T12:00:00Z'),
    });
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { asOf: string; decisions: { id: string }[] };
    expect(plan.asOf).toBe('2031-01-02');
    expect(plan.decisions.map((d) => d.id)).toEqual(['R-1']);
  });
});
