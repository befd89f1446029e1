/**
 * The store's contract (DESIGN §2): asynchronous and batch-oriented so that a PostgreSQL
 * store can sit behind the same interface. The SQLite store is the only one so far.
 * Every write that changes state also appends its audit entries in the same transaction.
 */
import type { AuditDetail, AuditDraft, AuditEntry } from '../audit/entry.js';
import type { Hold, HoldScope, InventoryRecord, RecordFacts, Tombstone } from '../engine/types.js';

export type { AuditDraft, AuditEntry };

export interface OpenStoreOptions {
  /** The clock for audit timestamps and row times; tests inject one. Default: `new Date()`. */
  now?: () => Date;
  /** Create the file when missing (default true); false makes a missing store a usage error. */
  create?: boolean;
}

export interface ImportAudit {
  actor: string;
  policySha256?: string | null;
  /** The inventory file; only a hash of its base name reaches the log. */
  file?: string;
}

export type ImportSource = readonly InventoryRecord[] | AsyncIterable<readonly InventoryRecord[]>;

/** Every record of an import call lands in exactly one of these counts. */
export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records the store had deleted (tombstoned) and that are listed again. */
  reappeared: number;
}

export interface EventInput {
  scope: 'record' | 'subject';
  /** Record id or subject id. */
  ref: string;
  event: string;
  date: string;
}

export interface HoldInput {
  scope: HoldScope;
  ref: string;
  reason: string;
  until: string | null;
}

export interface HoldRow extends Hold {
  createdAt: string;
  createdBy: string;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

export interface LeaseHolder {
  run: string;
  pid: number;
  host: string;
  acquiredAt: string;
}

export type LeaseResult =
  | { acquired: true; tookOverFrom: LeaseHolder | null }
  | { acquired: false; holder: LeaseHolder };

export interface RunStart {
  id: string;
  kind: string;
  actor: string;
  policySha256: string | null;
  /** Extra facts for the `run-start` entry, e.g. a stale lease taken over. */
  detail?: AuditDetail;
}

export type RunSummary = Record<string, string | number | boolean | null>;

export interface IntentInput {
  run: string;
  record: InventoryRecord;
  rule: string | null;
  /** Target name, e.g. `casefiles`. */
  target: string;
  policySha256: string | null;
  actor: string;
}

export interface OutcomeInput {
  run: string;
  recordId: string;
  outcome: 'deleted' | 'failed';
  rule: string | null;
  policySha256: string | null;
  actor: string;
  /** No paths or names here: target name, error code, `already-absent`… */
  detail: AuditDetail | null;
}

/** An intent journalled before a record was touched, with no outcome yet (a crashed run). */
export interface UnsettledIntent {
  record: string;
  run: string;
  intentSeq: number;
  target: string;
  refSha256: string | null;
  /** The record's location from the inventory, to check the target with. */
  location: string | null;
}

export interface ConfirmationInput {
  recordId: string;
  /** The person who destroyed the record; becomes the audit actor. */
  by: string;
  /** How, e.g. "cross-cut shredder". */
  method: string;
  run?: string | null;
  rule?: string | null;
}

export interface AuditFilter {
  record?: string;
  subject?: string;
  run?: string;
  /** ISO date or timestamp; entries at or after it. */
  since?: string;
  action?: string;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface SavedPlanInput {
  sha256: string;
  asOf: string;
  policySha256: string | null;
  validUntil: string | null;
  /** The plan file's parsed JSON. */
  body: unknown;
}

export interface SavedPlan extends SavedPlanInput {
  createdAt: string;
  storeId: string;
}

export interface PlanApproval {
  planSha256: string;
  approvedBy: string;
  approvedAt: string;
  note: string | null;
}

export interface Store {
  storeId(): Promise<string>;

  /**
   * Upserts one batch, or every batch of a stream, in ONE transaction with one `import`
   * audit entry: all or nothing, so a file that fails half-way changes nothing.
   */
  importRecords(records: ImportSource, audit: ImportAudit): Promise<ImportCounts>;
  /** Records not deleted, plus deleted ones that reappeared. */
  liveRecordCount(): Promise<number>;
  /** Every live or reappeared record with its subject's events, ordered by id, in batches. */
  streamFacts(batchSize?: number): AsyncIterable<RecordFacts[]>;
  /** A live or reappeared record's facts; null when unknown or deleted (see getTombstone). */
  getFacts(id: string): Promise<RecordFacts | null>;
  /** The tombstone of a deleted record (also when it reappeared); null when never deleted. */
  getTombstone(id: string): Promise<Tombstone | null>;
  /** Deleted records that have not come back, with their locations, in batches. */
  tombstones(batchSize?: number): AsyncIterable<{ id: string; location: string | null }[]>;
  /** Deleted records found again in their target: live again (due, "reappeared"), one `reappeared` entry each. */
  markReappeared(items: readonly { id: string; target: string }[], audit: { actor: string; run: string | null }): Promise<void>;

  addEvent(event: EventInput, audit: { actor: string }): Promise<void>;

  addHold(hold: HoldInput, actor: string): Promise<Hold>;
  releaseHold(id: string, reason: string, actor: string): Promise<Hold>;
  listHolds(options?: { includeReleased?: boolean }): Promise<HoldRow[]>;
  /** Holds not released; whether `until` has passed is the engine's call, with the as-of date. */
  activeHolds(): Promise<Hold[]>;

  acquireLease(lease: { run: string; pid: number; host: string }, isAlive: (pid: number) => boolean): Promise<LeaseResult>;
  releaseLease(run: string): Promise<void>;
  startRun(run: RunStart): Promise<void>;
  endRun(id: string, status: string, summary: RunSummary): Promise<void>;

  recordIntents(items: IntentInput[]): Promise<void>;
  recordOutcomes(items: OutcomeInput[]): Promise<void>;
  unsettledIntents(): Promise<UnsettledIntent[]>;
  recordConfirmation(confirmation: ConfirmationInput): Promise<void>;

  appendAudit(drafts: AuditDraft[]): Promise<AuditEntry[]>;
  /**
   * Logs a policy version's warnings as a `policy-warnings` entry, unless that version already
   * has one (checked and written in one transaction); true when it was appended.
   */
  appendPolicyWarnings(entry: { actor: string; run: string | null; policySha256: string; detail: AuditDetail }): Promise<boolean>;
  auditEntries(filter?: AuditFilter): AsyncIterable<AuditEntry>;
  auditHead(): Promise<AuditHead | null>;
  /** SQLite's own consistency check; [] when sound. */
  integrityCheck(): Promise<string[]>;

  savePlan(plan: SavedPlanInput): Promise<void>;
  getPlan(sha256: string): Promise<SavedPlan | null>;
  approvePlan(approval: { planSha256: string; approvedBy: string; note?: string | null }): Promise<PlanApproval>;
  /** Saved plans with at least one approval, oldest first. */
  approvedPlans(): Promise<{ plan: SavedPlan; approvals: PlanApproval[] }[]>;

  close(): Promise<void>;
}
