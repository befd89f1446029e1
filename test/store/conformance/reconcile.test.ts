/** The reconciliation part of the store contract: records an import no longer lists, and forgetting one. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { allEntries, collect, record } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

const admin = { actor: 'admin' };
const ids = async (t: ContractStore) => (await collect(t.store.streamFacts())).flat().map((f) => f.record.id);

describeEachStore('records no longer listed', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('an import that leaves a live record out counts it and marks it; it is not decided until listed again', async () => {
    await t.store.importRecords([record('R-1'), record('R-2'), record('R-3')], admin);
    const second = await t.store.importRecords([record('R-1')], admin);
    expect(second).toMatchObject({ unchanged: 1, noLongerListed: 2 });
    expect((await t.store.noLongerListed()).map((r) => [r.id, r.category])).toEqual([
      ['R-2', 'care-plan'],
      ['R-3', 'care-plan'],
    ]);
    expect(await ids(t)).toEqual(['R-1']);
    // Nothing was deleted: the records are still live, and no entry says otherwise.
    expect(await t.store.liveRecordCount()).toBe(3);
    expect(await allEntries(t.store, { action: 'deleted' })).toEqual([]);
    const [, entry] = await allEntries(t.store, { action: 'import' });
    expect(entry?.detail).toMatchObject({ noLongerListed: 2 });

    const third = await t.store.importRecords([record('R-1'), record('R-2')], admin);
    expect(third.noLongerListed).toBe(1);
    expect((await t.store.noLongerListed()).map((r) => r.id)).toEqual(['R-3']);
    expect(await ids(t)).toEqual(['R-1', 'R-2']);

    // Listed again with a change: unmarked too.
    const fourth = await t.store.importRecords([record('R-1'), record('R-2'), record('R-3', { category: 'health' })], admin);
    expect(fourth).toMatchObject({ unchanged: 2, updated: 1, noLongerListed: 0 });
    expect(await ids(t)).toEqual(['R-1', 'R-2', 'R-3']);
  });

  it('the per-batch recheck of a run is not handed a record an import no longer lists: it is not journaled', async () => {
    await t.store.importRecords([record('R-1'), record('R-2')], admin);
    const candidates = await Promise.all(
      ['R-1', 'R-2'].map(async (id) => ({ record: (await t.store.getFacts(id))!.record, rule: 'care-records', target: 'casefiles' })),
    );
    await t.store.importRecords([record('R-1')], admin);
    let seen: string[] = [];
    const journaled = await t.store.recordIntents(candidates, { actor: 'cron', run: 'run-1', policySha256: null }, ({ facts }) => {
      seen = [...facts.keys()];
      return new Set(facts.keys());
    });
    expect(seen).toEqual(['R-1']);
    expect(journaled.map((item) => item.record.id)).toEqual(['R-1']);
  });

  it('an import scoped to one target reconciles only the records located there', async () => {
    await t.store.importRecords([record('F-1'), record('F-2'), record('C-1', { location: 'crm:1' })], admin);
    const scan = await t.store.importRecords([record('F-1')], admin, { scope: { target: 'casefiles' } });
    expect(scan.noLongerListed).toBe(1);
    expect((await t.store.noLongerListed()).map((r) => r.id)).toEqual(['F-2']);
  });
});

describeEachStore('forgetRecord', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('closes a record for good with one forget entry, the reason kept out of the log', async () => {
    await t.store.importRecords([record('R-1'), record('R-2')], admin);
    await t.store.importRecords([record('R-1')], admin);
    const forgotten = await t.store.forgetRecord('R-2', 'shredded by the old provider, 2024', { actor: 'Dee Pio' });
    expect(forgotten).toMatchObject({ id: 'R-2', category: 'care-plan', noLongerListedSince: expect.any(String) });
    const [entry] = await allEntries(t.store, { action: 'forget' });
    expect(entry).toMatchObject({ actor: 'Dee Pio', record: 'R-2', subject: 'S-1', category: 'care-plan' });
    expect(JSON.stringify(entry)).not.toContain('shredded');
    expect(await t.store.noLongerListed()).toEqual([]);
    expect(await t.store.liveRecordCount()).toBe(1);
    expect(await t.store.getFacts('R-2')).toBeNull();

    // A later import that lists it again does not reopen it.
    const again = await t.store.importRecords([record('R-1'), record('R-2')], admin);
    expect(again).toMatchObject({ listedAfterForget: 1, inserted: 0, updated: 0 });
    expect(await ids(t)).toEqual(['R-1']);
    await expect(t.store.forgetRecord('R-2', 'again', { actor: 'Dee Pio' })).rejects.toMatchObject({ code: 'record.already-forgotten' });
  });

  it('refuses a record still listed, held, or with an open deletion intent (worklist or crashed run), and unknown and deleted records', async () => {
    await t.store.importRecords([record('R-1'), record('R-2'), record('R-3'), record('R-4')], admin);
    await expect(t.store.forgetRecord('R-1', 'x', { actor: 'Dee Pio' })).rejects.toMatchObject({
      code: 'record.forget-refused',
      message: expect.stringContaining('still listed'),
    });
    await t.store.importRecords([record('R-4')], admin);

    const run = { actor: 'cron', run: 'run-1', policySha256: null };
    const r1 = (await t.store.getFacts('R-1'))!.record;
    await t.store.recordIntents([{ record: r1, rule: 'care-records', target: 'casefiles' }], run);
    await expect(t.store.forgetRecord('R-1', 'folder lost with the crash', { actor: 'Dee Pio' })).rejects.toMatchObject({
      code: 'record.forget-refused',
      message: expect.stringContaining('open deletion intent'),
    });
    expect((await t.store.unsettledIntents()).map((i) => i.record)).toEqual(['R-1']);

    await t.store.addHold({ scope: 'subject', ref: 'S-1', reason: 'Litigation 2026/41', until: null }, { actor: 'Dee Pio' });
    await expect(t.store.forgetRecord('R-3', 'x', { actor: 'Dee Pio' })).rejects.toMatchObject({
      code: 'record.forget-refused',
      message: expect.stringContaining('is held'),
    });
    expect(await allEntries(t.store, { action: 'forget' })).toEqual([]);

    await t.store.recordOutcomes([{ recordId: 'R-2', outcome: 'deleted', rule: 'care-records', detail: null }], run);
    await expect(t.store.forgetRecord('R-2', 'x', { actor: 'Dee Pio' })).rejects.toMatchObject({ code: 'record.already-destroyed' });
    await expect(t.store.forgetRecord('R-404', 'x', { actor: 'Dee Pio' })).rejects.toMatchObject({ code: 'record.not-found' });
  });
});
