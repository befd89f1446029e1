/**
 * The built binary end to end: the exit status a shell or cron sees for each outcome of the
 * exit-code table (`retention --help`), the streams it writes, and the run lock between two
 * real processes. The same outcomes are tested in detail in-process; these prove that the
 * binary passes them through (bin → main → the process's own stdout, stderr and exit code).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, exited, expectNoStack, isStopped } from './run-cli.js';
import { errorCodes } from './error-codes.js';
import { AS_OF, ENDED_LONG_AGO, createWorld, expectOk, fileExists, insertLease, setUp, targetState, type World } from './world.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];

/** Two due records, each a file of its own. */
async function dueWorld(): Promise<World> {
  const w = createWorld();
  await setUp(w, [
    { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
    { id: 'F-2', category: 'casenote', location: 'casefiles:b/two.txt', ended: ENDED_LONG_AGO },
  ]);
  return w;
}

describe('the exit status of the binary', () => {
  let w: World;
  beforeAll(async () => {
    w = await dueWorld();
  });

  it('0: help on stdout, nothing on stderr', () => {
    const result = w.spawn(['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Exit status:');
  });

  it('2: bad usage, said on stderr by commander, nothing on stdout', () => {
    expect(w.spawn(['plan', '--bogus'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: unknown option \'--bogus\'\n(run "retention --help" for usage)\n',
    });
  });

  it('2: apply without --yes when its input is not a terminal, no stack trace', () => {
    const result = w.spawn(['apply', '--as-of', AS_OF]);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['apply.needs-yes']);
    expect(result.stderr).toContain('--yes');
    expect(expectNoStack(result.stderr)).toBe(true);
  });

  it('3: a safety limit refuses the run, nothing deleted', () => {
    const before = targetState(w);
    const result = w.spawn([...APPLY, '--max-deletions', '1']);
    expect(result.code).toBe(3);
    expect(errorCodes(result.stderr)).toEqual(['apply.limit.max-deletions']);
    expect(result.stderr).toContain('2 deletions planned, the limit is 1 (1 over)');
    expect(targetState(w)).toEqual(before);
  });

  it('1: some deletions failed, summarised on stderr; the rest were done', async () => {
    const w = createWorld();
    await setUp(w, [
      { id: 'F-GOOD', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
      { id: 'F-BAD', category: 'casenote', location: 'casefiles:../outside/outside.txt', ended: ENDED_LONG_AGO },
    ]);
    const result = w.spawn(APPLY);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/1 deleted, 0 already absent, 1 failed/);
    expectOk(w.spawn(['audit', 'verify']));
  });

  it('75: a live run of another process holds the lock', () => {
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      insertLease(w, { run: 'run-other', pid: holder.pid!, host: os.hostname() });
      const result = w.spawn(APPLY);
      expect(result.code).toBe(75);
      expect(errorCodes(result.stderr)).toEqual(['apply.locked']);
      expect(result.stderr).toContain(
        `another run holds the lock on targets casefiles, crm, paper of this store: run run-other, pid ${holder.pid}`,
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

describe('two runs at once', () => {
  it('the second exits 75 naming the first, which then finishes its work: exit 0, quiet', async () => {
    const w = await dueWorld();
    // The first run freezes after its intents are journaled, holding the lock.
    const first = cliAsync(APPLY, { cwd: w.dir, env: { RETENTION_TEST_CRASH_AT: 'after-intents:1:SIGSTOP' } });
    const firstDone = exited(first);
    while (!isStopped(first.pid!)) await sleep(10);

    const second = w.spawn(APPLY);
    expect(second.code).toBe(75);
    expect(second.stdout).toBe('');
    expect(errorCodes(second.stderr)).toEqual(['apply.locked']);
    expect(second.stderr).toMatch(
      new RegExp(`another run holds the lock on targets casefiles, crm, paper of this store: run run-\\S+, pid ${first.pid} on `),
    );

    first.kill('SIGCONT');
    expect(await firstDone).toEqual({ code: 0, signal: null, stderr: '' });
    expect(fileExists(w, 'a/one.txt') || fileExists(w, 'b/two.txt')).toBe(false);
  });
});
