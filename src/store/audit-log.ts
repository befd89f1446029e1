/**
 * The audit log (DESIGN §7): append-only and hash-chained. Every write elsewhere in the store
 * appends its own entries in its own transaction; this is the log itself.
 */
import type { AuditAction, AuditDetail, AuditDraft, AuditEntry, ChainLink } from '../audit-entry.js';
import type { AuditContext } from './audit-context.js';
import type { ProblemCode } from '../problem-codes.js';

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

/**
 * A difference between a table and the log: the holds or approvals table (log-view.ts), whose
 * log's word is acted on; the events table or a record's deleted state (log-view-records.ts),
 * on which apply refuses to run.
 */
export interface LogMismatch {
  code: Extract<ProblemCode, `store.${'hold' | 'approval' | 'event' | 'record'}-${string}`>;
  /** The hold's id, the plan's SHA-256, the event's or record's id, or the entry (`entry 12`). */
  about: string;
  message: string;
}

/** A `deleted`, `confirm`, `reappeared` or `forget` entry (DELETION_ACTIONS): which record, and what became of it. */
export interface DeletionEntry {
  seq: number;
  action: string;
  record: string | null;
}

/** The deletion entries a caller has read from the log already, in seq order: every one from seq 1 up to `upTo` (as the log is read for its chain). */
export interface DeletionsRead {
  upTo: number;
  entries: readonly DeletionEntry[];
}

/** An entry as `audit verify` reads it: its chain link, and what the tables are checked against. */
export type AuditLink = ChainLink & Pick<AuditEntry, 'action' | 'record'>;

export interface AuditLog {
  /** Chains and appends the drafts in one transaction (seq, at, prev and hash filled in); one chain whoever appends. */
  appendAudit(drafts: readonly AuditDraft[]): Promise<AuditEntry[]>;
  /**
   * Logs a policy version's warnings as a `policy-warnings` entry, unless that version already
   * has one (checked and written in one transaction); true when it was appended.
   */
  appendPolicyWarnings(detail: AuditDetail, by: AuditContext & { readonly policySha256: string }): Promise<boolean>;
  /** The entries that match every given filter, in seq order, read lazily (the caller may write meanwhile). */
  auditEntries(filter?: AuditFilter): AsyncIterable<AuditEntry>;
  /**
   * The whole log in seq order as `audit verify` checks it, a page of links at a time: each
   * entry's seq, prev and hash, and its content's hash recomputed from the stored row (what
   * hashEntry gives for the entry auditEntries reads back). A row that cannot be read back
   * fails as auditEntries would, after the links before it.
   */
  auditLinks(): AsyncIterable<readonly AuditLink[]>;
  /** The last entry's seq and hash; null when the log is empty. */
  auditHead(): Promise<AuditHead | null>;
  /** The store's own consistency check, and the log's append-only guards; [] when sound. */
  integrityCheck(): Promise<string[]>;
  /**
   * What the role connected to the store could do to the log that it should not (change or
   * empty it, switch its guards off): warnings, not damage. [] for a store without roles (SQLite).
   */
  roleWarnings(): Promise<string[]>;
  /**
   * The holds and approvals tables checked against the log's `hold`, `hold-release` and
   * `approve` entries (log-view.ts compareWithLog), and the events table and the records'
   * deleted state against the `event`, `event-remove`, `deleted`, `confirm` and `reappeared`
   * entries (log-view-records.ts compareRecordsWithLog): [] when they agree. With `read`, the
   * deletion entries up to `read.upTo` are those (audit verify has just read the whole log)
   * and only the later ones are read, with the tables.
   */
  tablesAgainstLog(read?: DeletionsRead): Promise<LogMismatch[]>;
}
