import { refusal } from '../errors.js';
import type { SavedPlans } from '../store/types.js';
import type { SelectionRules } from './select.js';
import { loadSavedPlan } from '../saved-plans/load-plan.js';
import { planProblem, planRefusal, type PlanCheckContext } from '../saved-plans/plan-checks.js';
import { storedPlanBody } from '../saved-plans/plan-file.js';

/**
 * What an apply run may carry out (DESIGN §6):
 * - `apply PLAN.json`: that one plan only, which must be approved, unexpired, for this policy
 *   and this store — otherwise the run is refused (exit 2) before anything is touched;
 * - `apply --yes`: automatic rules, plus every approved plan that is still valid (plans
 *   for an older policy or past their date are skipped: they must be re-planned).
 * A relative `planFile` starts at `cwd`.
 */
export async function carryOutRules(
  store: SavedPlans,
  planFile: string | undefined,
  check: Omit<PlanCheckContext, 'storeId'>,
  cwd?: string,
): Promise<SelectionRules> {
  const ctx = { ...check, storeId: await store.storeId() };
  const approved = await store.approvedPlans();
  if (planFile) {
    const { plan, sha256 } = await loadSavedPlan(store, planFile, cwd);
    if (!approved.some((a) => a.plan.sha256 === sha256)) {
      throw refusal(
        'plan.not-approved',
        `${planFile}: refused: this plan was never approved — a named person must first run "retention approve ${planFile} --by NAME". Nothing was changed.`,
        { file: planFile, sha256 },
      );
    }
    const problem = planProblem(plan, ctx);
    if (problem) throw planRefusal(planFile, problem);
    const createdAt = approved.find((a) => a.plan.sha256 === sha256)?.plan.createdAt ?? '';
    return { automatic: false, plans: [{ sha256, createdAt, records: plan.records }] };
  }
  const valid = approved
    .map(({ plan }) => ({ sha256: plan.sha256, createdAt: plan.createdAt, body: storedPlanBody(plan.body, plan.sha256) }))
    .filter(({ body }) => planProblem(body, ctx) === null);
  return { automatic: true, plans: valid.map(({ sha256, createdAt, body }) => ({ sha256, createdAt, records: body.records })) };
}
