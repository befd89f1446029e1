/**
 * The SQLite store's run lock is a lease row naming run, pid and host: a lease whose process is
 * gone on this host is taken over, one held from another host never is, and a run gives back
 * only its own lease. (What every store's lock promises is in conformance/run-lock.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProcessAlive, SqliteLease } from '../../src/store/sqlite-lease.js';
import { closeDatabase, openStoreDatabase } from '../../src/store/sqlite-open.js';
import { tempStore, tickingClock, type TempStore } from './helpers.js';

let t: TempStore;
let db: Database.Database;
beforeEach(async () => {
  t = await tempStore();
  db = openStoreDatabase(t.path, 'write');
});
afterEach(async () => {
  closeDatabase(db);
  await t.cleanup();
});

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not spawn a child');
  return child.pid;
}

/** The lease as the process `pid` on `host` takes it. */
const leaseOf = (pid: number, host: string) => new SqliteLease(db, tickingClock(), { pid, host, isAlive: isProcessAlive });

describe('the lease', () => {
  it('is refused to a second run while the holder is alive', () => {
    expect(leaseOf(process.pid, 'h1').take('A')).toEqual({ acquired: true, tookOverFrom: null });
    expect(leaseOf(process.pid, 'h1').take('B')).toMatchObject({ acquired: false, holder: { run: 'A', pid: process.pid, host: 'h1' } });
  });

  it('is taken over from a crashed holder on the same host', () => {
    const pid = deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    leaseOf(pid, 'h1').take('A');
    expect(leaseOf(process.pid, 'h1').take('B')).toMatchObject({ acquired: true, tookOverFrom: { run: 'A', pid } });
    expect(leaseOf(process.pid, 'h1').take('C')).toMatchObject({ acquired: false, holder: { run: 'B' } });
  });

  it('is never presumed dead when held from another host', () => {
    leaseOf(deadPid(), 'other').take('A');
    expect(leaseOf(process.pid, 'h1').take('B')).toMatchObject({ acquired: false });
  });

  it('is free again once released by its run, and only by its run', () => {
    const lease = leaseOf(process.pid, 'h1');
    lease.take('A');
    lease.release('B');
    expect(lease.take('B')).toMatchObject({ acquired: false });
    lease.release('A');
    expect(lease.take('B')).toMatchObject({ acquired: true });
  });

  it('is one row for the whole store: a run over other targets is refused too', async () => {
    const first = await t.store.acquireRunLock('A', { targets: ['casefiles'] });
    expect(await t.store.acquireRunLock('B', { targets: ['crm'] })).toMatchObject({ acquired: false, holder: { run: 'A' } });
    if (first.acquired) await first.release();
    expect(db.prepare('SELECT count(*) FROM lease').pluck().get()).toBe(0);
  });
});
