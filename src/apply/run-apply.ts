/**
 * One `apply` run, start to end: lock → run-start → settle interrupted runs → look for deleted
 * records back in their targets → plan from the store as it is NOW (holds and events re-read)
 * → select → pre-flight of the targets → safety limits → confirm → journaled deletions →
 * run-end → unlock. Nothing is deleted before every target the run touches has passed its
 * check and the whole plan has passed the limits; once deleting has begun, nothing that goes
 * wrong throws the report of what was done away.
 */
import { randomBytes } from 'node:crypto';
import { RetentionError } from '../errors.js';
import { asError, errnoCode } from '../error-details.js';
import type { CompiledPolicy } from '../engine/types.js';
import type { AuditDraft, InRun, RunJournal, RunLockHandle, RunStatus, RunSummary, Store } from '../store/types.js';
import { acquireRunLock } from './lock.js';
import { checkLimits, type SafetyLimits } from './limits.js';
import { emptyReport, executeDeletions, type Deletion, type ExecutionReport } from './execute.js';
import { recordCompletedErasures } from './erasure-completion.js';
import { selectDeletions, type Selection, type SelectionRules } from './select.js';
import { settleInterruptedRuns } from './settle.js';
import { findReappeared } from './reappeared.js';
import type { TargetSet } from './target-set.js';
import type { PassCrashPoint } from './crash-points.js';

export interface ApplyOptions {
  store: Store;
  policy: CompiledPolicy;
  policySha256: string;
  targets: TargetSet;
  actor: string;
  asOf: string;
  /** Today from the clock, in the policy's timezone: a record is carried out only when due as of today too (due-today.ts). */
  today: string;
  limits: SafetyLimits;
  /** What this run may delete: automatic rules and/or approved plans. */
  carryOut: SelectionRules;
  batchSize: number;
  now: () => Date;
  shouldStop: () => boolean;
  /** Asked once the plan has passed the limits (a person at a terminal); false = stop, nothing deleted. */
  confirm: (selected: readonly Deletion[]) => Promise<boolean>;
  onProgress?: (done: number, total: number) => void;
  /** Entries that open the run right after its `run-start`, before it settles, selects or deletes anything (`policy-changed`). */
  openingEntries?: (by: InRun) => AuditDraft[];
  /** For the crash tests: see crash-points.ts. */
  crashPoint?: PassCrashPoint;
}

export interface ApplyResult {
  run: string;
  settled: { settled: number; stillPresent: number };
  /** Deleted records found back in their targets this run (now due again). */
  reappeared: number;
  /** Deleted records whose location holds a different item now (another record's): reported, never deleted as theirs. */
  differentItemAt: string[];
  /** Records this run set out to delete. */
  selected: number;
  awaitingApproval: number;
  notCarriedOut: Selection['notCarriedOut'];
  changedSincePlan: Selection['changedSincePlan'];
  notDueToday: Selection['notDueToday'];
  /** Records taken off the manual destruction worklist this run (held, or no longer due): a person must hear of them. */
  withdrawnFromWorklist: Selection['withdrawnFromWorklist'];
  erasuresCompleted: number;
  declined: boolean;
  report: ExecutionReport;
  /**
   * What went wrong after deleting began (the report says what was done before it), or in
   * closing the run; null when nothing did. Errors before deleting began are thrown instead.
   */
  error: Error | null;
}

export function newRunId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function runApply(options: ApplyOptions): Promise<ApplyResult> {
  const { store, actor, policySha256 } = options;
  const run = newRunId(options.now());
  const by: InRun = { actor, run, policySha256 };
  const lock = await acquireRunLock(store, run, { targets: options.targets.names() });
  let result: ApplyResult = {
    run,
    settled: { settled: 0, stillPresent: 0 },
    reappeared: 0,
    differentItemAt: [],
    selected: 0,
    awaitingApproval: 0,
    notCarriedOut: [],
    changedSincePlan: [],
    notDueToday: [],
    withdrawnFromWorklist: [],
    erasuresCompleted: 0,
    declined: false,
    report: emptyReport(),
    error: null,
  };
  let selection: Selection;
  let declined: boolean;
  try {
    await store.startRun(
      { kind: 'apply', detail: { asOf: options.asOf, ...(lock.tookOverFrom ? { staleLockFrom: lock.tookOverFrom.run } : {}) } },
      by,
    );
    const opening = options.openingEntries?.(by) ?? [];
    if (opening.length > 0) await store.appendAudit(opening);
    const settled = await settleInterruptedRuns({ store, targets: options.targets, by });
    const { reappeared, differentItemAt } = await findReappeared(store, options.targets, by);
    selection = await selectDeletions(
      store,
      options.policy,
      { asOf: options.asOf, today: options.today },
      { ...options.carryOut, owns: (location) => options.targets.owns(location) },
    );
    await withdrawFromWorklist(store, selection.withdrawnFromWorklist, by);
    result = {
      ...result,
      settled,
      reappeared,
      differentItemAt,
      selected: selection.selected.length,
      awaitingApproval: selection.awaitingApproval,
      notCarriedOut: selection.notCarriedOut,
      changedSincePlan: selection.changedSincePlan,
      notDueToday: selection.notDueToday,
      withdrawnFromWorklist: selection.withdrawnFromWorklist,
    };
    await options.targets.preflight(selection.selected.map((s) => s.record.location));
    checkLimits(selection.selected.length, await store.liveRecordCount(), options.limits);
    declined = selection.selected.length > 0 && !(await options.confirm(selection.selected));
  } catch (error) {
    // Nothing has been deleted: the error is the answer (exit 2, 3…). The run is closed on a
    // best-effort basis: if the store itself is failing, the first error says more.
    await closeRun(store, lock, run, error instanceof RetentionError ? 'refused' : 'crashed', result).catch(() => undefined);
    throw error;
  }
  if (declined) {
    await closeRun(store, lock, run, 'declined', result);
    return { ...result, declined };
  }
  return { ...result, ...(await carryOut(selection, options, lock, by, result)) };
}

/**
 * Deletes the selection and closes the run. From the first intent journaled on, an error
 * becomes `error` in the result, beside the counts of what was done before it; an error before
 * that is thrown, as before the run began deleting.
 */
async function carryOut(
  selection: Selection,
  options: ApplyOptions,
  lock: RunLockHandle,
  by: InRun,
  started: ApplyResult,
): Promise<Pick<ApplyResult, 'report' | 'erasuresCompleted' | 'error'>> {
  const { store } = options;
  const report = await executeDeletions(selection.selected, {
    store,
    targets: options.targets,
    by,
    runDeletes: new Map(selection.selected.map((d) => [d.record.id, d.record.location])),
    policy: options.policy,
    dates: { asOf: options.asOf, today: options.today },
    batchSize: options.batchSize,
    shouldStop: options.shouldStop,
    onBatchDone: (done) => options.onProgress?.(done, selection.selected.length),
    crashPoint: options.crashPoint,
  });
  if (report.error && nothingTouched(report)) {
    // The first batch's intents never reached the store (a full disk, say): nothing was
    // touched, so this is a refusal like a failed pre-flight (exit 2), not a half-done run.
    await closeRun(store, lock, by.run, report.error instanceof RetentionError ? 'refused' : 'crashed', started).catch(() => undefined);
    throw report.error;
  }
  let error = report.error;
  let erasuresCompleted = 0;
  try {
    erasuresCompleted = await recordCompletedErasures(store, selection.erasureRequests, report.deletedIds, by);
  } catch (failure) {
    error ??= asError(failure);
  }
  const status: RunStatus = error ? 'aborted' : report.notReached > 0 ? 'stopped' : report.failed.length > 0 ? 'failures' : 'done';
  try {
    await closeRun(store, lock, by.run, status, { ...started, report, erasuresCompleted, error });
  } catch (failure) {
    error ??= asError(failure);
  }
  return { report, erasuresCompleted, error };
}

/** No record was journaled, deleted, failed or put on the worklist. */
function nothingTouched(report: ExecutionReport): boolean {
  return (
    report.deleted +
      report.alreadyAbsent +
      report.failed.length +
      report.worklist.length +
      report.interrupted +
      report.changedDuringRun.length ===
    0
  );
}

/** The `run-end` entry (counts only, no names) and the lock given back. */
async function closeRun(store: RunJournal, lock: RunLockHandle, run: string, status: RunStatus, result: ApplyResult): Promise<void> {
  try {
    await store.endRun(run, status, runSummary(result));
  } finally {
    await lock.release();
  }
}

function runSummary(result: ApplyResult): RunSummary {
  const r = result.report;
  return {
    selected: result.selected,
    deleted: r.deleted,
    alreadyAbsent: r.alreadyAbsent,
    failed: r.failed.length,
    worklist: r.worklist.length,
    notReached: r.notReached,
    settled: result.settled.settled,
    reappeared: result.reappeared,
    awaitingApproval: result.awaitingApproval,
    notCarriedOut: result.notCarriedOut.length,
    changedSincePlan: result.changedSincePlan.length,
    notDueToday: result.notDueToday.length,
    withdrawnFromWorklist: result.withdrawnFromWorklist.length,
    erasuresCompleted: result.erasuresCompleted,
    heldDuringRun: r.changedDuringRun.filter((c) => c.status === 'held').length,
    notDueDuringRun: r.changedDuringRun.filter((c) => c.status !== 'held').length,
    interrupted: r.interrupted,
    // The message may hold a path; the log keeps only what kind of error stopped the run.
    error: result.error ? errorKind(result.error) : null,
  };
}

function errorKind(error: Error): string {
  // A RetentionError's code (`store.full`) or the system's (`ENOSPC`); else the class of the error.
  return errnoCode(error) ?? error.name;
}

/**
 * A record put on the manual destruction worklist that is held (or otherwise not due) now must
 * not be destroyed: its open intent is closed as `failed`, so `confirm` refuses it and the
 * worklist no longer shows it. If it becomes due again, the next run lists it afresh.
 */
async function withdrawFromWorklist(store: RunJournal, withdrawn: Selection['withdrawnFromWorklist'], by: InRun): Promise<void> {
  if (withdrawn.length === 0) return;
  await store.recordOutcomes(
    withdrawn.map((w) => ({
      recordId: w.id,
      outcome: 'failed' as const,
      rule: w.rule,
      detail: { error: `withdrawn from the destruction worklist: the record is ${w.status} now` },
    })),
    by,
  );
}
