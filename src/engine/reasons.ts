/**
 * The sentences a DPO reads: one per rule (`explain`), one per decision (`reason`). They show
 * the arithmetic, not just the verdict: "care-records: service_ended 2019-03-15 + P6Y →
 * kept until 2025-03-15; due since 2025-03-16".
 */
import type { CompiledRule, Hold, RuleEvaluation, Tombstone } from './types.js';
import type { DatedEvent } from './events.js';
import { addDays, isValidDateText, toCalendarDate } from './dates.js';

/** What a rule concluded on its own, as `ruleNote` needs it. */
export type RuleVerdict = Pick<RuleEvaluation, 'trigger' | 'cutoffDate' | 'retainUntil' | 'erasedBy'>;

/** Why `rule` alone would keep or release the record, as of `asOf`. */
export function ruleNote(rule: CompiledRule, verdict: RuleVerdict, asOf: string): string {
  const { retain, id } = rule;
  if (verdict.erasedBy !== null) {
    return `${id}: ${verdict.erasedBy.event} ${verdict.erasedBy.date} → due since ${verdict.erasedBy.date}`;
  }
  if (retain.kind === 'indefinitely') return `${id}: kept indefinitely`;
  if (verdict.trigger.date === null || verdict.retainUntil === null) {
    return `${id}: waiting for ${retain.event}; kept until it happens`;
  }
  const cutoff = verdict.cutoffDate === null ? '' : ` → ${retain.cutoff} ${verdict.cutoffDate}`;
  const period = retain.form === 'from' ? ` + ${retain.period}` : '';
  const next = addDays(verdict.retainUntil, 1);
  const outcome = asOf > verdict.retainUntil ? `due since ${next}` : `eligible from ${next}`;
  const trigger = `${retain.event} ${verdict.trigger.date}`;
  return `${id}: ${trigger}${cutoff}${period} → kept until ${verdict.retainUntil}; ${outcome}`;
}

/** A periodic review is overdue: `last` + `every` has passed. */
export function periodicReviewNote(rule: CompiledRule, last: DatedEvent, every: string, since: string): string {
  const what = rule.basis === 'consent' ? 'consent review' : 'review';
  return `${rule.id}: ${last.event} ${last.date} + ${every} → ${what} owed since ${since}`;
}

/** The trigger has not come `after` the record was created. */
export function missingTriggerNote(rule: CompiledRule, event: string, after: string, created: string, since: string): string {
  return `${rule.id}: ${event} not recorded ${after} after created ${created} → review owed since ${since}`;
}

export function unmatchedReason(category: string): string {
  return `no rule matches category "${category}"; kept and reported`;
}

/** A deleted record has come back (re-import, restored backup): its copy must go too. */
export function reappearedReason(tombstone: Tombstone, zone: string, rule: string | null): string {
  const on = isValidDateText(tombstone.deletedAt) ? toCalendarDate(tombstone.deletedAt, zone) : tombstone.deletedAt;
  const run = tombstone.run === null ? '' : ` (run ${tombstone.run})`;
  const under = rule === null ? '' : ` under ${rule}`;
  return `reappeared after deletion on ${on}${run}; due again${under}`;
}

/**
 * A due record on a manual target's destruction worklist: a person must destroy it and confirm.
 * Shown every time the plan is made, until the confirmation, so the worklist never goes out of sight.
 */
export function awaitingDestructionReason(id: string, since: string, run: string, otherwise: string): string {
  return `awaiting destruction since ${since} (put on the destruction worklist by run ${run}; once destroyed: retention confirm ${id} --by NAME --method METHOD); ${otherwise}`;
}

/** A due record whose deletion a run journaled but did not finish (a crash): the next run settles it. */
export function interruptedDeletionReason(since: string, run: string, otherwise: string): string {
  return `deletion begun on ${since} by run ${run} was interrupted; the next apply settles it; ${otherwise}`;
}

/** Holds win over everything; `otherwise` is what the record's fate would be without them. */
export function heldReason(holds: readonly Hold[], evaluations: readonly RuleEvaluation[], otherwise: string): string {
  const causes = holds.map((hold) => `hold ${hold.id} on ${hold.scope} ${hold.ref} (${hold.reason})`);
  const byHolds = causes.length === 0 ? [] : [`held by ${causes.join(' and ')}`];
  const byFlags = evaluations
    .filter((evaluation) => evaluation.holdFlags.length > 0)
    .map(({ holdFlags, rule }) =>
      holdFlags.length === 1
        ? `held while flag ${holdFlags[0]} is set (${rule})`
        : `held while flags ${holdFlags.join(', ')} are set (${rule})`,
    );
  return `${[...byHolds, ...byFlags].join(' and ')}; otherwise: ${otherwise}`;
}

/** Appended when several rules matched: the longest retention governs. */
export function longestOfSuffix(ruleIds: readonly string[]): string {
  return `; longest of ${ruleIds.length} matching rules (${ruleIds.join(', ')})`;
}

/** Appended when an erasure request does not erase the record. */
export function erasureKeptSuffix(requested: string, exemption: string): string {
  return `; erasure requested ${requested} but kept: ${exemption}`;
}
