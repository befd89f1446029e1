import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/index.js';
import { allEntries, record, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
  await t.store.importRecords([record('R-1'), record('R-2', { subject: 'S-2' })], { actor: 'admin' });
});
afterEach(() => t.cleanup());

describe('the event history', () => {
  it('adds a second date of the same event beside the first, numbered E-1, E-2', async () => {
    const first = await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'erasure_requested', date: '2025-12-01' }, { actor: 'dpo' });
    const second = await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'erasure_requested', date: '2025-12-20' }, { actor: 'dpo2' });
    expect([first.id, second.id]).toEqual(['E-1', 'E-2']);
    expect({ ...(await t.store.getFacts('R-1'))?.subjectEvents }).toEqual({ erasure_requested: ['2025-12-01', '2025-12-20'] });
    expect((await t.store.listEvents({ subject: 'S-1' })).map((e) => [e.id, e.date, e.addedBy])).toEqual([
      ['E-1', '2025-12-01', 'dpo'],
      ['E-2', '2025-12-20', 'dpo2'],
    ]);
  });

  it('lists for a record its own events and its subject\'s, not another subject\'s', async () => {
    await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'service_ended', date: '2020-01-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'consent_withdrawn', date: '2021-01-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'subject', ref: 'S-2', event: 'service_ended', date: '2022-01-01' }, { actor: 'dpo' });
    expect((await t.store.listEvents({ record: 'R-1' })).map((e) => e.id)).toEqual(['E-1', 'E-2']);
    expect((await t.store.listEvents()).map((e) => e.id)).toEqual(['E-1', 'E-2', 'E-3']);
  });

  it('removes an event: it stops counting, stays in the history as removed, and the log holds no reason', async () => {
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'consent_withdrawn', date: '2021-01-01' }, { actor: 'dpo' });
    const removed = await t.store.removeEvent('E-1', { actor: 'Dee Pio', reason: 'typed for the wrong client, Jane Doe' });
    expect(removed).toMatchObject({ id: 'E-1', removedBy: 'Dee Pio', removeReason: 'typed for the wrong client, Jane Doe' });
    expect({ ...(await t.store.getFacts('R-1'))?.recordedEvents }).toEqual({});
    expect(await t.store.listEvents({ record: 'R-1' })).toEqual([expect.objectContaining({ id: 'E-1', removedAt: expect.any(String) })]);

    const entry = (await allEntries(t.store, { action: 'event-remove' }))[0];
    expect(entry).toMatchObject({ actor: 'Dee Pio', record: 'R-1', subject: 'S-1', detail: { id: 'E-1', scope: 'record', event: 'consent_withdrawn', date: '2021-01-01' } });
    expect(JSON.stringify(await allEntries(t.store))).not.toContain('Jane');

    await expect(t.store.removeEvent('E-1', { actor: 'x', reason: 'y' })).rejects.toMatchObject({ code: 'event.already-removed' });
    await expect(t.store.removeEvent('E-9', { actor: 'x', reason: 'y' })).rejects.toMatchObject({ code: 'event.not-found' });
  });

  it('survives every re-import: a recorded record event is never wiped by the inventory', async () => {
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'consent_withdrawn', date: '2026-06-10' }, { actor: 'dpo' });
    await t.store.importRecords([record('R-1', { events: { service_ended: '2020-01-01' } })], { actor: 'admin' });
    const facts = await t.store.getFacts('R-1');
    expect(facts?.record.events).toEqual({ service_ended: '2020-01-01' });
    expect({ ...facts?.recordedEvents }).toEqual({ consent_withdrawn: ['2026-06-10'] });
  });
});

describe('upgrading a store made before event history', () => {
  it('carries subject events over as E-ids with who added them, and turns re-import "reappearances" back into deletions', async () => {
    await t.store.close();
    const path = `${t.dir}/old.db`;
    const db = new Database(path);
    db.exec(MIGRATIONS[0]!);
    db.prepare("INSERT INTO meta (key, value) VALUES ('store_id', 'old')").run();
    db.pragma('user_version = 1');
    const insertRecord = db.prepare(
      `INSERT INTO records (id, subject, category, events, flags, imported_at, deleted_at, deleted_run, reappeared_at)
       VALUES (?, 'S-1', 'care-plan', '{}', '{}', '2025-01-01T00:00:00.000Z', ?, 'run-1', ?)`,
    );
    insertRecord.run('LISTED', '2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z');
    insertRecord.run('RESTORED', '2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z');
    db.prepare("INSERT INTO subject_events (subject, event, date) VALUES ('S-1', 'erasure_requested', '2025-06-01')").run();
    const entry = db.prepare(
      `INSERT INTO audit (seq, at, actor, action, record, subject, detail, prev, hash) VALUES (?, ?, ?, ?, ?, 'S-1', ?, 'p', 'h')`,
    );
    entry.run(1, '2025-03-02T00:00:00.000Z', 'cron', 'reappeared', 'RESTORED', '{"target":"casefiles"}');
    entry.run(2, '2025-06-02T00:00:00.000Z', 'Dee Pio', 'event', null, '{"scope":"subject","event":"erasure_requested","date":"2025-06-01"}');
    db.close();

    const store = await openStore(path, { access: 'write' });
    try {
      expect(await store.listEvents()).toEqual([
        expect.objectContaining({ id: 'E-1', scope: 'subject', ref: 'S-1', event: 'erasure_requested', date: '2025-06-01', addedBy: 'Dee Pio', addedAt: '2025-06-02T00:00:00.000Z' }),
      ]);
      expect(await store.getFacts('LISTED')).toBeNull();
      expect(await store.getTombstone('LISTED')).toMatchObject({ listedAgainAt: '2025-03-01T00:00:00.000Z' });
      expect(await store.getFacts('RESTORED')).not.toBeNull();
      const next = await store.addEvent({ scope: 'subject', ref: 'S-1', event: 'erasure_requested', date: '2025-07-01' }, { actor: 'dpo' });
      expect(next.id).toBe('E-2');
    } finally {
      await store.close();
    }
  });
});
