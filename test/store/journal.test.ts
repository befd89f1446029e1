import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashLocation } from '../../src/audit-entry.js';
import type { IntentInput } from '../../src/store/types.js';
import { allEntries, record, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
  await t.store.importRecords([record('R-1'), record('R-2'), record('R-3', { location: 'paper:box-4' })], { actor: 'admin' });
});
afterEach(() => t.cleanup());

const intent = (id: string, target = 'casefiles'): IntentInput => ({
  run: 'run-1',
  record: record(id, id === 'R-3' ? { location: 'paper:box-4' } : {}),
  rule: 'care-records',
  target,
  policySha256: null,
  actor: 'cron',
});

describe('the journal', () => {
  it('lists intents without an outcome as unsettled, with the location to check', async () => {
    await t.store.recordIntents([intent('R-1'), intent('R-2')]);
    await t.store.recordOutcomes([
      { run: 'run-1', recordId: 'R-1', outcome: 'deleted', rule: 'care-records', policySha256: null, actor: 'cron', detail: { target: 'casefiles' } },
    ]);
    const open = await t.store.unsettledIntents();
    expect(open).toEqual([
      {
        record: 'R-2',
        run: 'run-1',
        intentSeq: 3,
        target: 'casefiles',
        refSha256: hashLocation('casefiles:client-1/R-2.pdf'),
        location: 'casefiles:client-1/R-2.pdf',
        since: (await allEntries(t.store, { record: 'R-2', action: 'intent' }))[0]?.at,
      },
    ]);
  });

  it('logs the location only as a hash and links each outcome to its intent', async () => {
    await t.store.recordIntents([intent('R-1')]);
    await t.store.recordOutcomes([
      { run: 'run-1', recordId: 'R-1', outcome: 'failed', rule: 'care-records', policySha256: null, actor: 'cron', detail: { code: 'EACCES' } },
    ]);
    const entries = await allEntries(t.store, { record: 'R-1' });
    expect(entries.map((e) => [e.action, e.detail])).toEqual([
      ['intent', { target: 'casefiles', location: hashLocation('casefiles:client-1/R-1.pdf') }],
      ['failed', { code: 'EACCES', intentSeq: entries[0]?.seq }],
    ]);
    expect(JSON.stringify(await allEntries(t.store))).not.toContain('client-1');
    // A failed deletion leaves the record live and the intent settled.
    expect(await t.store.getFacts('R-1')).not.toBeNull();
    expect(await t.store.unsettledIntents()).toEqual([]);
  });

  it('refuses a second intent for a record whose first is unsettled', async () => {
    await t.store.recordIntents([intent('R-1')]);
    await expect(t.store.recordIntents([intent('R-2'), intent('R-1')])).rejects.toThrow(/unsettled intent/);
    expect((await t.store.unsettledIntents()).map((i) => i.record)).toEqual(['R-1']);
  });
});

describe('manual destruction', () => {
  it('records the confirmation, settles the intent and tombstones the record', async () => {
    await t.store.recordIntents([intent('R-3', 'paper')]);
    await t.store.recordConfirmation({ recordId: 'R-3', by: 'A. Clerk', method: 'cross-cut shredder', rule: 'care-records' });
    const [confirm] = await allEntries(t.store, { action: 'confirm' });
    expect(confirm).toMatchObject({ actor: 'A. Clerk', record: 'R-3', run: 'run-1', detail: { method: 'cross-cut shredder' } });
    expect(await t.store.unsettledIntents()).toEqual([]);
    expect(await t.store.getTombstone('R-3')).toMatchObject({ run: 'run-1', rule: 'care-records' });
    await expect(t.store.recordConfirmation({ recordId: 'R-3', by: 'A. Clerk', method: 'again' })).rejects.toMatchObject({
      code: 'record.already-destroyed',
    });
    await expect(t.store.recordConfirmation({ recordId: 'R-404', by: 'x', method: 'y' })).rejects.toMatchObject({ code: 'record.not-found' });
  });
});
