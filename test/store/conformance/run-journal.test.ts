/**
 * The runs and journal part of the store contract: run-start and run-end, intents before a
 * record is touched (re-decided in their own transaction), outcomes that settle them and make
 * tombstones, and a person's confirmation of a manual destruction.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashLocation } from '../../../src/audit-entry.js';
import type { InRun, IntentInput } from '../../../src/store/types.js';
import { allEntries, record } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

const CRON: InRun = { actor: 'cron', run: 'run-1', policySha256: null };

const intent = (id: string, target = 'casefiles'): IntentInput => ({
  record: record(id, id === 'R-3' ? { location: 'paper:box-4' } : {}),
  rule: 'care-records',
  target,
});

describeEachStore('the journal', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
    await t.store.importRecords([record('R-1'), record('R-2'), record('R-3', { location: 'paper:box-4' })], { actor: 'admin' });
  });
  afterEach(() => t.cleanup());

  describe('runs', () => {
    it('logs run-start and run-end with the run id, kind and summary', async () => {
      await t.store.startRun({ kind: 'apply' }, { actor: 'cron', run: 'run-1', policySha256: 'ab'.repeat(32) });
      await t.store.endRun('run-1', 'done', { deleted: 3, failed: 0 });
      const entries = await allEntries(t.store, { run: 'run-1' });
      expect(entries.map((e) => [e.action, e.actor, e.policySha256, e.detail])).toEqual([
        ['run-start', 'cron', 'ab'.repeat(32), { kind: 'apply' }],
        ['run-end', 'cron', 'ab'.repeat(32), { status: 'done', summary: { deleted: 3, failed: 0 } }],
      ]);
    });

    it("puts the start's extra facts in run-start", async () => {
      await t.store.startRun({ kind: 'apply', detail: { asOf: '2026-06-30', staleLockFrom: 'run-0' } }, CRON);
      expect((await allEntries(t.store, { action: 'run-start' }))[0]?.detail).toEqual({
        kind: 'apply',
        asOf: '2026-06-30',
        staleLockFrom: 'run-0',
      });
    });
  });

  it('gives the recheck the live records imported since the run started, with their locations (review 2, point 2)', async () => {
    await t.store.startRun({ kind: 'apply' }, CRON);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await t.store.importRecords(
      [
        record('R-1'),
        record('R-2'),
        record('R-3', { location: 'paper:box-4' }),
        record('K-1', { location: intent('R-1').record.location }),
      ],
      { actor: 'admin' },
    );
    let arrivals: unknown = null;
    const journaled = await t.store.recordIntents([intent('R-1')], CRON, (current) => {
      arrivals = current.arrivals;
      return new Set();
    });
    expect(journaled).toEqual([]);
    expect(arrivals).toEqual([{ id: 'K-1', location: intent('R-1').record.location }]);
  });

  it('lists intents without an outcome as unsettled, with the location to check and the rule of the intent', async () => {
    await t.store.recordIntents([intent('R-1'), intent('R-2')], CRON);
    await t.store.recordOutcomes([{ recordId: 'R-1', outcome: 'deleted', rule: 'care-records', detail: { target: 'casefiles' } }], CRON);
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
        // Settling logs the outcome under it (review 2, point 6).
        rule: 'care-records',
      },
    ]);
  });

  it("adds the item's detail (what allows the deletion) to its intent entry, beside target and location hash", async () => {
    await t.store.recordIntents([{ ...intent('R-3', 'paper'), detail: { approval: 'approved plan', plan: 'cd'.repeat(32) } }], CRON);
    expect((await allEntries(t.store, { record: 'R-3', action: 'intent' }))[0]?.detail).toEqual({
      approval: 'approved plan',
      plan: 'cd'.repeat(32),
      target: 'paper',
      location: hashLocation('paper:box-4'),
    });
  });

  it('logs the location only as a hash and links each outcome to its intent', async () => {
    await t.store.recordIntents([intent('R-1')], CRON);
    await t.store.recordOutcomes([{ recordId: 'R-1', outcome: 'failed', rule: 'care-records', detail: { code: 'EACCES' } }], CRON);
    const entries = await allEntries(t.store, { record: 'R-1' });
    expect(entries.map((e) => [e.action, e.actor, e.run, e.detail])).toEqual([
      ['intent', 'cron', 'run-1', { target: 'casefiles', location: hashLocation('casefiles:client-1/R-1.pdf') }],
      ['failed', 'cron', 'run-1', { code: 'EACCES', intentSeq: entries[0]?.seq }],
    ]);
    expect(JSON.stringify(await allEntries(t.store))).not.toContain('client-1');
    // A failed deletion leaves the record live and the intent settled.
    expect(await t.store.getFacts('R-1')).not.toBeNull();
    expect(await t.store.unsettledIntents()).toEqual([]);
  });

  it('refuses a second intent for a record whose first is unsettled', async () => {
    await t.store.recordIntents([intent('R-1')], CRON);
    await expect(t.store.recordIntents([intent('R-2'), intent('R-1')], CRON)).rejects.toThrow(/unsettled intent/);
    expect((await t.store.unsettledIntents()).map((i) => i.record)).toEqual(['R-1']);
  });

  it('re-decides a batch from the facts and holds as they are when its intents are written', async () => {
    await t.store.addHold({ scope: 'record', ref: 'R-2', reason: 'claim', until: null }, { actor: 'dpo' });
    await t.store.recordOutcomes([{ recordId: 'R-3', outcome: 'deleted', rule: 'care-records', detail: null }], CRON);
    const seen: { facts: string[]; holds: string[] }[] = [];
    const journaled = await t.store.recordIntents([intent('R-1'), intent('R-2'), intent('R-3')], CRON, (current) => {
      seen.push({ facts: [...current.facts.keys()].sort(), holds: current.holds.map((h) => h.ref) });
      return new Set([...current.facts.keys()].filter((id) => !current.holds.some((h) => h.ref === id)));
    });
    // R-3 is deleted (not live), R-2 held: only R-1 gets an intent.
    expect(seen).toEqual([{ facts: ['R-1', 'R-2'], holds: ['R-2'] }]);
    expect(journaled.map((i) => i.record.id)).toEqual(['R-1']);
    expect((await allEntries(t.store, { action: 'intent' })).map((e) => e.record)).toEqual(['R-1']);
    expect((await t.store.unsettledIntents()).map((i) => i.record)).toEqual(['R-1']);
  });

  describe('manual destruction', () => {
    it('records the confirmation, settles the intent and tombstones the record', async () => {
      await t.store.recordIntents([intent('R-3', 'paper')], CRON);
      await t.store.recordConfirmation({ recordId: 'R-3', method: 'cross-cut shredder', rule: 'care-records' }, { actor: 'A. Clerk' });
      const [confirm] = await allEntries(t.store, { action: 'confirm' });
      expect(confirm).toMatchObject({ actor: 'A. Clerk', record: 'R-3', run: 'run-1', detail: { method: 'cross-cut shredder' } });
      expect(await t.store.unsettledIntents()).toEqual([]);
      expect(await t.store.getTombstone('R-3')).toMatchObject({ run: 'run-1', rule: 'care-records' });
      await expect(t.store.recordConfirmation({ recordId: 'R-3', method: 'again' }, { actor: 'A. Clerk' })).rejects.toMatchObject({
        code: 'record.already-destroyed',
      });
      await expect(t.store.recordConfirmation({ recordId: 'R-404', method: 'y' }, { actor: 'x' })).rejects.toMatchObject({
        code: 'record.not-found',
      });
    });
  });
});
