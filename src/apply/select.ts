/**
 * Which due records this run may delete (DESIGN §3 `approval`, §6): those under an
 * `automatic` rule (unattended runs only), and those listed in an approved saved plan that are
 * STILL due now — the plan is re-decided with today's holds and events, so a hold placed after
 * approval wins and the record is reported as not carried out. With `--as-of` a past date, a
 * record must be due as of today too (due-today.ts). An approved record is carried out only
 * while it is still the record that was approved: same location, subject and category
 * (record-pin.ts); otherwise a new plan must be approved.
 */
import type { CompiledPolicy, Decision } from '../engine/types.js';
import { HoldIndex } from '../planner/hold-index.js';
import { runPlan } from '../planner/planner.js';
import type { Holds, Inventory, RunJournal } from '../store/types.js';
import type { Deletion } from './execute.js';
import type { ErasureRequestSummary } from '../planner/erasure-requests.js';
import { keptToday, type RunDates } from './due-today.js';
import type { PlannedRecord } from '../saved-plans/plan-file.js';
import { approvalOf, approvalsById, describeMismatch } from '../saved-plans/record-pin.js';

export interface ApprovedPlanRef {
  sha256: string;
  /** The records it lists, as they were when it was saved. */
  records: readonly PlannedRecord[];
}

export interface SelectionRules {
  /** Delete due records whose rule is `approval: automatic` (`apply --yes` without a plan file). */
  automatic: boolean;
  /** Approved, unexpired plans for this policy and store. */
  plans: readonly ApprovedPlanRef[];
  /** Whether a record at this location is this run's business (`apply --target`); every record when absent. */
  owns?: (location: string | null) => boolean;
}

export interface Selection {
  selected: Deletion[];
  /** Due records whose rule needs approval and that no approved plan lists. */
  awaitingApproval: number;
  /** Records of approved plans that are no longer due now, with why. */
  notCarriedOut: { id: string; plan: string; status: Decision['status']; reason: string }[];
  /** Records of approved plans that are not the records approved any more (moved, say): they need a new plan. */
  changedSincePlan: { id: string; plan: string; reason: string }[];
  /**
   * Records the run would have carried out, due as of its as-of date but not as of today
   * (`apply --as-of` a past date), with their status and reason as of today.
   */
  notDueToday: { id: string; plan: string | null; status: Decision['status']; reason: string }[];
  erasureRequests: ErasureRequestSummary[];
  /** Records on the manual worklist that must no longer be destroyed (held, or not due any more). */
  withdrawnFromWorklist: { id: string; status: Decision['status']; rule: string | null; location: string | null }[];
}

/** Decides as of `dates.asOf`; a record is selected only when it is due as of today too (due-today.ts). */
export async function selectDeletions(store: Inventory & Holds & RunJournal, policy: CompiledPolicy, dates: RunDates, rules: SelectionRules): Promise<Selection> {
  const approvals = approvalsById(rules.plans);
  // Records on the manual worklist keep their intent open until a person confirms them.
  const awaitingConfirmation = new Set((await store.unsettledIntents()).map((i) => i.record));
  const selection: Selection = { selected: [], awaitingApproval: 0, notCarriedOut: [], changedSincePlan: [], notDueToday: [], erasureRequests: [], withdrawnFromWorklist: [] };
  const holds = new HoldIndex(await store.activeHolds());
  const { asOf } = dates;
  const summary = await runPlan(policy, store.streamFacts(), holds, { asOf, horizonEnd: asOf }, (decisions, facts) => {
    decisions.forEach((decision, i) => {
      // Another host's target: its own run selects, withdraws and reports these records.
      if (rules.owns && !rules.owns(facts[i]!.record.location)) return;
      const record = facts[i]!;
      const { plan, changed } = approvalOf(approvals.get(decision.id), record.record);
      const today = decision.status === 'due' ? keptToday(policy, record, holds.holdsFor(record.record), dates) : null;
      if (awaitingConfirmation.has(decision.id)) {
        const now = today ?? decision;
        if (now.status !== 'due') selection.withdrawnFromWorklist.push({ id: decision.id, status: now.status, rule: decision.rule, location: record.record.location });
        return;
      }
      const carriedOut = plan !== null || (rules.automatic && decision.approval === 'automatic');
      if (changed && !carriedOut) {
        selection.changedSincePlan.push({ id: decision.id, plan: changed.plan, reason: describeMismatch(changed.mismatch, changed.plan) });
      } else if (decision.status === 'due' && today !== null) {
        if (carriedOut) selection.notDueToday.push({ id: decision.id, plan, status: today.status, reason: today.reason });
      } else if (decision.status === 'due' && carriedOut) {
        selection.selected.push({ decision, record: record.record, plan });
      } else if (plan) {
        selection.notCarriedOut.push({ id: decision.id, plan, status: decision.status, reason: decision.reason });
      } else if (decision.status === 'due' && decision.approval === 'required' && rules.automatic) {
        selection.awaitingApproval += 1;
      }
    });
  });
  return { ...selection, erasureRequests: summary.erasureRequests };
}
