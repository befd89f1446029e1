/**
 * Records, subject events and the facts the planner reads from the SQLite store.
 * Events and flags are JSON text columns: one JSON.parse each is the cheapest way back
 * to objects for a million-record plan.
 */
import type Database from 'better-sqlite3';
import { basename } from 'node:path';
import { hashLocation, type AuditDetail, type AuditDraft } from '../audit/entry.js';
import type { InventoryRecord, RecordFacts, Tombstone } from '../engine/types.js';
import { RetentionError } from '../errors.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { EventInput, ImportAudit, ImportCounts } from './types.js';

/**
 * A records row in column order. Rows are read as arrays (better-sqlite3 `raw`): building
 * one object per row roughly doubles the time of a million-record read.
 */
type RecordTuple = [
  id: string,
  subject: string | null,
  category: string,
  created: string | null,
  location: string | null,
  events: string,
  flags: string,
  deletedAt: string | null,
  deletedRun: string | null,
  deletedRule: string | null,
  reappearedAt: string | null,
];

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
      select: db.prepare<[string], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ?`).raw(),
      insert: db.prepare(
        `INSERT INTO records (id, subject, category, created, location, events, flags, imported_at)
         VALUES (@id, @subject, @category, @created, @location, @events, @flags, @now)
         ON CONFLICT (id) DO NOTHING`,
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
      tombstones: db.prepare<[string, number], { id: string; location: string | null }>(
        'SELECT id, location FROM records WHERE deleted_at IS NOT NULL AND reappeared_at IS NULL AND id > ? ORDER BY id LIMIT ?',
      ),
      markReappeared: db.prepare<{ id: string; now: string }>(
        'UPDATE records SET reappeared_at = @now WHERE id = @id AND deleted_at IS NOT NULL AND reappeared_at IS NULL',
      ),
      live: db.prepare<[string], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ? AND ${LIVE}`).raw(),
      subjectEvents: db.prepare<[string], { event: string; date: string }>(
        'SELECT event, date FROM subject_events WHERE subject = ?',
      ),
      allSubjectEvents: db.prepare<[], { subject: string; event: string; date: string }>(
        'SELECT subject, event, date FROM subject_events',
      ),
      firstPage: db.prepare<[number], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE ${LIVE} ORDER BY id LIMIT ?`).raw(),
      nextPage: db
        .prepare<[string, number], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id > ? AND ${LIVE} ORDER BY id LIMIT ?`)
        .raw(),
    };
  }

  /**
   * Upserts every batch and writes one `import` entry with the counts, all in ONE transaction:
   * an inventory that fails half-way (a bad date on row 900,000) changes nothing. The
   * transaction is opened by hand because it spans the awaits of a streamed file; nothing else
   * may use this connection meanwhile (the import command does nothing else).
   * Each record lands in exactly one count; a re-listed deleted record counts as reappeared.
   */
  async importRecords(source: readonly InventoryRecord[] | AsyncIterable<readonly InventoryRecord[]>, audit: ImportAudit): Promise<ImportCounts> {
    const batches = isBatch(source) ? [source] : source;
    const counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0, reappeared: 0 };
    const now = this.now().toISOString();
    let records = 0;
    // A big page cache for the import only (64 MB, the default is 2 MB): a million inserts
    // rewrite far fewer pages, and a plan, which reads each page once, stays small.
    const cacheSize = this.db.pragma('cache_size', { simple: true });
    this.db.pragma('cache_size = -65536');
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for await (const batch of batches) {
        this.upsert(batch, counts, now);
        records += batch.length;
      }
      const detail: AuditDetail = { records, ...counts };
      if (audit.file !== undefined) detail.fileNameSha256 = hashLocation(basename(audit.file));
      this.audit.appendInTx([{ actor: audit.actor, action: 'import', policySha256: audit.policySha256 ?? null, detail }]);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.db.pragma(`cache_size = ${Number(cacheSize)}`);
    }
    return counts;
  }

  private upsert(records: readonly InventoryRecord[], counts: ImportCounts, now: string): void {
    const s = this.statements;
    for (const record of records) {
      const row = recordToRow(record, now);
      // Most records of an import are new: try the insert first, look at the old row only on conflict.
      if (s.insert.run(row).changes === 1) {
        counts.inserted += 1;
        continue;
      }
      const existing = s.select.get(record.id);
      if (existing && tombstoneOf(existing) !== null) {
        s.update.run(row);
        counts.reappeared += 1;
      } else if (existing && sameContent(existing, row)) {
        counts.unchanged += 1;
      } else {
        s.update.run(row);
        counts.updated += 1;
      }
    }
  }

  /** Deleted records that have not come back, in id order, page by page. */
  async *tombstones(batchSize: number): AsyncIterable<{ id: string; location: string | null }[]> {
    let after = '';
    for (;;) {
      const rows = this.statements.tombstones.all(after, batchSize);
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  /**
   * Deleted records found again in their target (a restored backup): live again, so the plan
   * shows them due, "reappeared after deletion"; one `reappeared` entry each, in one transaction.
   */
  markReappeared(items: readonly { id: string; target: string }[], audit: { actor: string; run: string | null }): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        const now = this.now().toISOString();
        const drafts: AuditDraft[] = [];
        for (const item of items) {
          if (s.markReappeared.run({ id: item.id, now }).changes === 0) continue;
          const row = s.select.get(item.id);
          drafts.push({ actor: audit.actor, action: 'reappeared', run: audit.run, record: item.id, subject: row?.[1] ?? null, category: row?.[2] ?? null, detail: { target: item.target } });
        }
        this.audit.appendInTx(drafts);
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
      yield rows.map((row) => rowToFacts(row, row[1] === null ? NO_EVENTS : (bySubject.get(row[1]) ?? NO_EVENTS)));
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      rows = this.statements.nextPage.all(last[0], batchSize);
    }
  }

  getFacts(id: string): RecordFacts | null {
    const row = this.statements.live.get(id);
    if (!row) return null;
    const events: Record<string, string> = {};
    const subject = row[1];
    if (subject !== null) for (const e of this.statements.subjectEvents.all(subject)) events[e.event] = e.date;
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
          const [, recordSubject, recordCategory, , , eventsJson] = row;
          const events = JSON.parse(eventsJson) as Record<string, string>;
          events[event.event] = event.date;
          s.setEvents.run(JSON.stringify(events), event.ref);
          subject = recordSubject;
          category = recordCategory;
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

function sameContent(row: RecordTuple, next: ReturnType<typeof recordToRow>): boolean {
  const [, subject, category, created, location, events, flags] = row;
  return (
    subject === next.subject &&
    category === next.category &&
    created === next.created &&
    location === next.location &&
    events === next.events &&
    flags === next.flags
  );
}

function tombstoneOf([, , , , , , , deletedAt, run, rule]: RecordTuple): Tombstone | null {
  return deletedAt === null ? null : { deletedAt, run, rule };
}

function rowToFacts(row: RecordTuple, subjectEvents: Readonly<Record<string, string>>): RecordFacts {
  const [id, subject, category, created, location, events, flags, , , , reappearedAt] = row;
  return {
    record: {
      id,
      subject,
      category,
      created,
      location,
      events: parseObject(events) as Record<string, string>,
      flags: parseObject(flags) as Record<string, boolean>,
    },
    subjectEvents: subjectEvents as Record<string, string>,
    // Only a record that came back carries its tombstone into the plan.
    tombstone: reappearedAt === null ? null : tombstoneOf(row),
  };
}

const EMPTY_OBJECT = Object.freeze({});

/** Most records have no flags and many no events: skip JSON.parse for `{}` (a million times over). */
function parseObject(json: string): Readonly<Record<string, unknown>> {
  return json === '{}' ? EMPTY_OBJECT : (JSON.parse(json) as Record<string, unknown>);
}

function isBatch(source: readonly InventoryRecord[] | AsyncIterable<readonly InventoryRecord[]>): source is readonly InventoryRecord[] {
  return Array.isArray(source);
}
