/**
 * The entries of runs and of the deletion journal (DESIGN §6), as every kind of store writes
 * them: what a store does in its transaction is its own; what the entries say is decided here.
 */
import { hashLocation, type AuditDraft } from '../../audit-entry.js';
import { RetentionError } from '../../errors.js';
import { auditColumns, type AuditContext, type InRun } from '../audit-context.js';
import type { ConfirmationInput, IntentInput, OutcomeInput, RunStart, RunStatus, RunSummary } from '../run-journal.js';

/** The record columns an entry about the record names. */
export interface RecordHead {
  subject: string | null;
  category: string;
  deleted_at: string | null;
  reappeared_at: string | null;
  forgotten_at: string | null;
}

/** The columns of a RecordHead, for every dialect's select. */
export const RECORD_HEAD_COLUMNS = 'subject, category, deleted_at, reappeared_at, forgotten_at';

/** An intent without an outcome yet. */
export interface OpenIntent {
  run: string;
  intent_seq: number;
}

export function runStartDraft(run: RunStart, by: InRun): AuditDraft {
  return {
    actor: by.actor,
    action: 'run-start',
    run: by.run,
    policySha256: by.policySha256 ?? null,
    detail: { kind: run.kind, ...run.detail },
  };
}

/** `run-end` under the run's own actor and policy, as `run-start` named them. */
export function runEndDraft(
  run: string,
  started: { actor: string; policy_sha256: string | null },
  status: RunStatus,
  summary: RunSummary,
): AuditDraft {
  return { actor: started.actor, action: 'run-end', run, policySha256: started.policy_sha256, detail: { status, summary } };
}

export function runNeverStarted(run: string): Error {
  return new Error(`run ${run} was never started (this is a bug)`);
}

/** A second intent for a record whose first has no outcome: the caller should have settled it. */
export function unsettledIntentBug(record: string, open: OpenIntent): Error {
  return new Error(`record ${record} has an unsettled intent from run ${open.run}; settle it first (this is a bug)`);
}

/** The location enters the log only as a hash (DESIGN §7). */
export function refHashOf(item: IntentInput): string | null {
  return item.record.location === null ? null : hashLocation(item.record.location);
}

export function intentDraft(item: IntentInput, refSha256: string | null, by: InRun): AuditDraft {
  return {
    ...auditColumns(by),
    action: 'intent',
    record: item.record.id,
    subject: item.record.subject,
    category: item.record.category,
    rule: item.rule,
    detail: { ...item.detail, target: item.target, location: refSha256 },
  };
}

/** A `deleted` / `failed` entry, linked to its intent's seq. */
export function outcomeDraft(item: OutcomeInput, record: RecordHead | undefined, intent: OpenIntent | undefined, by: InRun): AuditDraft {
  return {
    ...auditColumns(by),
    action: item.outcome,
    record: item.recordId,
    subject: record?.subject ?? null,
    category: record?.category ?? null,
    rule: item.rule,
    detail: { ...item.detail, intentSeq: intent?.intent_seq ?? null },
  };
}

/** The record whose destruction a person confirms; an unknown record, or one destroyed already, is a usage error. */
export function confirmableRecord(recordId: string, record: RecordHead | undefined): RecordHead {
  if (!record) throw new RetentionError('record.not-found', `no record "${recordId}" in the store`);
  if (record.deleted_at !== null && record.reappeared_at === null) {
    throw new RetentionError('record.already-destroyed', `record ${recordId} was already recorded as destroyed on ${record.deleted_at}`);
  }
  if (record.forgotten_at !== null) {
    throw new RetentionError(
      'record.already-forgotten',
      `record ${recordId} was forgotten on ${record.forgotten_at} (inventory forget): it is not destroyed by retention`,
    );
  }
  return record;
}

/**
 * The `confirm` entry: in the confirming run, else in the run of the record's open intent. The
 * method is one of a closed list (config `destructionMethods`), so it is logged; the person is
 * the entry's actor; a free note may name people and stays out of the log.
 */
export function confirmationDraft(
  input: ConfirmationInput,
  record: RecordHead,
  intent: OpenIntent | undefined,
  by: AuditContext,
): AuditDraft {
  return {
    ...auditColumns(by),
    action: 'confirm',
    run: confirmationRun(intent, by),
    record: input.recordId,
    subject: record.subject,
    category: record.category,
    rule: input.rule ?? null,
    detail: { method: input.method, intentSeq: intent?.intent_seq ?? null },
  };
}

export function confirmationRun(intent: OpenIntent | undefined, by: AuditContext): string | null {
  return by.run ?? intent?.run ?? null;
}
