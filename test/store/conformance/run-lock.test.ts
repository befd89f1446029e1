/**
 * The run lock part of the store contract: a run locks the targets it may delete from; another
 * run (another connection, as another process would have) over any of them is refused and told
 * who holds it and which targets, until the holder releases it. A store locks per target
 * (PostgreSQL: runs over other targets go on) or the whole store (SQLite).
 */
import { hostname } from 'node:os';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';
import { collect } from '../helpers.js';

const ALL = { targets: ['casefiles', 'paper'] };

describeEachStore('the run lock', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('is given to a run when free, with nothing taken over', async () => {
    const lock = await t.store.acquireRunLock('run-A', ALL);
    expect(lock).toMatchObject({ acquired: true, tookOverFrom: null });
  });

  it('is refused to a second run over the same targets, naming the holder, until the holder releases it', async () => {
    const first = await t.store.acquireRunLock('run-A', ALL);
    const other = await t.reopen();
    const second = await other.acquireRunLock('run-B', ALL);
    expect(second).toEqual({
      acquired: false,
      holder: expect.objectContaining({
        run: 'run-A',
        pid: process.pid,
        host: hostname(),
        acquiredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
      targets: ['casefiles', 'paper'],
    });
    expect(await other.acquireRunLock('run-C', { targets: ['paper', 'crm'] })).toMatchObject({
      acquired: false,
      holder: { run: 'run-A' },
      targets: kind.locksPerTarget ? ['paper'] : ['paper', 'crm'],
    });

    if (!first.acquired) throw new Error('the first run did not get the lock');
    await first.release();
    const third = await other.acquireRunLock('run-B', ALL);
    expect(third).toMatchObject({ acquired: true, tookOverFrom: null });
    expect(await t.store.acquireRunLock('run-D', ALL)).toMatchObject({ acquired: false, holder: { run: 'run-B' } });
  });

  it('lets runs over other targets go on where the store locks per target, and none where it locks the whole store', async () => {
    const first = await t.store.acquireRunLock('run-A', { targets: ['casefiles'] });
    expect(first).toMatchObject({ acquired: true });
    const other = await (await t.reopen()).acquireRunLock('run-B', { targets: ['crm', 'paper'] });
    if (kind.locksPerTarget) expect(other).toMatchObject({ acquired: true, tookOverFrom: null });
    else expect(other).toMatchObject({ acquired: false, holder: { run: 'run-A' }, targets: ['crm', 'paper'] });
  });

  it('is refused whole: a run refused one target holds none of the others', async () => {
    await t.store.acquireRunLock('run-A', { targets: ['paper'] });
    const other = await t.reopen();
    expect(await other.acquireRunLock('run-B', ALL)).toMatchObject({ acquired: false });
    const third = await t.reopen();
    expect(await third.acquireRunLock('run-C', { targets: ['casefiles'] })).toMatchObject({ acquired: kind.locksPerTarget });
  });

  it('unlock: a run that holds no lock is named so, and nothing changes', async () => {
    const unlocked = await t.store.unlockRun('run-X', { actor: 'Ann Admin' }, { force: true });
    expect(unlocked).toEqual(
      kind.locksFreedByServer ? { outcome: 'session-lock', serverPid: null } : { outcome: 'not-held', holder: null },
    );
    expect((await collect(t.store.auditEntries())).filter((e) => e.action === 'unlock')).toEqual([]);
  });

  it("unlock: --force frees a lease (logged, with who), never a server session's lock", async () => {
    // Whether the holder is alive is judged against the real clock (the CLI tests): these stores tick a fake one.
    await t.store.acquireRunLock('run-A', ALL);
    const other = await t.reopen();
    const by = { actor: 'Ann Admin' };
    if (kind.locksFreedByServer) {
      expect(await other.unlockRun('run-A', by, { force: true })).toEqual({ outcome: 'session-lock', serverPid: expect.any(Number) });
      expect(await other.acquireRunLock('run-B', ALL)).toMatchObject({ acquired: false, holder: { run: 'run-A' } });
      return;
    }
    expect(await other.acquireRunLock('run-B', ALL)).toMatchObject({ acquired: false });
    expect(await other.unlockRun('run-A', by, { force: true })).toMatchObject({
      outcome: 'released',
      holder: { run: 'run-A', pid: process.pid },
    });
    expect(await other.acquireRunLock('run-B', ALL)).toMatchObject({ acquired: true });
    const entries = (await collect(other.auditEntries())).filter((e) => e.action === 'unlock');
    expect(entries).toEqual([
      expect.objectContaining({ actor: 'Ann Admin', run: 'run-A', detail: expect.objectContaining({ forced: true, pid: process.pid }) }),
    ]);
  });
});
