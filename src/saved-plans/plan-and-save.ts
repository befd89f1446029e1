/**
 * `plan`: decide every record of a source as of a date, and, with `--out`, save the due records
 * as a plan for a person to approve. The decisions stream to the caller batch by batch (a
 * million-record plan is never held in memory); only the due ones are kept, for the plan file.
 */
import { requestsWithoutLiveRecords, withRecordsNotErased } from '../planner/erasure-requests.js';
import { recordsNotDecided } from '../planner/records-not-decided.js';
import type { CompiledPolicy, Decision } from '../engine/types.js';
import { HoldIndex } from '../planner/hold-index.js';
import { runPlan, type PlanWindow } from '../planner/planner.js';
import type { RecordSource } from '../planner/record-source.js';
import type { PlanSummary } from '../planner/summary.js';
import { savePlan, type DueRecord } from './save-plan.js';
import { PolicyImpactCollector, type PolicyImpact } from '../planner/policy-impact.js';
import { SinceLastPlanCollector, type SinceLastPlan } from '../planner/since-last-plan.js';

export interface PlanRequest {
  policy: CompiledPolicy;
  records: RecordSource;
  window: PlanWindow;
  /**
   * Where and how to save the due records (a relative `file` starts at `cwd`); null for a dry
   * run. Needs records from a store.
   */
  saveAs: { file: string; validUntil: string; policy: { file: string; sha256: string }; now: Date; cwd?: string } | null;
  /** `--compare`: an older policy to decide every record under as well; null for none. */
  compareWith?: { policy: CompiledPolicy; file: string; sha256: string } | null;
  /** Also say what changed since the plan saved last (the HTML report); needs records from a store. */
  sinceLastPlan?: boolean;
}

/** What a plan found beside its decisions. */
export interface PlanOutcome {
  summary: PlanSummary;
  saved: SavedPlanInfo | null;
  /** `compareWith`'s comparison; null without it. */
  impact: PolicyImpact | null;
  /** Since the plan saved last; null when not asked, without a store, or when no plan was ever saved. */
  since: SinceLastPlan | null;
}

export interface SavedPlanInfo {
  file: string;
  sha256: string;
  validUntil: string;
  due: number;
}

/** Runs the plan, each batch's decisions (as the worklist shows them) going to `onBatch`, and saves it when asked. */
export async function planAndSave(
  request: PlanRequest,
  onBatch: (decisions: readonly Decision[]) => void | Promise<void>,
): Promise<PlanOutcome> {
  const { records, saveAs } = request;
  const due: DueRecord[] = [];
  const worklist = records.worklist;
  const holds = new HoldIndex(records.holds);
  const impact = request.compareWith ? new PolicyImpactCollector(request.compareWith, holds, request.window.asOf) : null;
  // Read before this plan is saved: "the last report" is the one before it.
  const since = request.sinceLastPlan && records.store ? await SinceLastPlanCollector.start(records.store) : null;
  const summary = await runPlan(
    request.policy,
    records.facts(),
    holds,
    request.window,
    (batch, facts) => {
      impact?.observe(batch, facts);
      if (since) for (const d of batch) since.observe(d);
      if (saveAs) {
        batch.forEach((d, i) => {
          if (d.status === 'due') due.push({ decision: d, location: facts[i]!.record.location });
        });
      }
      return onBatch(batch);
    },
    (d) => worklist.annotate(d),
  );
  if (records.store) {
    summary.listedAfterDeletion = await records.store.listedAfterDeletion();
    summary.noLongerListed = await records.store.noLongerListed();
    const history = await records.store.listEvents();
    const requests = requestsWithoutLiveRecords(summary.erasureRequests, history, request.window.asOf);
    summary.erasureRequests = withRecordsNotErased(requests, await recordsNotDecided(records.store), history);
  }
  const found = { impact: impact?.result() ?? null, since: since?.result() ?? null };
  if (saveAs === null) return { summary, saved: null, ...found };
  if (records.store === null) throw new Error('a plan is saved in the store its records came from, and there is none (this is a bug)');
  const saved = await savePlan(
    records.store,
    saveAs.file,
    { asOf: request.window.asOf, validUntil: saveAs.validUntil, policy: saveAs.policy, due, now: saveAs.now },
    saveAs.cwd,
  );
  return { summary, saved: { file: saveAs.file, sha256: saved.sha256, validUntil: saved.validUntil, due: due.length }, ...found };
}
