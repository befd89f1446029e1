/**
 * `approve PLAN.json --by NAME`: a named person approves exactly that file (disposition review,
 * DESIGN §6). The plan must be one this store saved, unedited, for this policy and not expired.
 */
import type { ApprovalResult, SavedPlans } from '../store/types.js';
import { loadSavedPlan } from './load-plan.js';
import { planProblem, planRefusal } from './plan-checks.js';
import type { PlanFile } from './plan-file.js';

export interface ApprovalRequest {
  file: string;
  by: string;
  note: string | null;
  policySha256: string;
  /** Today from the clock: no --as-of can make an expired plan valid again. */
  today: string;
  /** Where a relative `file` starts: the command's working directory. */
  cwd?: string;
}

/**
 * Records the approval (once: approving again records nothing, see ApprovalResult).
 * @throws RetentionError `plan.edited`, `plan.other-store`, `plan.other-policy`, `plan.expired`,
 * `plan.future-as-of` or `plan.invalid`; nothing is recorded then.
 */
export async function approvePlanFile(
  store: SavedPlans,
  request: ApprovalRequest,
): Promise<ApprovalResult & { plan: PlanFile; sha256: string }> {
  const { plan, sha256 } = await loadSavedPlan(store, request.file, request.cwd);
  const problem = planProblem(plan, { storeId: await store.storeId(), policySha256: request.policySha256, today: request.today });
  if (problem) throw planRefusal(request.file, problem);
  const result = await store.approvePlan({ planSha256: sha256, note: request.note }, { actor: request.by });
  return { ...result, plan, sha256 };
}
