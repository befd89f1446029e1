/**
 * Runs and the deletion journal (DESIGN §6): a run is opened and closed with `run-start` and
 * `run-end` entries; inside it, an `intent` entry is committed before a record is touched and a
 * `deleted` or `failed` entry after. An intent without an outcome is what a crashed run left
 * open: the next run settles it, and a person's `confirm` settles one on a manual target.
 */
import type { AuditDetail } from '../audit-entry.js';
import type { Hold, InventoryRecord, RecordFacts } from '../engine/types.js';
import type { AuditContext, InRun } from './audit-context.js';

/** The kinds of run there are. */
export type RunKind = 'apply';

/**
 * How a run ended: `done` (everything selected was dealt with), `failures` (some records
 * failed), `stopped` (a signal stopped it between batches), `aborted` (an error stopped it after
 * deleting began), `declined` (the person at the terminal said no), `refused` (a check refused
 * it before anything was deleted), `crashed` (a bug before anything was deleted).
 */
export type RunStatus = 'done' | 'failures' | 'stopped' | 'aborted' | 'declined' | 'refused' | 'crashed';

export interface RunStart {
  kind: RunKind;
  /** Extra facts for the `run-start` entry, e.g. a stale lock taken over. */
  detail?: AuditDetail;
}

/** Counts (never names) for the `run-end` entry. */
export type RunSummary = Record<string, string | number | boolean | null>;

/** What a journaled deletion did to a record. */
export type Outcome = 'deleted' | 'failed';

export interface IntentInput {
  record: InventoryRecord;
  rule: string | null;
  /** Target name, e.g. `casefiles`. */
  target: string;
  /**
   * What allows the deletion (`approval`, `plan`), added to the intent entry's detail: a
   * manual target's intent is the only entry of the run about it, and the person's later
   * `confirm` is certified under it. No paths or names.
   */
  detail?: AuditDetail;
}

export interface OutcomeInput {
  recordId: string;
  outcome: Outcome;
  rule: string | null;
  /** No paths or names here: target name, error code, `already-absent`… */
  detail: AuditDetail | null;
  /** For `deleted`: what the target took to tell the item removed from another put there later (kept with the tombstone, not logged); null or absent when none. */
  fingerprint?: string | null;
}

/**
 * What the store holds NOW about the candidates of one batch, read inside the transaction that
 * journals their intents (DESIGN §6: a hold placed during a run wins).
 */
export interface CurrentFacts {
  /** Each candidate's facts by record id; absent when a plan would not decide it now (no longer listed by an import, forgotten, or not live). */
  facts: ReadonlyMap<string, RecordFacts>;
  /** Every hold not released (a few hundred at most; the caller picks the ones that apply). */
  holds: readonly Hold[];
  /**
   * The live records imported (new or changed) since the run started: the selection did not
   * see them, and one may now share a candidate's location (review 2, point 2).
   */
  arrivals: readonly { readonly id: string; readonly location: string | null }[];
}

/**
 * Re-decides a batch from `CurrentFacts` → the ids still to be deleted. Called inside the
 * store's write transaction: it must be synchronous and pure (the engine is).
 */
export type IntentRecheck = (current: CurrentFacts) => ReadonlySet<string>;

/** An intent journalled before a record was touched, with no outcome yet (a crashed run, or a manual target's worklist). */
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
  /** The rule the intent was journaled under (its entry's `rule`): settling logs the outcome under it. */
  rule: string | null;
}

export interface ConfirmationInput {
  recordId: string;
  /** How: one of the config's `destructionMethods`, e.g. "cross-cut shredder" (it is logged). */
  method: string;
  /** Free text beside the confirmation, kept in the store only (it may name people). */
  note?: string | null;
  rule?: string | null;
}

export interface RunJournal {
  /** Opens the run `by.run` with a `run-start` entry. */
  startRun(run: RunStart, by: InRun): Promise<void>;
  /** Closes a run opened with startRun; the `run-end` entry has the run's actor and policy, the status and the summary. */
  endRun(run: string, status: RunStatus, summary: RunSummary): Promise<void>;
  /**
   * Journals one batch's intents in one transaction: an `intent` entry each, with the location
   * only as a hash. With `recheck`, the candidates' facts and the holds are re-read in that same
   * transaction and only the records `recheck` still deletes get an intent. A record whose
   * earlier intent is unsettled is refused (a bug). Returns the items journaled.
   */
  recordIntents(items: readonly IntentInput[], by: InRun, recheck?: IntentRecheck): Promise<IntentInput[]>;
  /**
   * Records one batch's outcomes in one transaction: a `deleted`/`failed` entry each, linked
   * to its intent's seq, the intent settled, and for `deleted` the record's tombstone.
   */
  recordOutcomes(items: readonly OutcomeInput[], by: InRun): Promise<void>;
  /** Intents without an outcome, oldest first. */
  unsettledIntents(): Promise<UnsettledIntent[]>;
  /**
   * A person (`by.actor`) confirms destroying a record the tool cannot reach: `confirm` entry
   * (in `by.run`, else the run of the record's open intent), tombstone and settled intent in
   * one transaction. Refuses an unknown record (`record.not-found`) and one already destroyed
   * (`record.already-destroyed`).
   */
  recordConfirmation(confirmation: ConfirmationInput, by: AuditContext): Promise<void>;
}
