/**
 * Reviews a rule asks a person for (DESIGN §4.4): a periodic review that is overdue, or a
 * trigger event that never came within `if_no_event_after` of the record's creation.
 */
import type { CompiledRule, ReviewNeed } from './types.js';
import type { EventView } from './events.js';
import { latestHappened } from './events.js';
import { addDays, addPeriod, toCalendarDate } from './dates.js';
import { missingTriggerNote, periodicReviewNote } from './reasons.js';

/**
 * The review `rule` owes for this record as of the view's date, the earlier of the two kinds
 * when both are owed; null when none is. `triggerMissing`: the rule's trigger has not happened.
 */
export function reviewNeed(rule: CompiledRule, view: EventView, triggerMissing: boolean): ReviewNeed | null {
  const review = rule.review;
  if (review === null) return null;
  const periodic = review.every === null ? null : periodicReview(rule, review.every, review.from, view);
  const missing = review.ifNoEventAfter === null || !triggerMissing ? null : missingTriggerReview(rule, review.ifNoEventAfter, view);
  if (periodic === null || missing === null) return periodic ?? missing;
  return missing.since < periodic.since ? missing : periodic;
}

/** Owed once as-of is past the latest `from` event + `every`. */
function periodicReview(rule: CompiledRule, every: string, from: readonly string[], view: EventView): ReviewNeed | null {
  const last = latestHappened(view, from);
  if (last === null) return null;
  const dueBy = addPeriod(last.date, every);
  if (view.asOf <= dueBy) return null;
  const since = addDays(dueBy, 1);
  return { kind: 'periodic', since, note: periodicReviewNote(rule, last, every, since) };
}

/** Owed once as-of is past the record's `created` + `after` and the trigger still has not come. */
function missingTriggerReview(rule: CompiledRule, after: string, view: EventView): ReviewNeed | null {
  const createdText = view.facts.record.created;
  if (rule.retain.kind !== 'after-event' || createdText === null || createdText === '') return null;
  const created = toCalendarDate(createdText, view.zone);
  const dueBy = addPeriod(created, after);
  if (view.asOf <= dueBy) return null;
  const since = addDays(dueBy, 1);
  return { kind: 'missing-trigger', since, note: missingTriggerNote(rule, rule.retain.event, after, created, since) };
}
