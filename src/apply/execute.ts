/**
 * Carries out deletions with a journal (DESIGN §6): for each batch, the records are decided
 * again and the `intent` entries of those still due are committed (one transaction) before any
 * record is touched, then the targets delete, then the `deleted` / `failed` entries (and
 * tombstones) are committed. A crash anywhere leaves at most one batch of intents without an
 * outcome, which the next run settles first (settle.ts). An error stops the run at the batch
 * it hit, and the report still says what was done before it.
 */
import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import type { CompiledPolicy, Decision, InventoryRecord } from '../engine/types.js';
import type { InRun, Outcome, OutcomeInput, RunJournal } from '../store/types.js';
import type { Target, TargetOutcome } from '../targets/types.js';
import type { TargetSet } from './target-set.js';
import type { PassCrashPoint } from './crash-points.js';
import { changedDuringRun, stillDue, type ChangedDuringRun, type RecheckFindings } from './recheck.js';
import type { RunDates } from './due-today.js';
import { asError } from '../error-details.js';
import { locationBatches } from './location-batches.js';

export interface Deletion {
  record: InventoryRecord;
  decision: Decision;
  /** SHA-256 of the approved plan that allows this deletion; null when the rule is automatic. */
  plan: string | null;
  /** Another live record at the same location that this run does not delete: this one is kept too (select.ts). */
  sharedWith?: { readonly id: string; readonly status: Decision['status'] | 'no longer listed' };
}

export interface RunContext {
  store: RunJournal;
  targets: TargetSet;
  /** The run deleting: the journal's entries are its. */
  by: InRun;
  /**
   * Every record this run selected for deletion, by id, with the location it was selected at: a
   * record imported during the run at one's location is no obstacle if it is one of them, still there.
   */
  runDeletes: ReadonlyMap<string, string | null>;
  /** The policy and dates the selection was decided with; each batch is decided again with them. */
  policy: CompiledPolicy;
  dates: RunDates;
  batchSize: number;
  /** Polled between batches: SIGINT/SIGTERM stop the run after the current batch. */
  shouldStop: () => boolean;
  onBatchDone?: (done: number) => void;
  /** For the crash tests: see crash-points.ts. */
  crashPoint?: PassCrashPoint;
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
  /** Selected records left alone because a hold or an event made them not due during the run. */
  changedDuringRun: ChangedDuringRun[];
  /** Records not reached because the run was stopped (by a signal or an error). */
  notReached: number;
  /**
   * Records whose intent was journaled in the batch an error interrupted: whether they were
   * deleted is not known to this run; the next run looks in their targets and logs it.
   */
  interrupted: number;
  /** The error that stopped the run early, after deletions may have begun; null when none did. */
  error: Error | null;
}

interface Touch {
  item: Deletion;
  target: Target;
  ref: string;
}

/** What one batch did; added to the run's report only once its outcomes are committed. */
interface BatchResult {
  outcomes: OutcomeInput[];
  deleted: number;
  alreadyAbsent: number;
  /** Deleted or already absent. */
  gone: string[];
  failed: { record: string; error: string }[];
}

export async function executeDeletions(items: readonly Deletion[], ctx: RunContext): Promise<ExecutionReport> {
  const report = emptyReport();
  let start = 0;
  for (const batch of locationBatches(items, ctx.batchSize)) {
    // The store and the targets are synchronous underneath: without this turn of the event
    // loop a SIGTERM would not be seen until every batch was done.
    await nextTurnOfEventLoop();
    if (ctx.shouldStop()) {
      report.notReached = items.length - start;
      break;
    }
    const progress = { accounted: 0, open: 0 };
    try {
      await executeBatch(batch, ctx, report, progress);
    } catch (error) {
      report.error = asError(error);
      report.interrupted = progress.open;
      report.notReached = items.length - start - progress.accounted - progress.open;
      break;
    }
    start += batch.length;
    ctx.onBatchDone?.(start);
  }
  return report;
}

export function emptyReport(): ExecutionReport {
  return {
    deletedIds: new Set(),
    deleted: 0,
    alreadyAbsent: 0,
    failed: [],
    worklist: [],
    changedDuringRun: [],
    notReached: 0,
    interrupted: 0,
    error: null,
  };
}

/**
 * One batch, journaled. `progress` says, if it throws, how many of its records were accounted
 * for (worklist, changed during the run) and how many have an intent without an outcome.
 */
async function executeBatch(
  batch: readonly Deletion[],
  ctx: RunContext,
  report: ExecutionReport,
  progress: { accounted: number; open: number },
): Promise<void> {
  const result: BatchResult = { outcomes: [], deleted: 0, alreadyAbsent: 0, gone: [], failed: [] };
  const reachable: Touch[] = [];
  for (const item of batch) {
    if (item.sharedWith) {
      const { id, status } = item.sharedWith;
      const why =
        status === 'due'
          ? 'which this run does not delete (not approved)'
          : status === 'no longer listed'
            ? 'which the latest import no longer listed and nobody has explained (retention inventory forget)'
            : `which is not due (${status})`;
      result.outcomes.push(
        outcome(
          item,
          'failed',
          { error: `not deleted: location shared with record ${id}, ${why} — deleting it would destroy that record too` },
          result,
        ),
      );
      continue;
    }
    const resolved = await ctx.targets.resolve(item.record.location);
    if ('problem' in resolved) result.outcomes.push(outcome(item, 'failed', { error: `not deleted: ${resolved.problem}` }, result));
    else reachable.push({ item, target: resolved.target, ref: resolved.ref });
  }
  const journaled = reachable.length > 0 ? await journalIntents(reachable, ctx, report, result) : [];
  const touches = journaled.filter((t) => t.target.type !== 'manual');
  for (const m of journaled) if (m.target.type === 'manual') report.worklist.push(m.item);
  progress.accounted = reachable.length - touches.length;
  progress.open = touches.length;
  if (journaled.length > 0) ctx.crashPoint?.('after-intents');
  if (touches.length > 0) {
    const results = await deleteByTarget(touches);
    ctx.crashPoint?.('after-delete');
    touches.forEach((touch, i) => result.outcomes.push(outcomeOf(touch, results[i], result)));
  }
  if (result.outcomes.length > 0) await ctx.store.recordOutcomes(result.outcomes, ctx.by);
  ctx.crashPoint?.('after-outcomes');
  // Only now may the folders the deletions emptied go: a crash before the outcomes leaves them for settling.
  if (touches.length > 0) await ctx.targets.tidyAll();
  report.deleted += result.deleted;
  report.alreadyAbsent += result.alreadyAbsent;
  for (const id of result.gone) report.deletedIds.add(id);
  report.failed.push(...result.failed);
}

/**
 * Commits the intents of the records still due, and still at the location they were selected
 * at, when the store re-reads them (in the same transaction); the others go to
 * `changedDuringRun`, or fail when their location changed. Returns the touches journaled.
 */
async function journalIntents(reachable: readonly Touch[], ctx: RunContext, report: ExecutionReport, batch: BatchResult): Promise<Touch[]> {
  const findings: RecheckFindings = {
    decided: new Map<string, Decision>(),
    moved: new Set<string>(),
    sharedWith: new Map<string, string>(),
    partnerKept: new Map<string, string>(),
  };
  const selectedAt = new Map(reachable.map(({ item }) => [item.record.id, item.record.location]));
  const journaled = await ctx.store.recordIntents(
    reachable.map(({ item, target }) => ({ record: item.record, rule: item.decision.rule, target: target.name, detail: approvalOf(item) })),
    ctx.by,
    stillDue(ctx.policy, ctx.dates, selectedAt, ctx.runDeletes, findings),
  );
  const ids = new Set(journaled.map((intent) => intent.record.id));
  for (const { item } of reachable) {
    if (ids.has(item.record.id)) continue;
    const other = findings.sharedWith.get(item.record.id);
    const partner = findings.partnerKept.get(item.record.id);
    if (findings.moved.has(item.record.id)) batch.outcomes.push(outcome(item, 'failed', { error: LOCATION_CHANGED }, batch));
    else if (other !== undefined) batch.outcomes.push(outcome(item, 'failed', { error: sharedSinceRunStarted(other) }, batch));
    else if (partner !== undefined)
      batch.outcomes.push(outcome(item, 'failed', { error: partnerNoLongerDeleted(partner, findings) }, batch));
    else report.changedDuringRun.push(changedDuringRun(item.record.id, findings.decided.get(item.record.id)));
  }
  return reachable.filter(({ item }) => ids.has(item.record.id));
}

const sharedSinceRunStarted = (other: string): string =>
  `not deleted: location shared with record ${other}, imported during the run, which this run does not delete — deleting it would destroy that record too; the next run decides again`;

/** Why a record was kept because `partner`, at its location, stopped being deleted during the run. */
function partnerNoLongerDeleted(partner: string, findings: RecheckFindings): string {
  const status = findings.decided.get(partner)?.status;
  const why = findings.moved.has(partner)
    ? 'its location changed'
    : findings.sharedWith.has(partner)
      ? 'a record imported during the run shares its location'
      : status !== undefined
        ? `it is ${status} now`
        : 'it is no longer listed, or forgotten';
  return `not deleted: location shared with record ${partner}, which this run no longer deletes (${why}) — deleting it would destroy that record too; the next run decides again`;
}

const LOCATION_CHANGED =
  "not deleted: its location changed during the run (an import) — the item at the old one may be another record's; the next run decides again";

/** One deleteBatch call per target, results put back in the batch's order. */
async function deleteByTarget(touches: readonly Touch[]): Promise<(TargetOutcome | undefined)[]> {
  const results: (TargetOutcome | undefined)[] = new Array<TargetOutcome | undefined>(touches.length);
  const groups = new Map<Target, { index: number; ref: string }[]>();
  touches.forEach((t, index) => {
    const group = groups.get(t.target);
    if (group) group.push({ index, ref: t.ref });
    else groups.set(t.target, [{ index, ref: t.ref }]);
  });
  for (const [target, group] of groups) {
    const outcomes = await target.deleteBatch(group.map((g) => g.ref));
    group.forEach(({ index }, k) => (results[index] = outcomes[k]));
  }
  return results;
}

function outcomeOf(touch: Touch, result: TargetOutcome | undefined, batch: BatchResult): OutcomeInput {
  const target = touch.target.name;
  switch (result?.outcome) {
    case 'deleted':
      batch.deleted += 1;
      batch.gone.push(touch.item.record.id);
      return { ...outcome(touch.item, 'deleted', { target, result: 'deleted' }, batch), fingerprint: result.fingerprint };
    case 'absent':
      batch.alreadyAbsent += 1;
      batch.gone.push(touch.item.record.id);
      return outcome(touch.item, 'deleted', { target, result: 'already absent' }, batch);
    case 'failed':
      return outcome(touch.item, 'failed', { target, error: result.error }, batch);
    default:
      // A target that answers nothing (or "manual" after an intent) has not deleted anything we know of.
      return outcome(touch.item, 'failed', { target, error: 'target gave no outcome' }, batch);
  }
}

function outcome(item: Deletion, kind: Outcome, detail: Record<string, string>, batch: BatchResult): OutcomeInput {
  if (kind === 'failed') batch.failed.push({ record: item.record.id, error: detail.error ?? 'failed' });
  return {
    recordId: item.record.id,
    outcome: kind,
    rule: item.decision.rule,
    detail: { ...detail, ...approvalOf(item) },
  };
}

/** What allows a deletion, for its intent and outcome entries: an approved plan (by its SHA-256) or the rule's own approval. */
function approvalOf(item: Deletion): { approval: string; plan: string | null } {
  return { approval: item.plan ? 'approved plan' : item.decision.approval, plan: item.plan };
}
