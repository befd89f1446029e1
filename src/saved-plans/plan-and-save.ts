/**
 * `plan`: decide every record of a source as of a date, and, with `--out`, save the due records
 * as a plan for a person to approve. The decisions stream to the caller batch by batch (a
 * million-record plan is never held in memory); only the due ones are kept, for the plan file.
 */
import { requestsWithoutLiveRecords } from '../planner/erasure-requests.js';
import type { CompiledPolicy, Decision } from '../engine/types.js';
import { HoldIndex } from '../planner/hold-index.js';
import { runPlan, type PlanWindow } from '../planner/planner.js';
import type { RecordSource } from '../planner/record-source.js';
import type { PlanSummary } from '../planner/summary.js';
import { savePlan, type DueRecord } from './save-plan.js';

export interface PlanRequest {
  policy: CompiledPolicy;
  records: RecordSource;
  window: PlanWindow;
  /**
   * Where and how to save the due records (a relative `file` starts at `cwd`); null for a dry
   * run. Needs records from a store.
   */
  saveAs: { file: string; validUntil: string; policy: { file: string; sha256: string }; now: Date; cwd?: string } | null;
}

export interface SavedPlanInfo {
  file: string;
  sha256: string;
  validUntil: string;
  due: number;
}

/** Runs the plan, each batch's decisions (as the worklist shows them) going to `onBatch`, and saves it when asked. */
export async function planAndSave(request: PlanRequest, onBatch: (decisions: readonly Decision[]) => void | Promise<void>): Promise<{ summary: PlanSummary; saved: SavedPlanInfo | null }> {
  const { records, saveAs } = request;
  const due: DueRecord[] = [];
  const worklist = records.worklist;
  const summary = await runPlan(
    request.policy,
    records.facts(),
    new HoldIndex(records.holds),
    request.window,
    (batch, facts) => {
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
    summary.erasureRequests = requestsWithoutLiveRecords(summary.erasureRequests, await records.store.listEvents(), request.window.asOf);
  }
  if (saveAs === null) return { summary, saved: null };
  if (records.store === null) throw new Error('a plan is saved in the store its records came from, and there is none (this is a bug)');
  const saved = await savePlan(records.store, saveAs.file, { asOf: request.window.asOf, validUntil: saveAs.validUntil, policy: saveAs.policy, due, now: saveAs.now }, saveAs.cwd);
  return { summary, saved: { file: saveAs.file, sha256: saved.sha256, validUntil: saved.validUntil, due: due.length } };
}
