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
   * audit entry: all or nothing, so a file that fails half-way changes nothing.
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
