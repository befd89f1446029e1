/**
 * The decision engine (DESIGN §4): a pure function of (policy, record facts, holds, as-of
 * date). No clock and no I/O: `asOf` is the only time there is. On any doubt a record is kept.
 */
import type { CompiledPolicy, Decision, Hold, RecordFacts, ReviewNeed, RuleEvaluation, Status } from './types.js';
import type { CategoryRules, PreparedRule } from './prepare.js';
import type { EvaluationContext } from './evaluate-rule.js';
import { ruleById, rulesForCategory } from './prepare.js';
import { evaluateRule } from './evaluate-rule.js';
import { governingIndex, isWaitingForTrigger } from './combine.js';
import { activeHolds } from './holds.js';
import { happenedOn } from './events.js';
import { erasureOutcome } from './erasure.js';
import { ERASURE_REQUEST_EVENT } from '../vocabulary.js';
import { addDays } from './dates.js';
import { erasureKeptSuffix, heldReason, longestOfSuffix, reappearedReason, unmatchedReason } from './reasons.js';

const NO_TRIGGER: Decision['trigger'] = Object.freeze({ event: null, date: null });

/**
 * The fate of one record as of `asOf` (`YYYY-MM-DD`, a calendar date in the policy's timezone).
 * `holds` may be every hold in the store: only those on this record, its subject or its
 * category and not expired by `asOf` apply. Statuses, first that applies: held, due, review,
 * pending, indefinite, retained; `unmatched` (no rule) stands apart and is never due unless
 * the record reappeared after a deletion. Arrays in the result may be shared and frozen.
 */
export function decide(policy: CompiledPolicy, facts: RecordFacts, holds: readonly Hold[], asOf: string): Decision {
  const { record, tombstone } = facts;
  const context: EvaluationContext = { policy, facts, zone: policy.timezone, asOf };
  const matching = rulesForCategory(policy, record.category);
  const evaluations = matching.rules.map((prepared) => evaluateRule(prepared, context));

  const governing = governingRule(policy, facts, matching, evaluations);
  const evaluation = governing === undefined ? undefined : evaluations[matching.rules.indexOf(governing)];
  const retainUntil = evaluation?.retainUntil ?? null;
  const review = earliestReview(evaluations);

  let status: Status;
  let reason: string;
  if (tombstone !== null) {
    status = 'due';
    reason = reappearedReason(tombstone, policy.timezone, governing?.rule.id ?? tombstone.rule);
  } else if (governing === undefined || evaluation === undefined) {
    status = 'unmatched';
    reason = unmatchedReason(record.category);
  } else {
    status = statusByRetention(governing, evaluation, review, asOf);
    reason = status === 'review' && review !== null ? review.note : evaluation.note;
    if (evaluations.length > 1) reason += longestOfSuffix(matching.ids);
  }

  // The first request fixes the response deadline; a second one does not move it.
  const requested = happenedOn(context, ERASURE_REQUEST_EVENT, 'earliest');
  const erasure = requested === null ? null : erasureOutcome(requested, governing?.rule ?? null);
  if (erasure !== null && erasure.exemption !== null && status !== 'due') {
    reason += erasureKeptSuffix(erasure.requested, erasure.exemption);
  }

  const applying = activeHolds(holds, record, asOf);
  if (status !== 'unmatched' && (applying.length > 0 || evaluations.some((e) => e.holdFlags.length > 0))) {
    status = 'held';
    reason = heldReason(applying, evaluations, reason);
  }

  return {
    id: record.id,
    subject: record.subject,
    category: record.category,
    status,
    rule: governing?.rule.id ?? tombstone?.rule ?? null,
    // Shared per category and frozen: one array for a million records of the same category.
    rules: matching.ids,
    trigger: evaluation === undefined ? NO_TRIGGER : (evaluation.erasedBy ?? evaluation.trigger),
    retainUntil,
    eligibleFrom: retainUntil === null ? null : addDays(retainUntil, 1),
    // A record found back is never deleted unattended, whatever its rule says: "the same item"
    // is only a fingerprint's guess (size and time can be copied), so a person decides (issue A3).
    approval: tombstone === null ? (governing?.rule.approval ?? 'required') : 'required',
    reason,
    evaluations,
    holds: applying,
    erasure,
    review,
    location: record.location,
  };
}

/**
 * The rule that decides: for a record that reappeared after deletion, the rule it was deleted
 * under if the policy still has it, else the first matching rule; otherwise the matching rule
 * that keeps the record longest. Undefined when nothing governs (unmatched).
 */
function governingRule(
  policy: CompiledPolicy,
  facts: RecordFacts,
  matching: CategoryRules,
  evaluations: readonly RuleEvaluation[],
): PreparedRule | undefined {
  if (evaluations.length === 0) return undefined;
  const deletedUnder = facts.tombstone?.rule;
  if (deletedUnder !== undefined) {
    return (deletedUnder === null ? undefined : ruleById(policy, deletedUnder)) ?? matching.rules[0];
  }
  return matching.rules[governingIndex(evaluations, matching.rules)];
}

/** Status from the governing rule's retention and the reviews owed, before holds. */
function statusByRetention(governing: PreparedRule, evaluation: RuleEvaluation, review: ReviewNeed | null, asOf: string): Status {
  if (evaluation.retainUntil !== null && asOf > evaluation.retainUntil) return 'due';
  if (review !== null) return 'review';
  if (isWaitingForTrigger(evaluation, governing)) return 'pending';
  return evaluation.retainUntil === null ? 'indefinite' : 'retained';
}

function earliestReview(evaluations: readonly RuleEvaluation[]): ReviewNeed | null {
  let earliest: ReviewNeed | null = null;
  for (const { review } of evaluations) {
    if (review !== null && (earliest === null || review.since < earliest.since)) earliest = review;
  }
  return earliest;
}
