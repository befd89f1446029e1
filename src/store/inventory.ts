/**
 * The records the organisation holds, as the last inventory import listed them, and what the
 * store knows about the deleted ones (tombstones). The planner reads facts from here.
 */
import type { HoldScope, InventoryRecord, RecordFacts, Tombstone } from '../engine/types.js';
import type { AuditContext } from './audit-context.js';

export type ImportSource = readonly InventoryRecord[] | AsyncIterable<readonly InventoryRecord[]>;

export interface ImportOptions {
  /** The inventory file; only a hash of its base name reaches the log. */
  file?: string;
  /**
   * What the import lists whole, for reconciliation: by default every record of the store; a
   * target (`inventory scan`, `import --from`) lists only the records located in that target,
   * and records elsewhere are not "no longer listed" because it leaves them out.
   */
  scope?: { target: string };
}

/** Every record of an import call lands in exactly one of these counts. */
export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /**
   * Records the store had deleted that the file still lists: left deleted (not due, never
   * deleted twice) — the inventory export is what needs checking. Only a record found back in
   * its target is due again (markReappeared).
   */
  listedAfterDeletion: number;
  /**
   * Not a count of records: event dates the store had for a record that this import no longer
   * lists, or lists changed — kept in the event history (source `import`), never lost.
   */
  eventDatesKept: number;
  /** Records a person forgot (`inventory forget`) that the file still lists: they stay closed. */
  listedAfterForget: number;
  /**
   * Not a count of this file's records: the live records of the import's scope that it does
   * not list (after it). They are not deleted and not decided until listed again or forgotten.
   */
  noLongerListed: number;
}

/** A live record that the latest import of its scope no longer listed: were they deleted elsewhere? */
export interface NoLongerListed {
  id: string;
  subject: string | null;
  category: string;
  /** When the first import that left it out ran (UTC timestamp). */
  since: string;
}

/** What `inventory forget` closed. */
export interface ForgottenRecord {
  id: string;
  subject: string | null;
  category: string;
  /** When an import first left it out (a forgotten record always was; null only in entries of older versions). */
  noLongerListedSince: string | null;
}

export interface ListedAfterDeletion {
  id: string;
  deletedAt: string;
  listedAt: string;
}

export interface TombstoneLocation {
  id: string;
  location: string | null;
  /** What its target took at deletion to tell it from another item put there later; null when none (older runs, paper). */
  fingerprint: string | null;
}

/** A deleted record found back in its target. */
export interface FoundBack {
  id: string;
  /** The target it was found in (logged in the `reappeared` entry). */
  target: string;
}

export interface Inventory {
  /**
   * Upserts one batch, or every batch of a stream, in ONE transaction with one `import`
   * audit entry: all or nothing, so a file that fails half-way changes nothing. An event date
   * an updated record loses (dropped or changed in the file) is kept in the event history,
   * with an `event` entry each (counted in `eventDatesKept`).
   */
  importRecords(records: ImportSource, by: AuditContext, options?: ImportOptions): Promise<ImportCounts>;
  /** Every live or reappeared record with its own and its subject's recorded events, ordered by id, in batches. */
  streamFacts(batchSize?: number): AsyncIterable<RecordFacts[]>;
  /** Records not deleted, plus deleted ones that reappeared. */
  liveRecordCount(): Promise<number>;
  /** A live or reappeared record's facts; null when unknown or deleted (see getTombstone). */
  getFacts(id: string): Promise<RecordFacts | null>;
  /** The tombstone of a deleted record (also when it reappeared); null when never deleted. */
  getTombstone(id: string): Promise<Tombstone | null>;
  /** Deleted records that have not come back, with their locations, in id order, in batches. */
  tombstones(batchSize?: number): AsyncIterable<TombstoneLocation[]>;
  /**
   * Deleted records (not come back) with their last known facts and tombstone, as a plan shows
   * them once found back in their targets; unknown and live ids are left out. Changes nothing.
   */
  deletedFacts(ids: readonly string[]): Promise<RecordFacts[]>;
  /** Live records that the latest import of their scope no longer listed, not yet explained, by id. */
  noLongerListed(): Promise<NoLongerListed[]>;
  /**
   * Closes a live record gone without a deletion (`inventory forget`): one `forget` entry (the
   * person is its actor; `reason` stays in the store, out of the log). A forgotten record is
   * never decided or deleted again. Refused for an unknown, deleted or already forgotten record,
   * and (`record.forget-refused`) for one the latest import still lists, one held, or one with an
   * open deletion intent (on the destruction worklist, or left by a crashed run).
   */
  forgetRecord(id: string, reason: string, by: AuditContext): Promise<ForgottenRecord>;
  /** Deleted records that the latest import listed again (not due: the inventory export needs checking), by id. */
  listedAfterDeletion(): Promise<ListedAfterDeletion[]>;
  /**
   * Deleted records found again in their target: live again (due, "reappeared"), one
   * `reappeared` entry each; a record already live again is left as it is, without an entry.
   */
  markReappeared(items: readonly FoundBack[], by: AuditContext): Promise<void>;
  /** Live records a hold on (scope, ref) would apply to now (its `until` aside). */
  countRecordsInScope(scope: HoldScope, ref: string): Promise<number>;
}
