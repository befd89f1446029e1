import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allEntries, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(() => t.cleanup());

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not spawn a child');
  return child.pid;
}

describe('the lease', () => {
  it('is refused to a second run while the holder is alive', async () => {
    expect(await t.store.acquireLease({ run: 'A', pid: process.pid, host: 'h1' }, isAlive)).toEqual({
      acquired: true,
      tookOverFrom: null,
    });
    const second = await t.store.acquireLease({ run: 'B', pid: process.pid, host: 'h1' }, isAlive);
    expect(second).toMatchObject({ acquired: false, holder: { run: 'A', pid: process.pid, host: 'h1' } });
  });

  it('is taken over from a crashed holder on the same host', async () => {
    const pid = deadPid();
    expect(isAlive(pid)).toBe(false);
    await t.store.acquireLease({ run: 'A', pid, host: 'h1' }, isAlive);
    const second = await t.store.acquireLease({ run: 'B', pid: process.pid, host: 'h1' }, isAlive);
    expect(second).toMatchObject({ acquired: true, tookOverFrom: { run: 'A', pid } });
    const third = await t.store.acquireLease({ run: 'C', pid: process.pid, host: 'h1' }, isAlive);
    expect(third).toMatchObject({ acquired: false, holder: { run: 'B' } });
  });

  it('is never presumed dead when held from another host', async () => {
    await t.store.acquireLease({ run: 'A', pid: deadPid(), host: 'other' }, isAlive);
    expect(await t.store.acquireLease({ run: 'B', pid: process.pid, host: 'h1' }, isAlive)).toMatchObject({ acquired: false });
  });

  it('is free again once released by its run, and only by its run', async () => {
    await t.store.acquireLease({ run: 'A', pid: process.pid, host: 'h1' }, isAlive);
    await t.store.releaseLease('B');
    expect(await t.store.acquireLease({ run: 'B', pid: process.pid, host: 'h1' }, isAlive)).toMatchObject({ acquired: false });
    await t.store.releaseLease('A');
    expect(await t.store.acquireLease({ run: 'B', pid: process.pid, host: 'h1' }, isAlive)).toMatchObject({ acquired: true });
  });
});

describe('runs', () => {
  it('logs run-start and run-end with the run id, kind and summary', async () => {
    await t.store.startRun({ id: 'run-1', kind: 'apply', actor: 'cron', policySha256: 'ab'.repeat(32) });
    await t.store.endRun('run-1', 'ok', { deleted: 3, failed: 0 });
    const entries = await allEntries(t.store, { run: 'run-1' });
    expect(entries.map((e) => [e.action, e.actor, e.policySha256, e.detail])).toEqual([
      ['run-start', 'cron', 'ab'.repeat(32), { kind: 'apply' }],
      ['run-end', 'cron', 'ab'.repeat(32), { status: 'ok', summary: { deleted: 3, failed: 0 } }],
    ]);
  });
});
