/**
 * One `apply` run, start to end: lock → run-start → settle interrupted runs → look for deleted
 * records back in their targets → plan from the store as it is NOW (holds and events re-read)
 * → select → safety limits → confirm → journaled deletions → run-end → unlock. Nothing is
 * deleted before the whole plan has passed the limits.
 */
import { randomBytes } from 'node:crypto';
import type { CompiledPolicy } from '../engine/types.js';
import type { Store } from '../store/types.js';
import { acquireRunLock } from './lock.js';
import { checkLimits, type SafetyLimits } from './limits.js';
import { emptyReport, executeDeletions, type Deletion, type ExecutionReport } from './execute.js';
import { recordCompletedErasures } from './erasure-completion.js';
import { selectDeletions, type Selection, type SelectionRules } from './select.js';
import { settleInterruptedRuns } from './settle.js';
import { findReappeared } from './reappeared.js';
import type { TargetSet } from './target-set.js';

export interface ApplyOptions {
  store: Store;
  policy: CompiledPolicy;
  policySha256: string;
  targets: TargetSet;
  actor: string;
  asOf: string;
  limits: SafetyLimits;
  /** What this run may delete: automatic rules and/or approved plans. */
  carryOut: SelectionRules;
  batchSize: number;
  now: () => Date;
  shouldStop: () => boolean;
  /** Asked once the plan has passed the limits (a person at a terminal); false = stop, nothing deleted. */
  confirm: (selected: readonly Deletion[]) => Promise<boolean>;
  onProgress?: (done: number, total: number) => void;
}

export interface ApplyResult {
  run: string;
  settled: { settled: number; stillPresent: number };
  /** Deleted records found back in their targets this run (now due again). */
  reappeared: number;
  /** Records this run set out to delete. */
  selected: number;
  awaitingApproval: number;
  notCarriedOut: Selection['notCarriedOut'];
  erasuresCompleted: number;
  declined: boolean;
  report: ExecutionReport;
}

export function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function runApply(options: ApplyOptions): Promise<ApplyResult> {
  const { store, actor, policySha256 } = options;
  const run = newRunId(options.now());
  const tookOver = await acquireRunLock(store, run);
  let result: ApplyResult = {
    run,
    settled: { settled: 0, stillPresent: 0 },
    reappeared: 0,
    selected: 0,
    awaitingApproval: 0,
    notCarriedOut: [],
    erasuresCompleted: 0,
    declined: false,
    report: emptyReport(),
  };
  let status = 'crashed';
  try {
    await store.startRun({
      id: run,
      kind: 'apply',
      actor,
      policySha256,
      detail: { asOf: options.asOf, ...(tookOver ? { staleLockFrom: tookOver.run } : {}) },
    });
    const settled = await settleInterruptedRuns({ store, targets: options.targets, run, actor, policySha256 });
    const reappeared = await findReappeared(store, options.targets, { actor, run });
    const selection = await selectDeletions(store, options.policy, options.asOf, options.carryOut);
    const { selected } = selection;
    await withdrawFromWorklist(store, selection.withdrawnFromWorklist, { run, actor, policySha256 });
    result = { ...result, settled, reappeared, selected: selected.length, awaitingApproval: selection.awaitingApproval, notCarriedOut: selection.notCarriedOut };
    try {
      checkLimits(selected.length, await store.liveRecordCount(), options.limits);
    } catch (refusal) {
      status = 'refused';
      throw refusal;
    }
    if (selected.length > 0 && !(await options.confirm(selected))) {
      status = 'declined';
      return { ...result, declined: true };
    }
    const report = await executeDeletions(selected, {
      store,
      targets: options.targets,
      run,
      actor,
      policySha256,
      batchSize: options.batchSize,
      shouldStop: options.shouldStop,
      onBatchDone: (done) => options.onProgress?.(done, selected.length),
    });
    status = report.notReached > 0 ? 'stopped' : report.failed.length > 0 ? 'failures' : 'done';
    const erasuresCompleted = await recordCompletedErasures(store, selection.erasureRequests, report.deletedIds, { actor, run, policySha256 });
    result = { ...result, report, erasuresCompleted };
    return result;
  } finally {
    const r = result.report;
    await store.endRun(run, status, {
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
      erasuresCompleted: result.erasuresCompleted,
    });
    await store.releaseLease(run);
  }
}

/**
 * A record put on the manual destruction worklist that is held (or otherwise not due) now must
 * not be destroyed: its open intent is closed as `failed`, so `confirm` refuses it and the
 * worklist no longer shows it. If it becomes due again, the next run lists it afresh.
 */
async function withdrawFromWorklist(
  store: Store,
  withdrawn: Selection['withdrawnFromWorklist'],
  entry: { run: string; actor: string; policySha256: string },
): Promise<void> {
  if (withdrawn.length === 0) return;
  await store.recordOutcomes(
    withdrawn.map((w) => ({
      run: entry.run,
      recordId: w.id,
      outcome: 'failed' as const,
      rule: w.rule,
      policySha256: entry.policySha256,
      actor: entry.actor,
      detail: { error: `withdrawn from the destruction worklist: the record is ${w.status} now` },
    })),
  );
}
