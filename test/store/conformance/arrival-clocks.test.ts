/**
 * Records imported while a run deletes are the run's arrivals: one at a due record's location
 * keeps that item (run-journal.test.ts). Found by time, they must be found whatever the clock of
 * the process that imported them says: another host's clock behind the run's, or this host's
 * clock stepped back (NTP, a VM resumed) since the run began (attack findings F2 and, on
 * SQLite, its second round's finding 1).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { InRun, Store } from '../../../src/store/types.js';
import { record } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

const RUN: InRun = { actor: 'cron', run: 'run-1', policySha256: null };
const due = record('R-1');
const newcomer = record('K-1', { location: due.location });

describeEachStore('records imported during a run, by a clock behind the run’s', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
    await t.store.importRecords([due, record('R-2')], { actor: 'admin' });
  });
  afterEach(() => t.cleanup());

  async function arrivalsSeenBy(run: Store): Promise<unknown> {
    let arrivals: unknown = null;
    await run.recordIntents([{ record: due, rule: 'care-records', target: 'casefiles' }], RUN, (current) => {
      arrivals = current.arrivals;
      return new Set();
    });
    return arrivals;
  }

  it('are among its arrivals when the importing process’s clock is an hour behind', async () => {
    await t.store.startRun({ kind: 'apply' }, RUN);
    const behind = await t.reopen('write', () => new Date(Date.parse('2025-01-01T00:00:00.000Z') - 3_600_000));
    await behind.importRecords([due, record('R-2'), newcomer], { actor: 'admin' });
    expect(await arrivalsSeenBy(t.store)).toEqual([{ id: newcomer.id, location: due.location }]);
  });
});
