/**
 * The events and records tables against the hash-chained log (DESIGN §7), for every kind of
 * store: a row inserted, changed or deleted with sqlite3 or psql leaves the chain intact, and an
 * events row, or a record's deleted state, decides what apply deletes. The log is the authority
 * for both:
 * - an events row counts only with its `event` entry (same id, scope, ref, event and date), and
 *   is removed exactly when an `event-remove` entry removed it; a row an older version carried
 *   over from an `event` entry without an id matches that entry by its content;
 * - a record is deleted exactly when its last `deleted` or `confirm` entry is not followed by a
 *   `reappeared` entry, and forgotten (closed for good) exactly when a `forget` entry forgot it.
 * The event dates an import listed are not checked: the `import` entry holds counts and a hash
 * of the file's name, not what the file listed. Pure: a store reads the rows and entries.
 */
import { DELETION_ACTIONS } from '../audit-entry.js';
import type { DeletionEntry, DeletionsRead, LogMismatch } from './audit-log.js';
import { loggedEntry, type LoggedEntry } from './log-view.js';

/** An `event` or `event-remove` entry, with the record and subject it names. */
export interface RecordEntry extends LoggedEntry {
  record: string | null;
  subject: string | null;
}

export interface RecordEntryRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  record: string | null;
  subject: string | null;
  detail: string | null;
}

/** The SQL that reads the entries of events, and of deletions (the literal actions match the partial indexes audit_events and audit_deletions). */
export const EVENT_ENTRIES_SQL =
  "SELECT seq, at, actor, action, record, subject, detail FROM audit WHERE action IN ('event', 'event-remove') ORDER BY seq";
/**
 * The SQL, and its parameters, that reads the deletion entries a caller has not read (`read`):
 * all of them, or those outside seq 1…read.upTo (`placeholder`: the kind's for the one
 * parameter). They are as many as deleted records: only what the check needs is read, no detail parsed.
 */
export function deletionEntriesQuery(read: DeletionsRead | undefined, placeholder: string): { sql: string; params: number[] } {
  const actions = DELETION_ACTIONS.map((action) => `'${action}'`).join(', ');
  const select = `SELECT seq, action, record FROM audit WHERE action IN (${actions})`;
  if (read === undefined) return { sql: `${select} ORDER BY seq`, params: [] };
  return { sql: `${select} AND (seq < 1 OR seq > ${placeholder}) ORDER BY seq`, params: [read.upTo] };
}

/** Every deletion entry in seq order: those deletionEntriesQuery read, with the caller's in their place. */
export function allDeletionEntries(read: DeletionsRead | undefined, unread: readonly DeletionEntry[]): readonly DeletionEntry[] {
  if (read === undefined) return unread;
  const after = unread.findIndex((entry) => entry.seq > read.upTo);
  const before = after < 0 ? unread.length : after;
  return [...unread.slice(0, before), ...read.entries, ...unread.slice(before)];
}

/** The events table's rows as they are (every kind of store selects these columns). */
export const EVENT_ROWS_SQL = 'SELECT id, scope, ref, event, date, removed_at FROM events ORDER BY num';
/** The records the table marks deleted (or found back after a deletion), or forgotten: the only ones a deletion or forget entry can be about. */
export const TOMBSTONED_ROWS_SQL =
  'SELECT id, deleted_at, reappeared_at, forgotten_at FROM records WHERE deleted_at IS NOT NULL OR forgotten_at IS NOT NULL ORDER BY id';

export interface EventTableRow {
  id: string;
  scope: string;
  ref: string;
  event: string;
  date: string;
  removed_at: string | null;
}

export interface TombstonedRow {
  id: string;
  deleted_at: string | null;
  reappeared_at: string | null;
  forgotten_at: string | null;
}

export function recordEntry(row: RecordEntryRow): RecordEntry {
  return { ...loggedEntry(row), record: row.record, subject: row.subject };
}

/** A deletion entry read back (PostgreSQL returns a bigint seq as text). */
export function deletionEntry(row: { seq: number | string; action: string; record: string | null }): DeletionEntry {
  return { seq: Number(row.seq), action: row.action, record: row.record };
}

export interface RecordTablesAndLog {
  eventEntries: readonly RecordEntry[];
  eventRows: readonly EventTableRow[];
  deletionEntries: readonly DeletionEntry[];
  tombstonedRows: readonly TombstonedRow[];
}

/** Every difference between the events table, the records' deleted state and the log. */
export function compareRecordsWithLog(data: RecordTablesAndLog): LogMismatch[] {
  return [...compareEvents(data), ...compareDeletions(data)];
}

interface LoggedEvent {
  scope: unknown;
  ref: string | null;
  event: unknown;
  date: unknown;
  seq: number;
}

function compareEvents({ eventEntries, eventRows }: RecordTablesAndLog): LogMismatch[] {
  const found: LogMismatch[] = [];
  const added = new Map<string, LoggedEvent>();
  const removed = new Map<string, number>();
  // Entries of versions before event ids: their dates were carried into the table by content.
  const carried = new Set<string>();
  for (const entry of eventEntries) {
    const d = entry.detail;
    const id = d?.id;
    const logged: LoggedEvent = {
      scope: d?.scope,
      ref: d?.scope === 'subject' ? entry.subject : entry.record,
      event: d?.event,
      date: d?.date,
      seq: entry.seq,
    };
    if (entry.action === 'event-remove') {
      if (typeof id === 'string') removed.set(id, entry.seq);
    } else if (typeof id === 'string') {
      added.set(id, logged);
    } else {
      carried.add(contentKey(logged));
    }
  }
  const inTable = new Set<string>();
  for (const row of eventRows) {
    inTable.add(row.id);
    const what = `event ${row.id} (${row.event} ${row.date} on ${row.scope} ${row.ref})`;
    const logged = added.get(row.id);
    if (!logged) {
      if (!carried.has(contentKey(row)))
        found.push({
          code: 'store.event-not-logged',
          about: row.id,
          message: `${what} is in the events table but has no event entry in the log: it was added outside retention`,
        });
    } else {
      const differs = (['scope', 'ref', 'event', 'date'] as const).filter((key) => logged[key] !== row[key]);
      if (differs.length > 0) {
        const says = (source: Record<(typeof differs)[number], unknown>) =>
          differs.map((key) => `${key} ${String(source[key])}`).join(', ');
        found.push({
          code: 'store.event-differs',
          about: row.id,
          message: `${what}: the events table says ${says(row)}, its entry ${logged.seq} ${says(logged)}`,
        });
      }
    }
    const removal = removed.get(row.id);
    if (removal === undefined && row.removed_at !== null) {
      found.push({
        code: 'store.event-removal-not-logged',
        about: row.id,
        message: `${what} is removed in the events table but no event-remove entry removed it`,
      });
    } else if (removal !== undefined && row.removed_at === null) {
      found.push({
        code: 'store.event-removal-missing',
        about: row.id,
        message: `${what} was removed (entry ${removal}) but the events table counts it again`,
      });
    }
  }
  for (const [id, logged] of added) {
    if (!inTable.has(id))
      found.push({
        code: 'store.event-missing',
        about: id,
        message: `event ${id} (entry ${logged.seq}) is in the log but not in the events table`,
      });
  }
  return found;
}

function contentKey(event: { scope: unknown; ref: string | null; event: unknown; date: unknown }): string {
  return JSON.stringify([event.scope, event.ref, event.event, event.date]);
}

function compareDeletions({ deletionEntries, tombstonedRows }: RecordTablesAndLog): LogMismatch[] {
  const found: LogMismatch[] = [];
  // Each record's last deletion or reappearance, in seq order: the log's word on its state.
  const last = new Map<string, DeletionEntry>();
  // A forgotten record is closed for good: its `forget` entry stands whatever follows.
  const forgotten = new Map<string, DeletionEntry>();
  for (const entry of deletionEntries) {
    if (entry.record !== null) (entry.action === 'forget' ? forgotten : last).set(entry.record, entry);
  }
  const rows = new Map(tombstonedRows.map((row) => [row.id, row]));
  for (const [id, entry] of forgotten) {
    if (rows.get(id)?.forgotten_at == null) {
      found.push({
        code: 'store.record-forget-missing',
        about: id,
        message: `record ${id} was forgotten (entry ${entry.seq}) but the records table shows it open: it was changed outside retention`,
      });
    }
  }
  for (const row of tombstonedRows) {
    if (row.forgotten_at !== null && !forgotten.has(row.id)) {
      found.push({
        code: 'store.record-forget-not-logged',
        about: row.id,
        message: `record ${row.id} is forgotten in the records table (${row.forgotten_at}) but no forget entry of the log forgot it`,
      });
    }
  }
  for (const [id, entry] of last) {
    const row = rows.get(id);
    const deletedInTable = row !== undefined && row.deleted_at !== null && row.reappeared_at === null;
    if (entry.action === 'reappeared') {
      if (deletedInTable)
        found.push({
          code: 'store.record-deletion-not-logged',
          about: id,
          message: `record ${id} was found back (entry ${entry.seq}) but the records table shows it deleted`,
        });
    } else if (!deletedInTable) {
      found.push({
        code: 'store.record-deletion-missing',
        about: id,
        message: `record ${id} was deleted (${entry.action} entry ${entry.seq}) but the records table shows it live: it was changed outside retention`,
      });
    }
  }
  for (const row of tombstonedRows) {
    if (row.deleted_at !== null && row.reappeared_at === null && !last.has(row.id)) {
      found.push({
        code: 'store.record-deletion-not-logged',
        about: row.id,
        message: `record ${row.id} is deleted in the records table (${row.deleted_at}) but no entry of the log deleted it`,
      });
    }
  }
  return found;
}
