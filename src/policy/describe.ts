/**
 * A compiled rule printed back as one English sentence (as restic prints its `forget`
 * policy), for `explain` and the HTML report, e.g.
 * "keeps care-plan, health records until 6 years after service_ended (end of financial year);
 *  erased on consent_withdrawn; needs approval".
 */
import type { CompiledReview, CompiledRule, Cutoff, Retention } from '../engine/types.js';
import { humaniseDuration } from './durations.js';

const CUTOFF_WORDS: Record<Cutoff, string> = {
  'end-of-month': 'end of month',
  'end-of-year': 'end of year',
  'end-of-financial-year': 'end of financial year',
};

/** The rule as one sentence of clauses joined by "; ". */
export function describeRule(rule: CompiledRule): string {
  const clauses = [
    `keeps ${rule.categories.join(', ')} records ${describeRetention(rule.retain)}`,
    rule.eraseOn.length > 0 ? `erased on ${orList(rule.eraseOn)}` : null,
    rule.holdWhile.length > 0 ? `held while ${orList(rule.holdWhile)}` : null,
    ...(rule.review ? describeReview(rule.review, rule.retain) : []),
    rule.approval === 'required' ? 'needs approval' : 'deleted without approval',
  ];
  return clauses.filter((c): c is string => c !== null).join('; ');
}

export function describeRetention(retain: Retention): string {
  if (retain.kind === 'indefinitely') return 'indefinitely';
  const cutoff = retain.cutoff ? ` (${CUTOFF_WORDS[retain.cutoff]})` : '';
  if (retain.form === 'until') return `until ${retain.event}${cutoff}`;
  return `until ${humaniseDuration(retain.period)} after ${retain.event}${cutoff}`;
}

export function describeReview(review: CompiledReview, retain: Retention): string[] {
  const clauses: string[] = [];
  if (review.every) clauses.push(`reviewed every ${humaniseDuration(review.every)} after ${orList(review.from)}`);
  if (review.ifNoEventAfter) {
    const trigger = retain.kind === 'after-event' ? retain.event : 'the trigger event';
    clauses.push(`reviewed if ${trigger} has not happened ${humaniseDuration(review.ifNoEventAfter)} after the record was created`);
  }
  return clauses;
}

/** "a", "a or b", "a, b or c". */
export function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
