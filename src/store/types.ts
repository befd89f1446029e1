/**
 * The store's contract (DESIGN §2): asynchronous and batch-oriented so that a PostgreSQL
 * store can sit behind the same interface. The SQLite store is the only one so far.
 * Every write that changes state also appends its audit entries in the same transaction.
 */
import type { AuditAction, AuditDetail, AuditDraft, AuditEntry } from '../audit-entry.js';
import type { Hold, HoldScope, InventoryRecord, RecordFacts, Tombstone } from '../engine/types.js';

export type { AuditDraft, AuditEntry };

/** `read`: a read-only connection (the store may be a read-only copy); `write`: read-write, migrated. */
export type StoreAccess = 'read' | 'write';

export interface OpenStoreOptions {
  access: StoreAccess;
  /** The clock for audit timestamps and row times; tests inject one. Default: `new Date()`. */
  now?: () => Date;
  /** Where to say that the store is open to other users (a command's stderr). */
  onWarning?: (message: string) => void;
}

export interface CreateStoreOptions {
  /** The clock for audit timestamps and row times; tests inject one. Default: `new Date()`. */
  now?: () => Date;
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
  /**
   * Records the store had deleted that the file still lists: left deleted (not due, never
   * deleted twice) — the inventory export is what needs checking. Only a record found back in
   * its target is due again (markReappeared).
   */
  listedAfterDeletion: number;
}

export interface EventInput {
  scope: 'record' | 'subject';
  /** Record id or subject id. */
  ref: string;
  event: string;
  date: string;
}

/** One date in the event history, as `event list` shows it; a removed event stays, marked. */
export interface RecordedEvent extends EventInput {
  /** `E-1`, `E-2`, … */
  id: string;
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

/**
 * What the store holds NOW about the candidates of one batch, read inside the transaction that
 * journals their intents (DESIGN §6: a hold placed during a run wins).
 */
export interface CurrentFacts {
  /** Each candidate's facts by record id; absent when the record is no longer live. */
  facts: ReadonlyMap<string, RecordFacts>;
  /** Every hold not released (a few hundred at most; the caller picks the ones that apply). */
  holds: readonly Hold[];
}

/**
 * Re-decides a batch from `CurrentFacts` → the ids still to be deleted. Called inside the
 * store's write transaction: it must be synchronous and pure (the engine is).
 */
export type IntentRecheck = (current: CurrentFacts) => ReadonlySet<string>;

/** An intent journalled before a record was touched, with no outcome yet (a crashed run). */
export interface UnsettledIntent {
  record: string;
  run: string;
  intentSeq: number;
  target: string;
  refSha256: string | null;
  /** The record's location from the inventory, to check the target with. */
  location: string | null;
  /** When the intent was journaled (its entry's `at`): on a manual target, since when it awaits destruction. */
  since: string;
}

export interface ConfirmationInput {
  recordId: string;
  /** The person who destroyed the record; becomes the audit actor. */
  by: string;
  /** How: one of the config's `destructionMethods`, e.g. "cross-cut shredder" (it is logged). */
  method: string;
  /** Free text beside the confirmation, kept in the store only (it may name people). */
  note?: string | null;
  run?: string | null;
  rule?: string | null;
}

export interface AuditFilter {
  record?: string;
  subject?: string;
  run?: string;
  /** ISO date or timestamp; entries at or after it. */
  since?: string;
  action?: AuditAction;
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

export interface ApprovalResult {
  /** The approval now recorded, or the plan's first approval when it had one already. */
  approval: PlanApproval;
  /** False when the plan was approved before: nothing new was recorded. */
  recorded: boolean;
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
  /**
   * Deleted records (not come back) with their last known facts and tombstone, as a plan shows
   * them once found back in their targets; unknown and live ids are left out. Changes nothing.
   */
  deletedFacts(ids: readonly string[]): Promise<RecordFacts[]>;
  /** Deleted records that a later import listed again (not due: the inventory export needs checking). */
  listedAfterDeletion(): Promise<{ id: string; deletedAt: string; listedAt: string }[]>;
  /** Deleted records found again in their target: live again (due, "reappeared"), one `reappeared` entry each. */
  markReappeared(items: readonly { id: string; target: string }[], audit: { actor: string; run: string | null }): Promise<void>;
  /** Live records a hold on (scope, ref) would apply to now (its `until` aside). */
  countRecordsInScope(scope: HoldScope, ref: string): Promise<number>;

  /** Adds a date to the event history (never replaces one); a record event needs the record in the store. */
  addEvent(event: EventInput, audit: { actor: string }): Promise<RecordedEvent>;
  listEvents(filter?: EventFilter): Promise<RecordedEvent[]>;
  /** Marks an event removed: it no longer counts, and stays in the history. */
  removeEvent(id: string, removal: { actor: string; reason: string }): Promise<RecordedEvent>;

  addHold(hold: HoldInput, actor: string): Promise<Hold>;
  releaseHold(id: string, reason: string, actor: string): Promise<Hold>;
  listHolds(options?: { includeReleased?: boolean }): Promise<HoldRow[]>;
  /** Holds not released; whether `until` has passed is the engine's call, with the as-of date. */
  activeHolds(): Promise<Hold[]>;

  acquireLease(lease: { run: string; pid: number; host: string }, isAlive: (pid: number) => boolean): Promise<LeaseResult>;
  releaseLease(run: string): Promise<void>;
  startRun(run: RunStart): Promise<void>;
  endRun(id: string, status: string, summary: RunSummary): Promise<void>;

  /**
   * Journals one batch's intents in one transaction. With `recheck`, the candidates' facts and
   * the holds are re-read in that same transaction and only the records `recheck` still
   * deletes get an intent. Returns the items journaled.
   */
  recordIntents(items: IntentInput[], recheck?: IntentRecheck): Promise<IntentInput[]>;
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
  /** Approves a saved plan once: approving it again records nothing (see ApprovalResult). */
  approvePlan(approval: { planSha256: string; approvedBy: string; note?: string | null }): Promise<ApprovalResult>;
  /** Saved plans with at least one approval, oldest first. */
  approvedPlans(): Promise<{ plan: SavedPlan; approvals: PlanApproval[] }[]>;

  close(): Promise<void>;
}
