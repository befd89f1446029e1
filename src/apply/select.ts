/**
 * Which due records this run may delete (DESIGN §3 `approval`, §6): those under an
 * `automatic` rule (unattended runs only), and those listed in an approved saved plan that are
 * STILL due now — the plan is re-decided with today's holds and events, so a hold placed after
 * approval wins and the record is reported as not carried out.
 */
import type { CompiledPolicy, Decision } from '../engine/types.js';
import { HoldIndex } from '../planner/hold-index.js';
import { runPlan } from '../planner/planner.js';
import type { Holds, Inventory, RunJournal } from '../store/types.js';
import type { Deletion } from './execute.js';
import type { ErasureRequestSummary } from '../planner/erasure-requests.js';

export interface ApprovedPlanRef {
  sha256: string;
  recordIds: readonly string[];
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
  erasureRequests: ErasureRequestSummary[];
  /** Records on the manual worklist that must no longer be destroyed (held, or not due any more). */
  withdrawnFromWorklist: { id: string; status: Decision['status']; rule: string | null }[];
}

export async function selectDeletions(store: Inventory & Holds & RunJournal, policy: CompiledPolicy, asOf: string, rules: SelectionRules): Promise<Selection> {
  const planOf = new Map<string, string>();
  for (const plan of rules.plans) for (const id of plan.recordIds) if (!planOf.has(id)) planOf.set(id, plan.sha256);
  // Records on the manual worklist keep their intent open until a person confirms them.
  const awaitingConfirmation = new Set((await store.unsettledIntents()).map((i) => i.record));
  const selection: Selection = { selected: [], awaitingApproval: 0, notCarriedOut: [], erasureRequests: [], withdrawnFromWorklist: [] };
  const holds = new HoldIndex(await store.activeHolds());
  const summary = await runPlan(policy, store.streamFacts(), holds, { asOf, horizonEnd: asOf }, (decisions, facts) => {
    decisions.forEach((decision, i) => {
      // Another host's target: its own run selects, withdraws and reports these records.
      if (rules.owns && !rules.owns(facts[i]!.record.location)) return;
      const plan = planOf.get(decision.id) ?? null;
      if (awaitingConfirmation.has(decision.id)) {
        if (decision.status !== 'due') selection.withdrawnFromWorklist.push({ id: decision.id, status: decision.status, rule: decision.rule });
        return;
      }
      if (decision.status === 'due' && (plan || (rules.automatic && decision.approval === 'automatic'))) {
        selection.selected.push({ decision, record: facts[i]!.record, plan });
      } else if (plan) {
        selection.notCarriedOut.push({ id: decision.id, plan, status: decision.status, reason: decision.reason });
      } else if (decision.status === 'due' && decision.approval === 'required' && rules.automatic) {
        selection.awaitingApproval += 1;
      }
    });
  });
  return { ...selection, erasureRequests: summary.erasureRequests };
}
