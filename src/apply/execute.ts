/**
 * Carries out deletions with a journal (DESIGN §6): for each batch, the `intent` entries are
 * committed before any record is touched, then the targets delete, then the `deleted` /
 * `failed` entries (and tombstones) are committed. A crash anywhere leaves at most one
 * batch of intents without an outcome, which the next run settles first (settle.ts).
 */
import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import type { Decision, InventoryRecord } from '../engine/types.js';
import type { OutcomeInput, Store } from '../store/types.js';
import type { Target, TargetOutcome } from '../targets/types.js';
import type { TargetSet } from './target-set.js';
import { crashPoint } from './crash-points.js';

export interface Deletion {
  record: InventoryRecord;
  decision: Decision;
  /** SHA-256 of the approved plan that allows this deletion; null when the rule is automatic. */
  plan: string | null;
}

export interface RunContext {
  store: Store;
  targets: TargetSet;
  run: string;
  actor: string;
  policySha256: string;
  batchSize: number;
  /** Polled between batches: SIGINT/SIGTERM stop the run after the current batch. */
  shouldStop: () => boolean;
  onBatchDone?: (done: number) => void;
}

export interface ExecutionReport {
  /** Ids of records now gone (deleted, or found already absent). */
  deletedIds: Set<string>;
  deleted: number;
  alreadyAbsent: number;
  failed: { record: string; error: string }[];
  /**
   * Due records on `manual` targets: their intent is journaled and stays open until a person
   * destroys the record and runs `retention confirm`, which closes it.
   */
  worklist: Deletion[];
  /** Records not reached because the run was stopped. */
  notReached: number;
}

interface Touch {
  item: Deletion;
  target: Target;
  ref: string;
}

export async function executeDeletions(items: readonly Deletion[], ctx: RunContext): Promise<ExecutionReport> {
  const report = emptyReport();
  for (let start = 0; start < items.length; start += ctx.batchSize) {
    // The store and the targets are synchronous underneath: without this turn of the event
    // loop a SIGTERM would not be seen until every batch was done.
    await nextTurnOfEventLoop();
    if (ctx.shouldStop()) {
      report.notReached = items.length - start;
      break;
    }
    await executeBatch(items.slice(start, start + ctx.batchSize), ctx, report);
    ctx.onBatchDone?.(Math.min(start + ctx.batchSize, items.length));
  }
  return report;
}

export function emptyReport(): ExecutionReport {
  return { deletedIds: new Set(), deleted: 0, alreadyAbsent: 0, failed: [], worklist: [], notReached: 0 };
}

async function executeBatch(batch: readonly Deletion[], ctx: RunContext, report: ExecutionReport): Promise<void> {
  const touches: Touch[] = [];
  const manual: Touch[] = [];
  const outcomes: OutcomeInput[] = [];
  for (const item of batch) {
    const resolved = await ctx.targets.resolve(item.record.location);
    if ('problem' in resolved) outcomes.push(outcome(ctx, item, 'failed', { error: `not deleted: ${resolved.problem}` }, report));
    else (resolved.target.type === 'manual' ? manual : touches).push({ item, target: resolved.target, ref: resolved.ref });
  }
  if (touches.length + manual.length > 0) {
    await ctx.store.recordIntents(
      [...touches, ...manual].map(({ item, target }) => ({
        run: ctx.run,
        record: item.record,
        rule: item.decision.rule,
        target: target.name,
        policySha256: ctx.policySha256,
        actor: ctx.actor,
      })),
    );
    for (const m of manual) report.worklist.push(m.item);
    crashPoint('after-intents');
  }
  if (touches.length > 0) {
    const results = await deleteByTarget(touches);
    crashPoint('after-delete');
    touches.forEach((touch, i) => outcomes.push(outcomeOf(ctx, touch, results[i], report)));
  }
  if (outcomes.length > 0) await ctx.store.recordOutcomes(outcomes);
  crashPoint('after-outcomes');
}

/** One deleteBatch call per target, results put back in the batch's order. */
async function deleteByTarget(touches: readonly Touch[]): Promise<(TargetOutcome | undefined)[]> {
  const results: (TargetOutcome | undefined)[] = new Array(touches.length);
  const groups = new Map<Target, number[]>();
  touches.forEach((t, i) => {
    const group = groups.get(t.target);
    if (group) group.push(i);
    else groups.set(t.target, [i]);
  });
  for (const [target, indexes] of groups) {
    const outcomes = await target.deleteBatch(indexes.map((i) => touches[i]!.ref));
    indexes.forEach((index, k) => (results[index] = outcomes[k]));
  }
  return results;
}

function outcomeOf(ctx: RunContext, touch: Touch, result: TargetOutcome | undefined, report: ExecutionReport): OutcomeInput {
  const target = touch.target.name;
  switch (result?.outcome) {
    case 'deleted':
      report.deleted += 1;
      report.deletedIds.add(touch.item.record.id);
      return outcome(ctx, touch.item, 'deleted', { target, result: 'deleted' }, report);
    case 'absent':
      report.alreadyAbsent += 1;
      report.deletedIds.add(touch.item.record.id);
      return outcome(ctx, touch.item, 'deleted', { target, result: 'already absent' }, report);
    case 'failed':
      return outcome(ctx, touch.item, 'failed', { target, error: result.error }, report);
    default:
      // A target that answers nothing (or "manual" after an intent) has not deleted anything we know of.
      return outcome(ctx, touch.item, 'failed', { target, error: 'target gave no outcome' }, report);
  }
}

function outcome(
  ctx: RunContext,
  item: Deletion,
  kind: 'deleted' | 'failed',
  detail: Record<string, string>,
  report: ExecutionReport,
): OutcomeInput {
  if (kind === 'failed') report.failed.push({ record: item.record.id, error: detail.error ?? 'failed' });
  return {
    run: ctx.run,
    recordId: item.record.id,
    outcome: kind,
    rule: item.decision.rule,
    policySha256: ctx.policySha256,
    actor: ctx.actor,
    detail: { ...detail, approval: item.plan ? 'approved plan' : item.decision.approval, plan: item.plan },
  };
}
