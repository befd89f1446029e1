/**
 * Which due records this run may delete (DESIGN §3 `approval`, §6): those under an
 * `automatic` rule (unattended runs only), and those listed in an approved saved plan that are
 * STILL due now — the plan is re-decided with today's holds and events, so a hold placed after
 * approval wins and the record is reported as not carried out. With `--as-of` a past date, a
 * record must be due as of today too (due-today.ts). An approved record is carried out only
 * while it is still the record that was approved: same location, subject and category
 * (record-pin.ts); otherwise a new plan must be approved.
 */
import type { CompiledPolicy, Decision, RecordFacts } from '../engine/types.js';
import { locationKey } from '../location.js';
import { HoldIndex } from '../planner/hold-index.js';
import { runPlan } from '../planner/planner.js';
import type { Holds, Inventory, RunJournal } from '../store/types.js';
import type { Deletion } from './execute.js';
import type { ErasureRequestSummary } from '../planner/erasure-requests.js';
import { keptToday, type RunDates } from './due-today.js';
import type { PlannedRecord } from '../saved-plans/plan-file.js';
import { approvalOf, approvalsById, describeMismatch, type Approval, type NotApproved } from '../saved-plans/record-pin.js';

export interface ApprovedPlanRef {
  sha256: string;
  /** When the plan was made: it approves a record found back after deletion only if made after that deletion. */
  createdAt: string;
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

/**
 * A due record whose location (folded: see locationKey) is also another live record's, and
 * that other record is not deleted by this run (held, retained, awaiting approval, due as of
 * the as-of date but not today…), is not deleted either: deleting the item would destroy the
 * other record's data too (issue A1). It goes on the run with `sharedWith` set, and fails with
 * the reason.
 */
interface Sorting {
  /** Each record's approvals, in the order of the plans. */
  readonly plansOf: ReadonlyMap<string, readonly Approval[]>;
  readonly awaitingConfirmation: ReadonlySet<string>;
  readonly automatic: boolean;
}

/**
 * The plan approving the deletion of this record, if any, else the approval that does not count
 * because the record changed since (record-pin.ts). A record found back after deletion
 * (`tombstone`) needs a plan made since (issue A3): one made before it was deleted was about the
 * item then, and its approval does not carry over to the deletion of what came back. (Its
 * decision always says approval required, so only such a plan deletes it.)
 */
function approvingPlan(sorting: Sorting, { record, tombstone }: RecordFacts): { plan: string | null; changed: NotApproved | null } {
  const approvals = sorting.plansOf.get(record.id)?.filter((a) => tombstone === null || a.createdAt > tombstone.deletedAt);
  return approvalOf(approvals, record);
}

/**
 * Puts one decision where it belongs in `selection`; true when the run is to delete the record.
 * `today`: the record's decision as of today when that keeps a record due as of the as-of date
 * (due-today.ts), else null.
 */
function sortDecision(selection: Selection, sorting: Sorting, decision: Decision, facts: RecordFacts, today: Decision | null): boolean {
  const { record } = facts;
  const { plan, changed } = approvingPlan(sorting, facts);
  if (sorting.awaitingConfirmation.has(decision.id)) {
    const now = today ?? decision;
    if (now.status !== 'due')
      selection.withdrawnFromWorklist.push({ id: decision.id, status: now.status, rule: decision.rule, location: record.location });
    return false;
  }
  const carriedOut = plan !== null || (sorting.automatic && decision.approval === 'automatic');
  if (changed && !carriedOut) {
    selection.changedSincePlan.push({ id: decision.id, plan: changed.plan, reason: describeMismatch(changed.mismatch, changed.plan) });
    return false;
  }
  if (decision.status === 'due' && today !== null) {
    if (carriedOut) selection.notDueToday.push({ id: decision.id, plan, status: today.status, reason: today.reason });
    return false;
  }
  if (decision.status === 'due' && carriedOut) {
    selection.selected.push({ decision, record, plan });
    return true;
  }
  if (plan) selection.notCarriedOut.push({ id: decision.id, plan, status: decision.status, reason: decision.reason });
  else if (decision.status === 'due' && decision.approval === 'required' && sorting.automatic) selection.awaitingApproval += 1;
  return false;
}

/** Decides as of `dates.asOf`; a record is selected only when it is due as of today too (due-today.ts). */
export async function selectDeletions(
  store: Inventory & Holds & RunJournal,
  policy: CompiledPolicy,
  dates: RunDates,
  rules: SelectionRules,
): Promise<Selection> {
  const plansOf = approvalsById(rules.plans);
  // Records on the manual worklist keep their intent open until a person confirms them.
  const awaitingConfirmation = new Set((await store.unsettledIntents()).map((i) => i.record));
  const selection: Selection = {
    selected: [],
    awaitingApproval: 0,
    notCarriedOut: [],
    changedSincePlan: [],
    notDueToday: [],
    erasureRequests: [],
    withdrawnFromWorklist: [],
  };
  const holds = new HoldIndex(await store.activeHolds());
  const { asOf } = dates;
  // For each location, the first live record there that this run does not delete.
  const keptAt = new Map<string, NonNullable<Deletion['sharedWith']>>();
  const sorting: Sorting = { plansOf, awaitingConfirmation, automatic: rules.automatic };
  const summary = await runPlan(policy, store.streamFacts(), holds, { asOf, horizonEnd: asOf }, (decisions, facts) => {
    decisions.forEach((decision, i) => {
      const current = facts[i]!;
      // Another host's target: its own run selects, withdraws and reports these records.
      if (rules.owns && !rules.owns(current.record.location)) return;
      const today = decision.status === 'due' ? keptToday(policy, current, holds.holdsFor(current.record), dates) : null;
      const key = locationKey(current.record.location);
      const selected = sortDecision(selection, sorting, decision, current, today);
      if (!selected && key !== null && !keptAt.has(key)) keptAt.set(key, { id: decision.id, status: decision.status });
    });
  });
  // A record the latest import no longer listed is not decided, but its item may still be at
  // its location (reconciliation): deleting that item could destroy its data, unexplained.
  if (selection.selected.length > 0) {
    for (const gone of await store.noLongerListed()) {
      const location = (await store.getFacts(gone.id))?.record.location ?? null;
      const key = locationKey(location);
      if (key !== null && !keptAt.has(key) && !(rules.owns && !rules.owns(location)))
        keptAt.set(key, { id: gone.id, status: 'no longer listed' });
    }
  }
  for (const deletion of selection.selected) {
    const key = locationKey(deletion.record.location);
    const kept = key === null ? undefined : keptAt.get(key);
    if (kept !== undefined) deletion.sharedWith = kept;
  }
  return { ...selection, erasureRequests: summary.erasureRequests };
}
