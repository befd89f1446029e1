/**
 * Events recorded with `event add` (DESIGN §2): the store's own facts, one row per date, never
 * overwritten and never touched by an import. A removed event stays in the table, marked, so the
 * history shows it; the removal's reason is free text a person typed and stays here, out of the log.
 */
import type Database from 'better-sqlite3';
import type { AuditDraft } from '../audit-entry.js';
import type { EventHistory } from '../engine/types.js';
import { RetentionError } from '../errors.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import { auditColumns, type AuditContext } from './audit-context.js';
import { storedDate } from './stored-values.js';
import type { EventFilter, EventInput, RecordedEvent } from './events.js';

interface EventRow {
  id: string;
  scope: RecordedEvent['scope'];
  ref: string;
  event: string;
  date: string;
  added_by: string;
  added_at: string;
  removed_at: string | null;
  removed_by: string | null;
  remove_reason: string | null;
}

/** The events of the records and of the subjects, each as event → dates (oldest first). */
export interface EventHistories {
  byRecord: Map<string, EventHistory>;
  bySubject: Map<string, EventHistory>;
}

export const NO_EVENT_HISTORY: EventHistory = Object.freeze(Object.create(null) as EventHistory);

export class SqliteEvents {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
  ) {
    this.statements = {
      nextNumber: db.prepare<[], number>('SELECT COALESCE(MAX(num), 0) + 1 FROM events').pluck(),
      insert: db.prepare(
        `INSERT INTO events (id, num, scope, ref, event, date, added_by, added_at)
         VALUES (@id, @num, @scope, @ref, @event, @date, @addedBy, @addedAt)`,
      ),
      select: db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
      remove: db.prepare('UPDATE events SET removed_at = @at, removed_by = @by, remove_reason = @reason WHERE id = @id'),
      record: db.prepare<[string], { subject: string | null; category: string }>('SELECT subject, category FROM records WHERE id = ?'),
      all: db.prepare<[], EventRow>('SELECT * FROM events ORDER BY num'),
      onRef: db.prepare<[string, string], EventRow>('SELECT * FROM events WHERE scope = ? AND ref = ? ORDER BY num'),
      onRecordOrSubject: db.prepare<[string, string | null], EventRow>(
        `SELECT * FROM events WHERE (scope = 'record' AND ref = ?) OR (scope = 'subject' AND ref = ?) ORDER BY num`,
      ),
      active: db.prepare<[], Pick<EventRow, 'id' | 'scope' | 'ref' | 'event' | 'date'>>(
        'SELECT id, scope, ref, event, date FROM events WHERE removed_at IS NULL ORDER BY num',
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
        const num = s.nextNumber.get() ?? 1;
        const row: EventRow = {
          id: `E-${num}`,
          ...input,
          added_by: by.actor,
          added_at: this.now().toISOString(),
          removed_at: null,
          removed_by: null,
          remove_reason: null,
        };
        s.insert.run({ ...input, id: row.id, num, addedBy: by.actor, addedAt: row.added_at });
        this.audit.appendInTx([eventDraft('event', toRecordedEvent(row), by, about)]);
        return toRecordedEvent(row);
      })
      .immediate();
  }

  /** Marks an event removed (it stays in the history) with its `event-remove` entry; the reason stays here. */
  remove(id: string, reason: string, by: AuditContext): RecordedEvent {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const row = s.select.get(id);
        if (!row) throw new RetentionError('event.not-found', `no event "${id}"; see \`retention event list\``);
        if (row.removed_at !== null) {
          throw new RetentionError('event.already-removed', `event ${id} was already removed on ${row.removed_at} by ${row.removed_by}`);
        }
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
    const byRecord = new Map<string, Record<string, string[]>>();
    const bySubject = new Map<string, Record<string, string[]>>();
    for (const { id, scope, ref, event, date } of this.statements.active.iterate()) {
      const owners = scope === 'record' ? byRecord : bySubject;
      let history = owners.get(ref);
      if (!history) owners.set(ref, (history = Object.create(null) as Record<string, string[]>));
      (history[event] ??= []).push(storedDate(date, `event ${id}: its date`));
    }
    return { byRecord: freezeAll(byRecord), bySubject: freezeAll(bySubject) };
  }

  /** The events that count on one record or one subject. */
  historyOf(scope: RecordedEvent['scope'], ref: string): EventHistory {
    const history = Object.create(null) as Record<string, string[]>;
    let any = false;
    for (const { id, event, date } of this.statements.activeOn.iterate(scope, ref)) {
      (history[event] ??= []).push(storedDate(date, `event ${id}: its date`));
      any = true;
    }
    return any ? history : NO_EVENT_HISTORY;
  }

  /** The subject and category an event's entry names, so that audit filters find it. */
  private about(event: Pick<EventInput, 'scope' | 'ref'>): { subject: string | null; category: string | null } {
    if (event.scope === 'subject') return { subject: event.ref, category: null };
    const row = this.statements.record.get(event.ref);
    if (!row) throw new RetentionError('record.not-found', `no record "${event.ref}" in the store; import the inventory first`);
    return { subject: row.subject, category: row.category };
  }
}

/** Event id, scope, name and date: no reason, no names of people (the actor is the one who acted). */
function eventDraft(
  action: 'event' | 'event-remove',
  event: RecordedEvent,
  by: AuditContext,
  about: { subject: string | null; category: string | null },
): AuditDraft {
  return {
    ...auditColumns(by),
    action,
    record: event.scope === 'record' ? event.ref : null,
    subject: about.subject,
    category: about.category,
    detail: { id: event.id, scope: event.scope, event: event.event, date: event.date },
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    scope: row.scope,
    ref: row.ref,
    event: row.event,
    date: row.date,
    addedBy: row.added_by,
    addedAt: row.added_at,
    removedAt: row.removed_at,
    removedBy: row.removed_by,
    removeReason: row.remove_reason,
  };
}

function freezeAll(owners: Map<string, Record<string, string[]>>): Map<string, EventHistory> {
  for (const history of owners.values()) {
    for (const dates of Object.values(history)) Object.freeze(dates);
    Object.freeze(history);
  }
  return owners;
}
