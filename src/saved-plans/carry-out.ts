import { usageError } from '../errors.js';
import type { SavedPlans } from '../store/types.js';
import type { SelectionRules } from '../apply/select.js';
import { loadSavedPlan } from './load-plan.js';
import { planProblem, type PlanCheckContext } from './plan-checks.js';
import type { PlanFile } from './plan-file.js';

/**
 * What an apply run may carry out (DESIGN §6):
 * - `apply PLAN.json`: that one plan only, which must be approved, unexpired, for this policy
 *   and this store — otherwise the run is refused (exit 2) before anything is touched;
 * - `apply --yes`: automatic rules, plus every approved plan that is still valid (plans
 *   for an older policy or past their date are skipped: they must be re-planned).
 * A relative `planFile` starts at `cwd`.
 */
export async function carryOutRules(store: SavedPlans, planFile: string | undefined, check: Omit<PlanCheckContext, 'storeId'>, cwd?: string): Promise<SelectionRules> {
  const ctx = { ...check, storeId: await store.storeId() };
  const approved = await store.approvedPlans();
  if (planFile) {
    const { plan, sha256 } = await loadSavedPlan(store, planFile, cwd);
    if (!approved.some((a) => a.plan.sha256 === sha256)) {
      throw usageError(`${planFile}: refused: this plan was never approved — a named person must first run "retention approve ${planFile} --by NAME". Nothing was changed.`);
    }
    const problem = planProblem(plan, ctx);
    if (problem) throw usageError(`${planFile}: refused: ${problem}. Nothing was changed.`);
    return { automatic: false, plans: [{ sha256, recordIds: plan.records.map((r) => r.id) }] };
  }
  const valid = approved
    // The store keeps the body exactly as `plan --out` wrote it.
    .map(({ plan }) => ({ sha256: plan.sha256, body: plan.body as PlanFile }))
    .filter(({ body }) => planProblem(body, ctx) === null);
  return { automatic: true, plans: valid.map(({ sha256, body }) => ({ sha256, recordIds: body.records.map((r) => r.id) })) };
}
