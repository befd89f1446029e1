/**
 * The event history (DESIGN §2): dates recorded with `event add`, the store's own facts, never
 * overwritten and never touched by an import; and the dates an import listed for a record that
 * a later import no longer lists (or lists changed), kept rather than lost. A removed event
 * stays in the history, marked.
 */
import type { AuditContext } from './audit-context.js';

export interface EventInput {
  scope: 'record' | 'subject';
  /** Record id or subject id. */
  ref: string;
  event: string;
  date: string;
}

/**
 * Where a date of the history came from: `event-add` (a person, or a version before event
 * history, carried over from its log), or `import`: an earlier import listed it for the record
 * and a later one no longer did, or listed another date — the date is kept, never lost.
 */
export type EventSource = 'event-add' | 'import';

/** One date in the event history, as `event list` shows it; a removed event stays, marked. */
export interface RecordedEvent extends EventInput {
  /** `E-1`, `E-2`, … */
  id: string;
  source: EventSource;
  /** The person who added it; for `import`, the actor of the import that no longer listed it. */
  addedBy: string;
  addedAt: string;
  removedAt: string | null;
  removedBy: string | null;
  /** Free text a person typed: kept in the store, never in the log. */
  removeReason: string | null;
}

/** `record`: the record's own events and its subject's; `subject`: the subject's. Neither: all. */
export interface EventFilter {
  record?: string;
  subject?: string;
}

export interface Events {
  /** Adds a date to the event history (never replaces one), source `event-add`; a record event needs the record in the store (`record.not-found`). */
  addEvent(event: EventInput, by: AuditContext): Promise<RecordedEvent>;
  /** Every recorded event, removed ones included, oldest first. */
  listEvents(filter?: EventFilter): Promise<RecordedEvent[]>;
  /**
   * Marks an event removed: it no longer counts, and stays in the history. The reason is free
   * text and stays out of the log. Refuses an unknown id (`event.not-found`) and an already
   * removed one (`event.already-removed`).
   */
  removeEvent(id: string, reason: string, by: AuditContext): Promise<RecordedEvent>;
}
