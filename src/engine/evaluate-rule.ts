/**
 * One matching rule's verdict on one record, on its own (DESIGN §4.2): how long the rule
 * keeps it, whether an `erase_on` event ended that early, which `hold_while` flags are set,
 * and which review it owes. Precedence between rules is combine.ts's job.
 */
import type { CompiledPolicy, CompiledRule, RecordFacts, RuleEvaluation } from './types.js';
import type { PreparedRule } from './prepare.js';
import type { DatedEvent, EventView } from './events.js';
import { earliestHappened, happenedOn } from './events.js';
import { addDays, addPeriod, applyCutoff } from './dates.js';
import { reviewNeed } from './review.js';
import { ruleNote } from './reasons.js';

/** Everything a rule is evaluated against, built once per decision. */
export interface EvaluationContext extends EventView {
  policy: CompiledPolicy;
}

const NO_FLAGS: readonly string[] = Object.freeze([]);

/** How `prepared.rule` alone judges the record in `context`. */
export function evaluateRule(prepared: PreparedRule, context: EvaluationContext): RuleEvaluation {
  const { rule } = prepared;
  const retain = rule.retain;
  const event = retain.kind === 'after-event' ? retain.event : null;
  // Retention wins: of several trigger dates, the latest counts.
  const triggerDate = event === null ? null : happenedOn(context, event, 'latest');
  let cutoffDate: string | null = null;
  let keptUntil: string | null = null;
  if (retain.kind === 'after-event' && triggerDate !== null) {
    const { financialYearEnd } = context.policy;
    cutoffDate = retain.cutoff === null ? null : applyCutoff(triggerDate, retain.cutoff, financialYearEnd);
    keptUntil = addPeriod(cutoffDate ?? triggerDate, retain.period);
  }
  const erasedBy = erasureThatShortens(keptUntil, earliestHappened(context, prepared.eraseEvents));
  const evaluation: RuleEvaluation = {
    rule: rule.id,
    basis: rule.basis,
    approval: rule.approval,
    trigger: { event, date: triggerDate },
    cutoffDate,
    retainUntil: erasedBy === null ? keptUntil : addDays(erasedBy.date, -1),
    note: '',
    erasedBy,
    holdFlags: flagsSet(rule, context.facts),
    review: reviewNeed(rule, context, event !== null && triggerDate === null),
  };
  evaluation.note = ruleNote(rule, evaluation, context.asOf);
  return evaluation;
}

/**
 * An erase_on event that has happened ends retention the day before it, unless the rule
 * already let the record go earlier (then the event changed nothing and is not reported).
 * A missing trigger or `indefinitely` counts as keeping forever.
 */
function erasureThatShortens(keptUntil: string | null, erasure: DatedEvent | null): DatedEvent | null {
  if (erasure === null) return null;
  return keptUntil === null || erasure.date <= keptUntil ? erasure : null;
}

function flagsSet(rule: CompiledRule, facts: RecordFacts): readonly string[] {
  let set: string[] | null = null;
  for (const flag of rule.holdWhile) {
    if (Object.hasOwn(facts.record.flags, flag) && facts.record.flags[flag] === true) (set ??= []).push(flag);
  }
  return set ?? NO_FLAGS;
}
