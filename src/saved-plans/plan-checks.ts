import type { PlanFile } from './plan-file.js';

export interface PlanCheckContext {
  storeId: string;
  policySha256: string;
  /** Today in the policy's timezone, from the clock: never `--as-of`, which cannot revive an expired plan. */
  today: string;
}

/**
 * Why a saved plan may not be approved or carried out against this store, policy and day;
 * null when it may. One function for `approve` and `apply`, so they can never disagree.
 */
export function planProblem(plan: PlanFile, ctx: PlanCheckContext): string | null {
  if (plan.store.id !== ctx.storeId) {
    return `it was made from another store (${plan.store.id}); this store is ${ctx.storeId}`;
  }
  if (plan.policy.sha256 !== ctx.policySha256) {
    return `it was made with another version of the policy (SHA-256 ${plan.policy.sha256.slice(0, 12)}…, now ${ctx.policySha256.slice(0, 12)}…): plan again and have the new plan approved`;
  }
  if (ctx.today > plan.validUntil) {
    return `it expired on ${plan.validUntil}: plan again and have the new plan approved`;
  }
  if (plan.asOf > ctx.today) {
    // Only an older version wrote such plans: approving one would approve deletions in advance.
    return `it was made as of ${plan.asOf}, after today (${ctx.today}): plan again as of today and have the new plan approved`;
  }
  return null;
}
