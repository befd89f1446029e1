/**
 * The records table as every kind of store holds it: one row per record, its events and flags
 * as JSON text (one JSON.parse each is the cheapest way back to objects for a million-record
 * plan), and the tombstone columns of a deleted record. Rows are read as tuples in
 * RECORD_COLUMNS order: building one object per row roughly doubles a million-record read.
 */
import type { EventHistory, HoldScope, InventoryRecord, RecordFacts, Tombstone } from '../../engine/types.js';
import { storedDate, storedEvents, storedFlags } from '../stored-values.js';
import { flatObjectJson } from '../../flat-json.js';

/** A row as read: its content (RecordContent, below), then the tombstone and reconciliation columns. */
export type RecordTuple = [
  ...RecordContent,
  deletedAt: string | null,
  deletedRun: string | null,
  deletedRule: string | null,
  reappearedAt: string | null,
  listedAgainAt: string | null,
  forgottenAt: string | null,
  unlistedAt: string | null,
  deletedFingerprint: string | null,
];

export const RECORD_COLUMNS =
  'id, subject, category, created, location, events, flags, deleted_at, deleted_run, deleted_rule, reappeared_at, listed_again_at, forgotten_at, unlisted_at, deleted_fingerprint';
/**
 * SQL conditions, the same in every dialect: a live record (never deleted, or found back; not
 * forgotten: `inventory forget` closes a record for good), and a deleted one.
 */
export const LIVE = '((deleted_at IS NULL OR reappeared_at IS NOT NULL) AND forgotten_at IS NULL)';
/** The live records a plan decides: one that the latest import of its scope no longer listed waits for a person (reconciliation). */
export const DECIDED = `(${LIVE} AND unlisted_at IS NULL)`;
export const DELETED = '(deleted_at IS NOT NULL AND reappeared_at IS NULL)';
/** The column a hold of each scope matches; constants, never user input. */
export const SCOPE_COLUMN: Readonly<Record<HoldScope, string>> = { record: 'id', subject: 'subject', category: 'category' };

/** The columns an import writes from a record, in the order of RecordContent. */
export const CONTENT_COLUMNS = ['id', 'subject', 'category', 'created', 'location', 'events', 'flags'] as const;

/**
 * A record's columns as stored (events and flags as JSON text), in CONTENT_COLUMNS order: a
 * tuple, so that an import binds it as positional parameters (binding a million objects by
 * name costs as much as inserting them).
 */
export type RecordContent = [
  id: string,
  subject: string | null,
  category: string,
  created: string | null,
  location: string | null,
  events: string,
  flags: string,
];

export function recordContent(record: InventoryRecord): RecordContent {
  return [
    record.id,
    record.subject,
    record.category,
    record.created,
    record.location,
    flatObjectJson(record.events),
    flatObjectJson(record.flags),
  ];
}

/** Whether a stored row holds exactly this content (an import then counts it unchanged). */
export function sameContent(row: RecordTuple, next: RecordContent): boolean {
  // Both tuples hold subject … flags at positions 1 … 6.
  for (let i = 1; i <= 6; i++) if (row[i] !== next[i]) return false;
  return true;
}

export function tombstoneOf([, , , , , , , deletedAt, run, rule, , listedAgainAt, , , fingerprint]: RecordTuple): Tombstone | null {
  return deletedAt === null ? null : { deletedAt, run, rule, listedAgainAt, fingerprint };
}

/** Deleted and not found back in its target (a later listing does not count). */
export function isDeleted(row: RecordTuple): boolean {
  return row[7] !== null && row[10] === null;
}

/** The record a stored content (or row) holds, its dates and JSON checked. */
export function contentRecord([id, subject, category, created, location, events, flags]: RecordContent | RecordTuple): InventoryRecord {
  return {
    id,
    subject,
    category,
    created: storedDate(created, `record "${id}": its created date`),
    location,
    events: storedEvents(events, id),
    flags: storedFlags(flags, id),
  };
}

export function rowToFacts(row: RecordTuple, recordedEvents: EventHistory, subjectEvents: EventHistory): RecordFacts {
  const reappearedAt = row[10];
  return {
    record: contentRecord(row),
    recordedEvents,
    subjectEvents,
    // Only a record found back in its target carries its tombstone into the plan.
    tombstone: reappearedAt === null ? null : tombstoneOf(row),
  };
}
