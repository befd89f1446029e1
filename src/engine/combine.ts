/**
 * Precedence between several matching rules (DESIGN §4.3): retention wins, after Microsoft
 * Purview's principles of retention. A rule still waiting for its trigger keeps longest,
 * then `indefinitely`, then the latest date; a tie goes to the first rule in policy order.
 */
import type { RuleEvaluation } from './types.js';
import type { PreparedRule } from './prepare.js';

/** How long a rule keeps a record, as a rank that orders before any date comparison. */
const KeepRank = { Date: 1, Indefinitely: 2, TriggerMissing: 3 } as const;
type KeepRank = (typeof KeepRank)[keyof typeof KeepRank];

/** Whether the evaluation's rule is still waiting for a trigger that has not happened. */
export function isWaitingForTrigger(evaluation: RuleEvaluation, prepared: PreparedRule): boolean {
  return evaluation.retainUntil === null && prepared.rule.retain.kind === 'after-event';
}

/** Index of the governing evaluation: the one that keeps the record longest. `evaluations` is non-empty. */
export function governingIndex(evaluations: readonly RuleEvaluation[], rules: readonly PreparedRule[]): number {
  let best = 0;
  for (let i = 1; i < evaluations.length; i++) {
    if (keepsLonger(evaluations[i]!, rules[i]!, evaluations[best]!, rules[best]!)) best = i;
  }
  return best;
}

function keepsLonger(a: RuleEvaluation, ruleA: PreparedRule, b: RuleEvaluation, ruleB: PreparedRule): boolean {
  const rankA = rankOf(a, ruleA);
  const rankB = rankOf(b, ruleB);
  if (rankA !== rankB) return rankA > rankB;
  return a.retainUntil !== null && b.retainUntil !== null && a.retainUntil > b.retainUntil;
}

function rankOf(evaluation: RuleEvaluation, prepared: PreparedRule): KeepRank {
  if (evaluation.retainUntil !== null) return KeepRank.Date;
  return isWaitingForTrigger(evaluation, prepared) ? KeepRank.TriggerMissing : KeepRank.Indefinitely;
}
