/**
 * The run lock part of the store contract: a run locks the targets it may delete from; another
 * run (another connection, as another process would have) over any of them is refused and told
 * who holds it, until the holder releases it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

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
      holder: { run: 'run-A', pid: expect.any(Number), host: expect.any(String), acquiredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
    expect(await other.acquireRunLock('run-C', { targets: ['paper'] })).toMatchObject({ acquired: false, holder: { run: 'run-A' } });

    if (!first.acquired) throw new Error('the first run did not get the lock');
    await first.release();
    const third = await other.acquireRunLock('run-B', ALL);
    expect(third).toMatchObject({ acquired: true, tookOverFrom: null });
    expect(await t.store.acquireRunLock('run-D', ALL)).toMatchObject({ acquired: false, holder: { run: 'run-B' } });
  });
});
