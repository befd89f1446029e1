/**
 * Records, subject events and the facts the planner reads from the SQLite store.
 * Events and flags are JSON text columns: one JSON.parse each is the cheapest way back
 * to objects for a million-record plan.
 */
import type Database from 'better-sqlite3';
import { basename } from 'node:path';
import { hashLocation, type AuditDetail } from '../audit/entry.js';
import type { InventoryRecord, RecordFacts, Tombstone } from '../engine/types.js';
import { RetentionError } from '../errors.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { EventInput, ImportAudit, ImportCounts } from './types.js';

interface RecordRow {
  id: string;
  subject: string | null;
  category: string;
  created: string | null;
  location: string | null;
  events: string;
  flags: string;
  deleted_at: string | null;
  deleted_run: string | null;
  deleted_rule: string | null;
  reappeared_at: string | null;
}

const LIVE = '(deleted_at IS NULL OR reappeared_at IS NOT NULL)';
const RECORD_COLUMNS = 'id, subject, category, created, location, events, flags, deleted_at, deleted_run, deleted_rule, reappeared_at';
const NO_EVENTS: Readonly<Record<string, string>> = Object.freeze({});

export class SqliteInventory {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
  ) {
    this.statements = {
      select: db.prepare<[string], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ?`),
      insert: db.prepare(
        `INSERT INTO records (id, subject, category, created, location, events, flags, imported_at)
         VALUES (@id, @subject, @category, @created, @location, @events, @flags, @now)`,
      ),
      // A tombstone survives a re-import: the record is only marked as having come back.
      update: db.prepare(
        `UPDATE records SET subject = @subject, category = @category, created = @created, location = @location,
           events = @events, flags = @flags, imported_at = @now,
           reappeared_at = CASE WHEN deleted_at IS NULL THEN NULL ELSE COALESCE(reappeared_at, @now) END
         WHERE id = @id`,
      ),
      setEvents: db.prepare<[string, string]>('UPDATE records SET events = ? WHERE id = ?'),
      upsertSubjectEvent: db.prepare<[string, string, string]>(
        `INSERT INTO subject_events (subject, event, date) VALUES (?, ?, ?)
         ON CONFLICT (subject, event) DO UPDATE SET date = excluded.date`,
      ),
      liveCount: db.prepare<[], number>(`SELECT count(*) FROM records WHERE ${LIVE}`).pluck(),
      live: db.prepare<[string], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ? AND ${LIVE}`),
      subjectEvents: db.prepare<[string], { event: string; date: string }>(
        'SELECT event, date FROM subject_events WHERE subject = ?',
      ),
      allSubjectEvents: db.prepare<[], { subject: string; event: string; date: string }>(
        'SELECT subject, event, date FROM subject_events',
      ),
      firstPage: db.prepare<[number], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM records WHERE ${LIVE} ORDER BY id LIMIT ?`),
      nextPage: db.prepare<[string, number], RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM records WHERE id > ? AND ${LIVE} ORDER BY id LIMIT ?`,
      ),
    };
  }

  /**
   * Upserts the batch and writes one `import` entry with the counts, all in one transaction.
   * Each record lands in exactly one count; a re-listed deleted record counts as reappeared.
   */
  importRecords(records: readonly InventoryRecord[], audit: ImportAudit): ImportCounts {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0, reappeared: 0 };
        const now = this.now().toISOString();
        for (const record of records) {
          const row = recordToRow(record, now);
          const existing = s.select.get(record.id);
          if (!existing) {
            s.insert.run(row);
            counts.inserted += 1;
          } else if (existing.deleted_at !== null) {
            s.update.run(row);
            counts.reappeared += 1;
          } else if (sameContent(existing, row)) {
            counts.unchanged += 1;
          } else {
            s.update.run(row);
            counts.updated += 1;
          }
        }
        const detail: AuditDetail = { records: records.length, ...counts };
        if (audit.file !== undefined) detail.fileNameSha256 = hashLocation(basename(audit.file));
        this.audit.appendInTx([{ actor: audit.actor, action: 'import', policySha256: audit.policySha256 ?? null, detail }]);
        return counts;
      })
      .immediate();
  }

  liveRecordCount(): number {
    return this.statements.liveCount.get() ?? 0;
  }

  /**
   * Every live or reappeared record in id order. Pages are read by key so that no statement
   * stays open between yields; subject events are loaded once. A subject's events object is
   * shared by its records and frozen: read it, never change it.
   */
  async *streamFacts(batchSize = 1000): AsyncIterable<RecordFacts[]> {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error(`bad batch size ${batchSize} (this is a bug)`);
    const bySubject = this.loadSubjectEvents();
    let rows = this.statements.firstPage.all(batchSize);
    while (rows.length > 0) {
      yield rows.map((row) => rowToFacts(row, row.subject === null ? NO_EVENTS : (bySubject.get(row.subject) ?? NO_EVENTS)));
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      rows = this.statements.nextPage.all(last.id, batchSize);
    }
  }

  getFacts(id: string): RecordFacts | null {
    const row = this.statements.live.get(id);
    if (!row) return null;
    const events: Record<string, string> = {};
    if (row.subject !== null) for (const e of this.statements.subjectEvents.all(row.subject)) events[e.event] = e.date;
    return rowToFacts(row, events);
  }

  getTombstone(id: string): Tombstone | null {
    const row = this.statements.select.get(id);
    return row ? tombstoneOf(row) : null;
  }

  /** Sets an event on a record (which must exist) or a subject, with its `event` entry. */
  addEvent(event: EventInput, actor: string): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        let subject: string | null = event.ref;
        let category: string | null = null;
        if (event.scope === 'record') {
          const row = s.select.get(event.ref);
          if (!row) throw new RetentionError('usage', `no record "${event.ref}" in the store; import the inventory first`);
          const events = JSON.parse(row.events) as Record<string, string>;
          events[event.event] = event.date;
          s.setEvents.run(JSON.stringify(events), event.ref);
          subject = row.subject;
          category = row.category;
        } else {
          s.upsertSubjectEvent.run(event.ref, event.event, event.date);
        }
        this.audit.appendInTx([
          {
            actor,
            action: 'event',
            record: event.scope === 'record' ? event.ref : null,
            subject,
            category,
            detail: { scope: event.scope, event: event.event, date: event.date },
          },
        ]);
      })
      .immediate();
  }

  private loadSubjectEvents(): Map<string, Readonly<Record<string, string>>> {
    const bySubject = new Map<string, Record<string, string>>();
    for (const { subject, event, date } of this.statements.allSubjectEvents.iterate()) {
      let events = bySubject.get(subject);
      if (!events) bySubject.set(subject, (events = {}));
      events[event] = date;
    }
    for (const events of bySubject.values()) Object.freeze(events);
    return bySubject;
  }
}

function recordToRow(record: InventoryRecord, now: string) {
  return {
    id: record.id,
    subject: record.subject,
    category: record.category,
    created: record.created,
    location: record.location,
    events: JSON.stringify(record.events),
    flags: JSON.stringify(record.flags),
    now,
  };
}

function sameContent(row: RecordRow, next: ReturnType<typeof recordToRow>): boolean {
  return (
    row.subject === next.subject &&
    row.category === next.category &&
    row.created === next.created &&
    row.location === next.location &&
    row.events === next.events &&
    row.flags === next.flags
  );
}

function tombstoneOf(row: RecordRow): Tombstone | null {
  return row.deleted_at === null ? null : { deletedAt: row.deleted_at, run: row.deleted_run, rule: row.deleted_rule };
}

function rowToFacts(row: RecordRow, subjectEvents: Readonly<Record<string, string>>): RecordFacts {
  return {
    record: {
      id: row.id,
      subject: row.subject,
      category: row.category,
      created: row.created,
      location: row.location,
      events: JSON.parse(row.events) as Record<string, string>,
      flags: JSON.parse(row.flags) as Record<string, boolean>,
    },
    subjectEvents: subjectEvents as Record<string, string>,
    // Only a record that came back carries its tombstone into the plan.
    tombstone: row.reappeared_at === null ? null : tombstoneOf(row),
  };
}
