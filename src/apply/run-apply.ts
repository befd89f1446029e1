/**
 * One `apply` run, start to end: lock → run-start → settle interrupted runs → plan from the
 * store as it is NOW (holds and events re-read) → select → safety limits → confirm → journaled
 * deletions → run-end → unlock. Nothing is deleted before the whole plan has passed the limits.
 */
import { randomBytes } from 'node:crypto';
import type { CompiledPolicy, RecordFacts } from '../engine/types.js';
import { HoldIndex } from '../plan/hold-index.js';
import { runPlan } from '../plan/planner.js';
import type { Store } from '../store/types.js';
import { acquireRunLock } from './lock.js';
import { checkLimits, type SafetyLimits } from './limits.js';
import { executeDeletions, type Deletion, type ExecutionReport } from './execute.js';
import { settleInterruptedRuns } from './settle.js';
import type { TargetSet } from './target-set.js';

export interface ApplyOptions {
  store: Store;
  policy: CompiledPolicy;
  policySha256: string;
  targets: TargetSet;
  actor: string;
  asOf: string;
  limits: SafetyLimits;
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
  /** Due records by approval: deleted now, or waiting for a person's approval. */
  selected: number;
  awaitingApproval: number;
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
  const empty: ExecutionReport = { deleted: 0, alreadyAbsent: 0, failed: [], worklist: [], notReached: 0 };
  let result: ApplyResult = { run, settled: { settled: 0, stillPresent: 0 }, selected: 0, awaitingApproval: 0, declined: false, report: empty };
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
    const { selected, awaitingApproval } = await selectDeletions(options);
    result = { ...result, settled, selected: selected.length, awaitingApproval };
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
    result = { ...result, report };
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
      awaitingApproval: result.awaitingApproval,
    });
    await store.releaseLease(run);
  }
}

/** The due records this run may delete: those whose rule says `approval: automatic`. */
async function selectDeletions(options: ApplyOptions): Promise<{ selected: Deletion[]; awaitingApproval: number }> {
  const { store, policy, asOf } = options;
  const holds = new HoldIndex(await store.activeHolds());
  const selected: Deletion[] = [];
  let awaitingApproval = 0;
  await runPlan(policy, store.streamFacts(), holds, { asOf, horizonEnd: asOf }, (decisions, facts: RecordFacts[]) => {
    decisions.forEach((decision, i) => {
      if (decision.status !== 'due') return;
      if (decision.approval === 'automatic') selected.push({ decision, record: facts[i]!.record });
      else awaitingApproval += 1;
    });
  });
  return { selected, awaitingApproval };
}
