/**
 * The event history (DESIGN §2): dates recorded with `event add` — the store's own facts, one
 * row per date, never overwritten and never touched by an import — and dates an import listed
 * that a later import dropped or changed (source `import`, kept by the import itself). A removed
 * event stays in the table, marked, so the history shows it; the removal's reason is free text a
 * person typed and stays here, out of the log.
 */
import { jsonIdLists } from './json-id-lists.js';
import type Database from 'better-sqlite3';
import type { AuditDraft } from '../audit-entry.js';
import type { EventHistory } from '../engine/types.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { AuditContext } from './audit-context.js';
import type { EventFilter, EventInput, RecordedEvent } from './events.js';
import {
  eventAbout,
  eventDraft,
  historiesFrom,
  historyFrom,
  newEventRow,
  removableEvent,
  toRecordedEvent,
  type ActiveEvent,
  type DroppedDate,
  type EventHistories,
  type EventRow,
} from './rows/events.js';

export class SqliteEvents {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
  ) {
    this.statements = {
      lastNumber: db.prepare<[], number>('SELECT COALESCE(MAX(num), 0) FROM events').pluck(),
      insert: db.prepare(
        `INSERT INTO events (id, num, source, scope, ref, event, date, added_by, added_at)
         VALUES (@id, @num, @source, @scope, @ref, @event, @date, @addedBy, @addedAt)`,
      ),
      inHistory: db
        .prepare<[string, string, string], number>(
          "SELECT 1 FROM events WHERE scope = 'record' AND ref = ? AND event = ? AND date = ? AND removed_at IS NULL LIMIT 1",
        )
        .pluck(),
      select: db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
      remove: db.prepare('UPDATE events SET removed_at = @at, removed_by = @by, remove_reason = @reason WHERE id = @id'),
      record: db.prepare<[string], { subject: string | null; category: string }>('SELECT subject, category FROM records WHERE id = ?'),
      all: db.prepare<[], EventRow>('SELECT * FROM events ORDER BY num'),
      onRef: db.prepare<[string, string], EventRow>('SELECT * FROM events WHERE scope = ? AND ref = ? ORDER BY num'),
      onRecordOrSubject: db.prepare<[string, string | null], EventRow>(
        `SELECT * FROM events WHERE (scope = 'record' AND ref = ?) OR (scope = 'subject' AND ref = ?) ORDER BY num`,
      ),
      active: db.prepare<[], ActiveEvent>('SELECT id, scope, ref, event, date FROM events WHERE removed_at IS NULL ORDER BY num'),
      // The refs as JSON arrays: one statement for a whole batch of records (the journal's recheck).
      activeAmong: db.prepare<[string, string], ActiveEvent>(
        `SELECT id, scope, ref, event, date FROM events
         WHERE removed_at IS NULL
           AND ((scope = 'record' AND ref IN (SELECT value FROM json_each(?))) OR (scope = 'subject' AND ref IN (SELECT value FROM json_each(?))))
         ORDER BY num`,
      ),
      activeOn: db.prepare<[string, string], Pick<EventRow, 'id' | 'event' | 'date'>>(
        'SELECT id, event, date FROM events WHERE scope = ? AND ref = ? AND removed_at IS NULL ORDER BY num',
      ),
    };
  }

  /** Adds a date to the history (`E-1`, `E-2`…) with its `event` entry; a record event needs the record. */
  add(input: EventInput, by: AuditContext): RecordedEvent {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const about = this.about(input);
        const num = (s.lastNumber.get() ?? 0) + 1;
        const row = newEventRow(`E-${num}`, input, by, this.now().toISOString());
        s.insert.run({ ...input, id: row.id, num, source: row.source, addedBy: by.actor, addedAt: row.added_at });
        this.audit.appendInTx([eventDraft('event', toRecordedEvent(row), by, about)]);
        return toRecordedEvent(row);
      })
      .immediate();
  }

  /**
   * Keeps the dates an import no longer lists in the history (source `import`, added by the
   * import's actor), each unless the history already has it; returns their `event` entries for
   * the import to append. MUST run inside the import's transaction.
   */
  keepDroppedInTx(dropped: readonly DroppedDate[], by: AuditContext, at: string): AuditDraft[] {
    const s = this.statements;
    let num = s.lastNumber.get() ?? 0;
    const drafts: AuditDraft[] = [];
    for (const { record, event, date } of dropped) {
      if (s.inHistory.get(record.id, event, date) !== undefined) continue;
      num += 1;
      const row = newEventRow(`E-${num}`, { scope: 'record', ref: record.id, event, date }, by, at, 'import');
      s.insert.run({ id: row.id, num, source: row.source, scope: row.scope, ref: row.ref, event, date, addedBy: by.actor, addedAt: at });
      drafts.push(eventDraft('event', toRecordedEvent(row), by, { subject: record.subject, category: record.category }));
    }
    return drafts;
  }

  /** Marks an event removed (it stays in the history) with its `event-remove` entry; the reason stays here. */
  remove(id: string, reason: string, by: AuditContext): RecordedEvent {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const row = removableEvent(id, s.select.get(id));
        const removed = { ...row, removed_at: this.now().toISOString(), removed_by: by.actor, remove_reason: reason };
        s.remove.run({ id, at: removed.removed_at, by: by.actor, reason });
        const event = toRecordedEvent(removed);
        this.audit.appendInTx([eventDraft('event-remove', event, by, this.about(event))]);
        return event;
      })
      .immediate();
  }

  /** Every recorded event, removed ones included, oldest first; for a record, its own and its subject's. */
  list(filter: EventFilter = {}): RecordedEvent[] {
    const s = this.statements;
    let rows: EventRow[];
    if (filter.record !== undefined) rows = s.onRecordOrSubject.all(filter.record, s.record.get(filter.record)?.subject ?? null);
    else if (filter.subject !== undefined) rows = s.onRef.all('subject', filter.subject);
    else rows = s.all.all();
    return rows.map(toRecordedEvent);
  }

  /** The events that count (not removed) of every record and subject, read once for a whole plan. */
  loadHistories(): EventHistories {
    return historiesFrom(this.statements.active.iterate());
  }

  /** The histories of these records and these subjects only (what loadHistories holds for them), in one read. */
  historiesAmong(records: readonly string[], subjects: readonly string[]): EventHistories {
    const { activeAmong } = this.statements;
    // A row is a record's or a subject's, so the two halves never return the same row.
    return historiesFrom([
      ...jsonIdLists(records).flatMap((list) => activeAmong.all(list, '[]')),
      ...jsonIdLists(subjects).flatMap((list) => activeAmong.all('[]', list)),
    ]);
  }

  /** The events that count on one record or one subject. */
  historyOf(scope: RecordedEvent['scope'], ref: string): EventHistory {
    return historyFrom(this.statements.activeOn.iterate(scope, ref));
  }

  /** The subject and category an event's entry names, so that audit filters find it. */
  private about(event: Pick<EventInput, 'scope' | 'ref'>): { subject: string | null; category: string | null } {
    return eventAbout(event, event.scope === 'record' ? this.statements.record.get(event.ref) : undefined);
  }
}
