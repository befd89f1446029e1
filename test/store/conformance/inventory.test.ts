/** The inventory part of the store contract: imports, live facts, tombstones, records found back. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { InventoryRecord } from '../../../src/engine/types.js';
import type { Store } from '../../../src/store/types.js';
import { allEntries, collect, record } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

/** Marks a record deleted, as an apply run's outcome does. */
async function deleteRecord(store: Store, id: string, fingerprint: string | null = null): Promise<void> {
  await store.recordOutcomes([{ recordId: id, outcome: 'deleted', rule: 'care-records', detail: null, fingerprint }], {
    actor: 'cron',
    run: 'run-1',
    policySha256: null,
  });
}

const collectTombstones = (batches: readonly { id: string; fingerprint: string | null }[][]) =>
  batches.flat().map(({ id, fingerprint }) => ({ id, fingerprint }));

describeEachStore('importRecords', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('counts inserted, unchanged and updated records and writes one entry per call', async () => {
    const first = await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' }, { file: '/srv/in/inv.csv' });
    expect(first).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      listedAfterDeletion: 0,
      eventDatesKept: 0,
      listedAfterForget: 0,
      noLongerListed: 0,
    });

    const second = await t.store.importRecords([record('R-1'), record('R-2', { events: { service_ended: '2020-01-01' } }), record('R-3')], {
      actor: 'admin',
    });
    expect(second).toEqual({
      inserted: 1,
      updated: 1,
      unchanged: 1,
      listedAfterDeletion: 0,
      eventDatesKept: 0,
      listedAfterForget: 0,
      noLongerListed: 0,
    });

    const entries = await allEntries(t.store, { action: 'import' });
    expect(entries).toHaveLength(2);
    expect(entries[0]?.detail).toMatchObject({ records: 2, inserted: 2 });
    expect(JSON.stringify(entries)).not.toContain('inv.csv');
    expect(await t.store.liveRecordCount()).toBe(3);
    expect((await t.store.getFacts('R-2'))?.record.events).toEqual({ service_ended: '2020-01-01' });
  });

  it('keeps an event date a later import drops or changes in the event history (source import), once', async () => {
    await t.store.importRecords(
      [record('R-1', { subject: 'S-1', events: { consent_withdrawn: '2026-03-01', service_ended: '2026-01-01' } })],
      { actor: 'admin' },
    );
    const dropped = await t.store.importRecords([record('R-1', { subject: 'S-1', events: { service_ended: '2026-02-01' } })], {
      actor: 'nightly',
    });
    expect(dropped).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
      listedAfterDeletion: 0,
      eventDatesKept: 2,
      listedAfterForget: 0,
      noLongerListed: 0,
    });
    const kept = [
      expect.objectContaining({
        source: 'import',
        scope: 'record',
        ref: 'R-1',
        event: 'consent_withdrawn',
        date: '2026-03-01',
        addedBy: 'nightly',
        removedAt: null,
      }),
      expect.objectContaining({
        source: 'import',
        scope: 'record',
        ref: 'R-1',
        event: 'service_ended',
        date: '2026-01-01',
        addedBy: 'nightly',
      }),
    ];
    expect(await t.store.listEvents()).toEqual(kept);
    expect((await t.store.getFacts('R-1'))?.recordedEvents).toEqual({ consent_withdrawn: ['2026-03-01'], service_ended: ['2026-01-01'] });
    const logged = await allEntries(t.store, { action: 'event' });
    expect(logged.map((e) => [e.record, e.subject, e.detail])).toEqual([
      ['R-1', 'S-1', expect.objectContaining({ event: 'consent_withdrawn', date: '2026-03-01', source: 'import' })],
      ['R-1', 'S-1', expect.objectContaining({ event: 'service_ended', date: '2026-01-01', source: 'import' })],
    ]);

    // Listed again, then dropped again: the history has the date already.
    await t.store.importRecords(
      [record('R-1', { subject: 'S-1', events: { consent_withdrawn: '2026-03-01', service_ended: '2026-02-01' } })],
      { actor: 'admin' },
    );
    const again = await t.store.importRecords([record('R-1', { subject: 'S-1', events: { service_ended: '2026-02-01' } })], {
      actor: 'admin',
    });
    expect(again.eventDatesKept).toBe(0);
    expect(await t.store.listEvents()).toEqual(kept);
  });

  it('logs who imported under which policy, and the file only as a hash of its name', async () => {
    await t.store.importRecords([record('R-1')], { actor: 'admin', policySha256: 'ab'.repeat(32) }, { file: '/srv/in/inv.csv' });
    const [entry] = await allEntries(t.store, { action: 'import' });
    expect(entry).toMatchObject({
      actor: 'admin',
      run: null,
      policySha256: 'ab'.repeat(32),
      detail: { fileNameSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('is all or nothing: a stream that fails half-way changes no record and logs nothing', async () => {
    await t.store.importRecords([record('R-1')], { actor: 'admin' });
    const head = await t.store.auditHead();
    async function* failingHalfWay(): AsyncIterable<readonly InventoryRecord[]> {
      yield [record('R-1', { category: 'changed' }), record('R-2')];
      throw new Error('inventory.csv:900000: service_ended "2023-02-30" is not a date');
    }
    await expect(t.store.importRecords(failingHalfWay(), { actor: 'admin' })).rejects.toThrow('2023-02-30');
    expect(await t.store.auditHead()).toEqual(head);
    expect(await t.store.liveRecordCount()).toBe(1);
    expect((await t.store.getFacts('R-1'))?.record.category).toBe('care-plan');
    expect(await t.store.getFacts('R-2')).toBeNull();
  });

  it('is all or nothing for the first import into an empty store too', async () => {
    async function* failingHalfWay(): AsyncIterable<readonly InventoryRecord[]> {
      yield [record('R-1'), record('R-2')];
      throw new Error('inventory.csv:3: not a date');
    }
    await expect(t.store.importRecords(failingHalfWay(), { actor: 'admin' })).rejects.toThrow('not a date');
    expect(await t.store.auditHead()).toBeNull();
    expect(await t.store.liveRecordCount()).toBe(0);
    expect(await t.store.importRecords([record('R-1')], { actor: 'admin' })).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      listedAfterDeletion: 0,
      eventDatesKept: 0,
      listedAfterForget: 0,
      noLongerListed: 0,
    });
  });
});

describeEachStore('streamFacts', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('yields every live record in id order, in batches, with its subject events', async () => {
    await t.store.importRecords(
      ['R-5', 'R-3', 'R-1', 'R-4', 'R-2'].map((id) => record(id)),
      { actor: 'admin' },
    );
    await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'consent_given', date: '2020-02-02' }, { actor: 'dpo' });
    const batches = await collect(t.store.streamFacts(2));
    expect(batches.map((b) => b.map((f) => f.record.id))).toEqual([['R-1', 'R-2'], ['R-3', 'R-4'], ['R-5']]);
    expect(batches.flat().every((f) => f.subjectEvents.consent_given?.[0] === '2020-02-02' && f.tombstone === null)).toBe(true);
  });

  it('lets the caller use the store between batches', async () => {
    await t.store.importRecords(
      ['R-1', 'R-2', 'R-3'].map((id) => record(id)),
      { actor: 'admin' },
    );
    const seen: string[] = [];
    for await (const batch of t.store.streamFacts(1)) {
      seen.push(...batch.map((f) => f.record.id));
      await t.store.addHold({ scope: 'category', ref: 'x', reason: 'r', until: null }, { actor: 'dpo' });
    }
    expect(seen).toEqual(['R-1', 'R-2', 'R-3']);
  });

  it('counts the live records a hold of each scope would apply to', async () => {
    await t.store.importRecords([record('R-1'), record('R-2'), record('R-3', { subject: 'S-2', category: 'incident' })], {
      actor: 'admin',
    });
    await deleteRecord(t.store, 'R-2');
    expect(await t.store.countRecordsInScope('subject', 'S-1')).toBe(1);
    expect(await t.store.countRecordsInScope('category', 'incident')).toBe(1);
    expect(await t.store.countRecordsInScope('record', 'R-2')).toBe(0);
    expect(await t.store.countRecordsInScope('record', 'R-404')).toBe(0);
  });
});

describeEachStore('tombstones', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('hides a deleted record from the plan but keeps its tombstone', async () => {
    await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
    await deleteRecord(t.store, 'R-1', 'file:12:1700000000000000000');
    expect(await t.store.getFacts('R-1')).toBeNull();
    // The target's fingerprint is kept, to tell the item found back from another one later (issue A3).
    expect(await t.store.getTombstone('R-1')).toEqual({
      deletedAt: expect.any(String),
      run: 'run-1',
      rule: 'care-records',
      listedAgainAt: null,
      fingerprint: 'file:12:1700000000000000000',
    });
    expect(collectTombstones(await collect(t.store.tombstones()))).toEqual([{ id: 'R-1', fingerprint: 'file:12:1700000000000000000' }]);
    expect(await t.store.getTombstone('R-2')).toBeNull();
    expect(await t.store.liveRecordCount()).toBe(1);
    expect((await collect(t.store.streamFacts())).flat().map((f) => f.record.id)).toEqual(['R-2']);
  });

  it('leaves a deleted record that a re-import still lists deleted: counted and noted, never live again', async () => {
    await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
    await deleteRecord(t.store, 'R-1');
    const counts = await t.store.importRecords([record('R-1', { category: 'changed' }), record('R-2')], { actor: 'admin' });
    expect(counts).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
      listedAfterDeletion: 1,
      eventDatesKept: 0,
      listedAfterForget: 0,
      noLongerListed: 0,
    });
    expect((await allEntries(t.store, { action: 'import' }))[1]?.detail).toMatchObject({
      listedAfterDeletion: 1,
      eventDatesKept: 0,
      listedAfterForget: 0,
      noLongerListed: 0,
    });

    expect((await collect(t.store.streamFacts())).flat().map((f) => f.record.id)).toEqual(['R-2']);
    expect(await t.store.getFacts('R-1')).toBeNull();
    expect(await t.store.liveRecordCount()).toBe(1);
    expect(await t.store.listedAfterDeletion()).toEqual([{ id: 'R-1', deletedAt: expect.any(String), listedAt: expect.any(String) }]);
    // Deleted as it was: the listing does not rewrite the tombstoned row.
    expect((await t.store.deletedFacts(['R-1']))[0]?.record.category).toBe('care-plan');

    // The next import that no longer lists it clears the note; one that lists it again sets it again.
    await t.store.importRecords([record('R-2')], { actor: 'admin' });
    expect(await t.store.listedAfterDeletion()).toEqual([]);
    await t.store.importRecords([record('R-1')], { actor: 'admin' });
    expect((await t.store.listedAfterDeletion()).map((l) => l.id)).toEqual(['R-1']);
  });

  it('lists deleted records with their locations, and marks one found back in its target as reappeared, once', async () => {
    await t.store.importRecords([record('R-1'), record('R-2'), record('R-3')], { actor: 'admin' });
    await deleteRecord(t.store, 'R-1');
    await deleteRecord(t.store, 'R-3');
    const listed = (await collect(t.store.tombstones(1))).flat();
    expect(listed.map((r) => r.id)).toEqual(['R-1', 'R-3']);

    await t.store.markReappeared([{ id: 'R-3', target: 'casefiles' }], { actor: 'cron', run: 'run-2' });
    await t.store.markReappeared([{ id: 'R-3', target: 'casefiles' }], { actor: 'cron', run: 'run-3' });
    expect((await t.store.getFacts('R-3'))?.tombstone).toMatchObject({ run: 'run-1' });
    expect((await collect(t.store.tombstones())).flat().map((r) => r.id)).toEqual(['R-1']);
    const entries = (await allEntries(t.store)).filter((e) => e.action === 'reappeared');
    expect(entries).toEqual([expect.objectContaining({ record: 'R-3', run: 'run-2', detail: { target: 'casefiles' } })]);
  });

  it('shows deleted records as they were, with their tombstones, and leaves out live and unknown ids', async () => {
    await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
    await deleteRecord(t.store, 'R-1');
    const facts = await t.store.deletedFacts(['R-1', 'R-2', 'R-404']);
    expect(facts.map((f) => [f.record.id, f.tombstone?.run])).toEqual([['R-1', 'run-1']]);
  });
});
