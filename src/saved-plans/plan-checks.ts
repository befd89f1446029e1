import { refusal, type RetentionError } from '../errors.js';
import type { PlanFile } from './plan-file.js';

export interface PlanCheckContext {
  storeId: string;
  policySha256: string;
  /** Today in the policy's timezone, from the clock: never `--as-of`, which cannot revive an expired plan. */
  today: string;
}

/** Why a saved plan may not be used, as a refusal's code, sentence and data. */
export interface PlanProblem {
  code: 'plan.other-store' | 'plan.other-policy' | 'plan.expired' | 'plan.future-as-of';
  text: string;
  data: Readonly<Record<string, string>>;
}

/**
 * Why a saved plan may not be approved or carried out against this store, policy and day;
 * null when it may. One function for `approve` and `apply`, so they can never disagree.
 */
export function planProblem(plan: PlanFile, ctx: PlanCheckContext): PlanProblem | null {
  if (plan.store.id !== ctx.storeId) {
    return {
      code: 'plan.other-store',
      text: `it was made from another store (${plan.store.id}); this store is ${ctx.storeId}`,
      data: { planStore: plan.store.id, store: ctx.storeId },
    };
  }
  if (plan.policy.sha256 !== ctx.policySha256) {
    return {
      code: 'plan.other-policy',
      text: `it was made with another version of the policy (SHA-256 ${plan.policy.sha256.slice(0, 12)}…, now ${ctx.policySha256.slice(0, 12)}…): plan again and have the new plan approved`,
      data: { planPolicy: plan.policy.sha256, policy: ctx.policySha256 },
    };
  }
  if (ctx.today > plan.validUntil) {
    return {
      code: 'plan.expired',
      text: `it expired on ${plan.validUntil}: plan again and have the new plan approved`,
      data: { validUntil: plan.validUntil, today: ctx.today },
    };
  }
  if (plan.asOf > ctx.today) {
    // Only an older version wrote such plans: approving one would approve deletions in advance.
    return {
      code: 'plan.future-as-of',
      text: `it was made as of ${plan.asOf}, after today (${ctx.today}): plan again as of today and have the new plan approved`,
      data: { asOf: plan.asOf, today: ctx.today },
    };
  }
  return null;
}

/** The refusal of plan `file` for `problem`: nothing was changed. */
export function planRefusal(file: string, problem: PlanProblem): RetentionError {
  return refusal(problem.code, `${file}: refused: ${problem.text}. Nothing was changed.`, { file, ...problem.data });
}

/**
 * `plan --out`: a plan already past its validity on the day it would be saved (an old --as-of,
 * a short --valid-for) could never be approved or carried out, so it is refused, not saved.
 * @throws RetentionError `plan.expired`
 */
export function refuseExpiredOnSaving(file: string, window: { asOf: string; validUntil: string; today: string }): void {
  const { asOf, validUntil, today } = window;
  if (today <= validUntil) return;
  throw refusal(
    'plan.expired',
    `${file}: refused: a plan as of ${asOf} is valid until ${validUntil}, which is before today (${today}): it could never be approved or carried out. Nothing was saved.\n` +
      '  hint: plan as of a later date, or give a longer --valid-for',
    { file, asOf, validUntil, today },
  );
}
