/**
 * The event history as every kind of store holds it (DESIGN §2): one row per recorded date,
 * and the `event` / `event-remove` entries that go with them.
 */
import type { AuditDraft } from '../../audit-entry.js';
import type { EventHistory } from '../../engine/types.js';
import { RetentionError } from '../../errors.js';
import { auditColumns, type AuditContext } from '../audit-context.js';
import type { EventInput, EventSource, RecordedEvent } from '../events.js';
import { storedDate } from '../stored-values.js';

export interface EventRow {
  id: string;
  source: EventSource;
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

/** What a history is built from: the events that count (not removed), oldest first. */
export type ActiveEvent = Pick<EventRow, 'id' | 'scope' | 'ref' | 'event' | 'date'>;

/** Every record's and subject's history from the active events, frozen (they are shared by many records). */
export function historiesFrom(events: Iterable<ActiveEvent>): EventHistories {
  const byRecord = new Map<string, Record<string, string[]>>();
  const bySubject = new Map<string, Record<string, string[]>>();
  for (const { id, scope, ref, event, date } of events) {
    const owners = scope === 'record' ? byRecord : bySubject;
    let history = owners.get(ref);
    if (!history) owners.set(ref, (history = Object.create(null) as Record<string, string[]>));
    (history[event] ??= []).push(storedDate(date, `event ${id}: its date`));
  }
  return { byRecord: freezeAll(byRecord), bySubject: freezeAll(bySubject) };
}

/** One owner's history from its active events (oldest first); NO_EVENT_HISTORY when there are none. */
export function historyFrom(events: Iterable<Pick<EventRow, 'id' | 'event' | 'date'>>): EventHistory {
  const history = Object.create(null) as Record<string, string[]>;
  let any = false;
  for (const { id, event, date } of events) {
    (history[event] ??= []).push(storedDate(date, `event ${id}: its date`));
    any = true;
  }
  return any ? history : NO_EVENT_HISTORY;
}

/** The history of `ref` in `owners`, or none. */
export function historyIn(owners: ReadonlyMap<string, EventHistory>, ref: string | null): EventHistory {
  return ref === null ? NO_EVENT_HISTORY : (owners.get(ref) ?? NO_EVENT_HISTORY);
}

/** A date an import no longer lists for a record, to be kept in the history (source `import`). */
export interface DroppedDate {
  record: { id: string; subject: string | null; category: string };
  event: string;
  date: string;
}

/** The event dates of a stored record (its `events` as stored) that its new listing no longer has, or has changed. */
export function droppedDates(
  stored: Readonly<Record<string, unknown>>,
  next: { id: string; subject: string | null; category: string; events: Readonly<Record<string, string>> },
): DroppedDate[] {
  const about = { id: next.id, subject: next.subject, category: next.category };
  const dropped: DroppedDate[] = [];
  for (const [event, date] of Object.entries(stored)) {
    if (typeof date === 'string' && date !== '' && (!Object.hasOwn(next.events, event) || next.events[event] !== date))
      dropped.push({ record: about, event, date });
  }
  return dropped;
}

export function newEventRow(id: string, input: EventInput, by: AuditContext, addedAt: string, source: EventSource = 'event-add'): EventRow {
  return { id, source, ...input, added_by: by.actor, added_at: addedAt, removed_at: null, removed_by: null, remove_reason: null };
}

/** The event `id` when it can be removed; an unknown or already removed event is a usage error. */
export function removableEvent(id: string, row: EventRow | undefined): EventRow {
  if (!row) throw new RetentionError('event.not-found', `no event "${id}"; see \`retention event list\``);
  if (row.removed_at !== null)
    throw new RetentionError('event.already-removed', `event ${id} was already removed on ${row.removed_at} by ${row.removed_by}`);
  return row;
}

/** The subject and category an event's entry names, so that audit filters find it; a record event needs its record. */
export function eventAbout(
  event: Pick<EventInput, 'scope' | 'ref'>,
  record: { subject: string | null; category: string } | undefined,
): { subject: string | null; category: string | null } {
  if (event.scope === 'subject') return { subject: event.ref, category: null };
  if (!record) throw new RetentionError('record.not-found', `no record "${event.ref}" in the store; import the inventory first`);
  return { subject: record.subject, category: record.category };
}

/** Event id, scope, name and date: no reason, no names of people (the actor is the one who acted). */
export function eventDraft(
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
    detail: {
      id: event.id,
      scope: event.scope,
      event: event.event,
      date: event.date,
      ...(event.source === 'import' ? { source: event.source } : {}),
    },
  };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    source: row.source,
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
