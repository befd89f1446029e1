/** Stores written by older versions of retention are migrated, their facts and log carried over. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'retention-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('upgrading a store made before event history', () => {
  it('carries subject events over as E-ids with who added them, and turns re-import "reappearances" back into deletions', async () => {
    const path = join(dir, 'old.db');
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
    entry.run(
      2,
      '2025-06-02T00:00:00.000Z',
      'Dee Pio',
      'event',
      null,
      '{"scope":"subject","event":"erasure_requested","date":"2025-06-01"}',
    );
    db.close();

    const store = await openStore(path, { access: 'write' });
    try {
      expect(await store.listEvents()).toEqual([
        expect.objectContaining({
          id: 'E-1',
          scope: 'subject',
          ref: 'S-1',
          event: 'erasure_requested',
          date: '2025-06-01',
          addedBy: 'Dee Pio',
          addedAt: '2025-06-02T00:00:00.000Z',
        }),
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

describe('upgrading a store whose record events lived only in records.events', () => {
  it('carries the `event add --record` dates of the old log into the event history, so the next import cannot drop them', async () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    // The store as the version before the events' `source` migration left it, event history and all.
    const before = MIGRATIONS.findIndex((sql) => sql.includes('ALTER TABLE events ADD COLUMN source'));
    for (const sql of MIGRATIONS.slice(0, before)) db.exec(sql);
    db.prepare("INSERT INTO meta (key, value) VALUES ('store_id', 'old')").run();
    db.pragma(`user_version = ${before}`);
    // An older version wrote `event add --record` into records.events, and a later import overwrote it.
    db.prepare(
      `INSERT INTO records (id, subject, category, events, flags, imported_at)
       VALUES ('R-1', 'S-1', 'photo', '{}', '{}', '2025-01-01T00:00:00.000Z')`,
    ).run();
    db.prepare(
      "INSERT INTO events (id, num, scope, ref, event, date, added_by, added_at) VALUES ('E-1', 1, 'subject', 'S-1', 'erasure_requested', '2025-06-01', 'Dee Pio', '2025-06-02T00:00:00.000Z')",
    ).run();
    const entry = db.prepare(
      `INSERT INTO audit (seq, at, actor, action, record, subject, detail, prev, hash) VALUES (?, ?, ?, 'event', ?, 'S-1', ?, 'p', 'h')`,
    );
    entry.run(1, '2025-03-02T00:00:00.000Z', 'Dee Pio', 'R-1', '{"scope":"record","event":"consent_withdrawn","date":"2025-03-01"}');
    entry.run(2, '2025-03-03T00:00:00.000Z', 'A. Clerk', 'R-1', '{"scope":"record","event":"consent_withdrawn","date":"2025-03-01"}');
    // Already carried over by the event-history migration: not twice.
    entry.run(3, '2025-06-02T00:00:00.000Z', 'Dee Pio', null, '{"scope":"subject","event":"erasure_requested","date":"2025-06-01"}');
    // Written by the event-history version itself (it has an id): already in the table.
    entry.run(
      4,
      '2025-07-01T00:00:00.000Z',
      'Dee Pio',
      null,
      '{"id":"E-1","scope":"subject","event":"erasure_requested","date":"2025-06-01"}',
    );
    db.close();

    const store = await openStore(path, { access: 'write' });
    try {
      expect(await store.listEvents()).toEqual([
        expect.objectContaining({ id: 'E-1', scope: 'subject', ref: 'S-1', event: 'erasure_requested' }),
        expect.objectContaining({
          id: 'E-2',
          source: 'event-add',
          scope: 'record',
          ref: 'R-1',
          event: 'consent_withdrawn',
          date: '2025-03-01',
          addedBy: 'Dee Pio',
          addedAt: '2025-03-02T00:00:00.000Z',
        }),
      ]);
      await store.importRecords(
        [{ id: 'R-1', subject: 'S-1', category: 'photo', created: '2020-01-01', location: 'casefiles:a.txt', events: {}, flags: {} }],
        { actor: 'admin' },
      );
      expect((await store.getFacts('R-1'))?.recordedEvents).toEqual({ consent_withdrawn: ['2025-03-01'] });
      // The dates carried over match their entries (which have no id) by content: nothing to report.
      expect(await store.tablesAgainstLog()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
