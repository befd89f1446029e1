/**
 * `retention unlock RUN-ID --by NAME` (finding C8): a lease that no run will ever take over
 * (its host was renamed, or its pid now belongs to another live process) is freed by a person,
 * with an `unlock` entry in the log; refused (exit 75) while the holder is provably alive on
 * this host, unless --force.
 */
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  ENDED_LONG_AGO,
  auditLog,
  createWorld,
  expectOk,
  expectRefused,
  insertLease,
  setUp,
  tableCount,
  type World,
} from './world.js';
import { errorCodes } from './error-codes.js';
import { expectNoStack } from './run-cli.js';

async function world(): Promise<World> {
  const w = createWorld();
  await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
  return w;
}

const APPLY = ['apply', '--yes', '--as-of', AS_OF];

describe('retention unlock', () => {
  it('frees the lease of a run on a host that is no more, logged with who did it; apply runs again', async () => {
    const w = await world();
    const dead = spawnSync('true').pid;
    insertLease(w, { run: 'run-old-container', pid: dead, host: `old-${os.hostname()}` });
    expect((await w.run(APPLY)).code).toBe(75);

    const unlocked = expectOk(await w.run(['unlock', 'run-old-container', '--by', 'Ann Admin']));
    expect(unlocked.stdout).toMatch(/^released the lock of run run-old-container \(pid \d+ on old-.*, since .*\)/);
    expect(tableCount(w, 'lease')).toBe(0);
    const entry = auditLog(w).at(-1);
    expect(entry).toMatchObject({
      action: 'unlock',
      actor: 'Ann Admin',
      run: 'run-old-container',
      detail: { pid: dead, host: `old-${os.hostname()}`, forced: false },
    });
    expectOk(await w.run(APPLY));
  });

  it('needs --by, names a run that does not hold the lock, and changes nothing then', async () => {
    const w = await world();
    expectRefused(await w.run(['unlock', 'run-x']), 'usage.missing-value');
    const free = await w.run(['unlock', 'run-x', '--by', 'Ann Admin']);
    expect(errorCodes(free.stderr)).toEqual(['unlock.not-held']);
    expect(free.stderr).toMatch(/run run-x does not hold the lock: no run holds it/);
    expect(free.code).toBe(2);
    insertLease(w, { run: 'run-other', pid: spawnSync('true').pid, host: `old-${os.hostname()}` });
    const other = await w.run(['unlock', 'run-x', '--by', 'Ann Admin']);
    expect(other.stderr).toMatch(/run run-x does not hold the lock: run run-other does/);
    expect(tableCount(w, 'lease')).toBe(1);
    expect(auditLog(w).filter((e) => e.action === 'unlock')).toEqual([]);
  });

  it('a pid now held by a process started after the lock was taken is not the holder: freed without --force', async () => {
    const w = await world();
    const other = spawn('sleep', ['30']);
    try {
      const db = new Database(w.store);
      db.prepare('INSERT INTO lease (singleton, run, pid, host, acquired_at) VALUES (1, ?, ?, ?, ?)').run(
        'run-before-reboot',
        other.pid,
        os.hostname(),
        '2026-01-01T02:00:00.000Z',
      );
      db.close();
      expect((await w.run(APPLY)).code).toBe(75);
      const unlocked = expectOk(await w.run(['unlock', 'run-before-reboot', '--by', 'Ann Admin']));
      expect(unlocked.stdout).toContain(`pid ${other.pid} now belongs to a process started after the lock was taken`);
      expect(auditLog(w).at(-1)).toMatchObject({ action: 'unlock', detail: { holderAlive: false, pidReused: true, forced: false } });
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('refuses while the holder runs on this host (exit 75); --force frees it, and the entry says so', async () => {
    const w = await world();
    const holder = spawn('sleep', ['30']);
    try {
      insertLease(w, { run: 'run-live', pid: holder.pid!, host: os.hostname() });
      const refused = await w.run(['unlock', 'run-live', '--by', 'Ann Admin']);
      expect(refused.code).toBe(75);
      expect(errorCodes(refused.stderr)).toEqual(['unlock.holder-alive']);
      expect(refused.stderr).toContain(`pid ${holder.pid} on this host is running`);
      expect(expectNoStack(refused.stderr)).toBe(true);
      expect(tableCount(w, 'lease')).toBe(1);

      expectOk(await w.run(['unlock', 'run-live', '--by', 'Ann Admin', '--force']));
      expect(tableCount(w, 'lease')).toBe(0);
      expect(auditLog(w).at(-1)).toMatchObject({ action: 'unlock', actor: 'Ann Admin', detail: { forced: true, holderAlive: true } });
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
