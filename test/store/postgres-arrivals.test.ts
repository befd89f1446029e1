/**
 * A run asks, batch by batch, for the records imported since it began (the recheck's arrivals):
 * one at a due record's location keeps that item. On PostgreSQL an import reads its whole file
 * before it takes the write lock, and hosts' clocks differ; an import that began before the run
 * but committed during it, or came from a host whose clock is behind, must still be found
 * (attack finding F2). The SQLite store holds its write lock for the whole import, on one host.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { InventoryRecord } from '../../src/engine/types.js';
import { createStore, openStore, type Store } from '../../src/store/index.js';
import type { InRun } from '../../src/store/types.js';
import { describePostgres, freshSchema, type TestLocation } from '../postgres/databases.js';
import { record } from './helpers.js';

const RUN: InRun = { actor: 'cron', run: 'run-1', policySha256: null };
const due = record('R-1');
const newcomer = record('K-1', { location: due.location });

describePostgres('records imported while a run deletes (PostgreSQL store)', () => {
  let place: TestLocation;
  const opened: Store[] = [];
  const open = async (now?: () => Date) => {
    const store = await openStore(place.url, { access: 'write', ...(now ? { now } : {}) });
    opened.push(store);
    return store;
  };
  beforeEach(async () => {
    place = await freshSchema();
    await createStore(place.url, (store) => store.importRecords([due, record('R-2')], { actor: 'admin' }));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await place.drop();
  });

  /** The arrivals the run's next batch sees. */
  async function arrivalsSeenBy(run: Store): Promise<unknown> {
    let arrivals: unknown = null;
    await run.recordIntents([{ record: due, rule: 'care-records', target: 'casefiles' }], RUN, (current) => {
      arrivals = current.arrivals;
      return new Set();
    });
    return arrivals;
  }

  it('include those of an import that began reading its file before the run started and committed during it', async () => {
    const run = await open();
    const importer = await open();
    let release!: () => void;
    const fileRead = new Promise<void>((resolve) => (release = resolve));
    async function* slowFile(): AsyncIterable<InventoryRecord[]> {
      yield [due];
      await fileRead;
      yield [record('R-2'), newcomer];
    }
    const importing = importer.importRecords(slowFile(), { actor: 'admin' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await run.startRun({ kind: 'apply' }, RUN);
    release();
    await importing;
    expect(await arrivalsSeenBy(run)).toEqual([{ id: newcomer.id, location: due.location }]);
  });

  it("include those of an import from a host whose clock is an hour behind the run's", async () => {
    const run = await open();
    const importer = await open(() => new Date(Date.now() - 3_600_000));
    await run.startRun({ kind: 'apply' }, RUN);
    await importer.importRecords([due, record('R-2'), newcomer], { actor: 'admin' });
    expect(await arrivalsSeenBy(run)).toEqual([{ id: newcomer.id, location: due.location }]);
  });

  it('leave out those of an import committed before the run started, though its host clock is an hour ahead', async () => {
    const importer = await open(() => new Date(Date.now() + 3_600_000));
    await importer.importRecords([due, record('R-2'), newcomer], { actor: 'admin' });
    const run = await open();
    await run.startRun({ kind: 'apply' }, RUN);
    expect(await arrivalsSeenBy(run)).toEqual([]);
  });
});
