import Database from 'better-sqlite3';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetentionError } from '../../src/errors.js';
import { openStore } from '../../src/store/index.js';
import { allEntries, collect, record, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(() => t.cleanup());

describe('opening a store', () => {
  it('creates the file readable by its owner only', () => {
    expect(statSync(t.path).mode & 0o777).toBe(0o600);
  });

  it('keeps its random store id across reopening', async () => {
    const id = await t.store.storeId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await t.store.close();
    const again = await openStore(t.path, { access: 'write' });
    expect(await again.storeId()).toBe(id);
    await again.close();
  });

  it('refuses a file that is not a store, and a store from a newer version', async () => {
    const text = join(t.dir, 'notes.txt');
    writeFileSync(text, 'x'.repeat(200));
    await expect(openStore(text, { access: 'write' })).rejects.toMatchObject({ code: 'store.not-a-store' });
    await t.store.close();
    const raw = new Database(t.path);
    raw.pragma('user_version = 99');
    raw.close();
    await expect(openStore(t.path, { access: 'write' })).rejects.toMatchObject({ code: 'store.newer-schema' });
  });

  it('never creates a store: a missing file is a usage error', async () => {
    const missing = join(t.dir, 'nope.db');
    await expect(openStore(missing, { access: 'read' })).rejects.toMatchObject({ code: 'store.missing' });
  });
});

describe('importRecords', () => {
  it('counts inserted, unchanged and updated records and writes one entry per call', async () => {
    const first = await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin', file: '/srv/in/inv.csv' });
    expect(first).toEqual({ inserted: 2, updated: 0, unchanged: 0, listedAfterDeletion: 0 });

    const second = await t.store.importRecords(
      [record('R-1'), record('R-2', { events: { service_ended: '2020-01-01' } }), record('R-3')],
      { actor: 'admin' },
    );
    expect(second).toEqual({ inserted: 1, updated: 1, unchanged: 1, listedAfterDeletion: 0 });

    const entries = await allEntries(t.store, { action: 'import' });
    expect(entries).toHaveLength(2);
    expect(entries[0]?.detail).toMatchObject({ records: 2, inserted: 2 });
    expect(JSON.stringify(entries)).not.toContain('inv.csv');
    expect(await t.store.liveRecordCount()).toBe(3);
    expect((await t.store.getFacts('R-2'))?.record.events).toEqual({ service_ended: '2020-01-01' });
  });
});

describe('events', () => {
  it('returns the recorded record event beside the inventory\'s, and the subject event of the same name', async () => {
    await t.store.importRecords([record('R-1', { events: { service_ended: '2019-01-01' } })], { actor: 'admin' });
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'service_ended', date: '2021-05-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'service_ended', date: '2020-01-01' }, { actor: 'dpo' });
    const facts = await t.store.getFacts('R-1');
    expect(facts?.record.events).toEqual({ service_ended: '2019-01-01' });
    expect({ ...facts?.recordedEvents }).toEqual({ service_ended: ['2021-05-01'] });
    expect({ ...facts?.subjectEvents }).toEqual({ service_ended: ['2020-01-01'] });

    const entries = await allEntries(t.store, { action: 'event' });
    expect(entries.map((e) => [e.record, e.subject, e.detail])).toEqual([
      ['R-1', 'S-1', { id: 'E-1', scope: 'record', event: 'service_ended', date: '2021-05-01' }],
      [null, 'S-1', { id: 'E-2', scope: 'subject', event: 'service_ended', date: '2020-01-01' }],
    ]);
  });

  it('refuses an event on an unknown record as a usage error and changes nothing', async () => {
    const attempt = t.store.addEvent({ scope: 'record', ref: 'R-404', event: 'x', date: '2020-01-01' }, { actor: 'dpo' });
    await expect(attempt).rejects.toBeInstanceOf(RetentionError);
    await expect(attempt).rejects.toMatchObject({ code: 'record.not-found', message: expect.stringContaining('R-404') });
    expect(await t.store.auditHead()).toBeNull();
  });
});

describe('streamFacts', () => {
  it('yields every live record in id order, in batches, with its subject events', async () => {
    await t.store.importRecords(['R-5', 'R-3', 'R-1', 'R-4', 'R-2'].map((id) => record(id)), { actor: 'admin' });
    await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'consent_given', date: '2020-02-02' }, { actor: 'dpo' });
    const batches = await collect(t.store.streamFacts(2));
    expect(batches.map((b) => b.map((f) => f.record.id))).toEqual([['R-1', 'R-2'], ['R-3', 'R-4'], ['R-5']]);
    expect(batches.flat().every((f) => f.subjectEvents.consent_given?.[0] === '2020-02-02' && f.tombstone === null)).toBe(true);
  });

  it('lets the caller use the store between batches', async () => {
    await t.store.importRecords(['R-1', 'R-2', 'R-3'].map((id) => record(id)), { actor: 'admin' });
    const seen: string[] = [];
    for await (const batch of t.store.streamFacts(1)) {
      seen.push(...batch.map((f) => f.record.id));
      await t.store.addHold({ scope: 'category', ref: 'x', reason: 'r', until: null }, 'dpo');
    }
    expect(seen).toEqual(['R-1', 'R-2', 'R-3']);
  });
});

describe('tombstones', () => {
  async function deleteRecord(id: string): Promise<void> {
    await t.store.recordOutcomes([
      { run: 'run-1', recordId: id, outcome: 'deleted', rule: 'care-records', policySha256: null, actor: 'cron', detail: null },
    ]);
  }

  it('hides a deleted record from the plan but keeps its tombstone', async () => {
    await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
    await deleteRecord('R-1');
    expect(await t.store.getFacts('R-1')).toBeNull();
    expect(await t.store.getTombstone('R-1')).toEqual({ deletedAt: expect.any(String), run: 'run-1', rule: 'care-records', listedAgainAt: null });
    expect(await t.store.getTombstone('R-2')).toBeNull();
    expect(await t.store.liveRecordCount()).toBe(1);
    expect((await collect(t.store.streamFacts())).flat().map((f) => f.record.id)).toEqual(['R-2']);
  });

  it('leaves a deleted record that a re-import still lists deleted: counted and noted, never live again', async () => {
    await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
    await deleteRecord('R-1');
    const counts = await t.store.importRecords([record('R-1', { category: 'changed' }), record('R-2')], { actor: 'admin' });
    expect(counts).toEqual({ inserted: 0, updated: 0, unchanged: 1, listedAfterDeletion: 1 });
    expect((await allEntries(t.store, { action: 'import' }))[1]?.detail).toMatchObject({ listedAfterDeletion: 1 });

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
    await deleteRecord('R-1');
    await deleteRecord('R-3');
    const listed = (await collect(t.store.tombstones(1))).flat();
    expect(listed.map((r) => r.id)).toEqual(['R-1', 'R-3']);

    await t.store.markReappeared([{ id: 'R-3', target: 'casefiles' }], { actor: 'cron', run: 'run-2' });
    await t.store.markReappeared([{ id: 'R-3', target: 'casefiles' }], { actor: 'cron', run: 'run-3' });
    expect((await t.store.getFacts('R-3'))?.tombstone).toMatchObject({ run: 'run-1' });
    expect((await collect(t.store.tombstones())).flat().map((r) => r.id)).toEqual(['R-1']);
    const entries = (await allEntries(t.store)).filter((e) => e.action === 'reappeared');
    expect(entries).toEqual([expect.objectContaining({ record: 'R-3', run: 'run-2', detail: { target: 'casefiles' } })]);
  });
});
