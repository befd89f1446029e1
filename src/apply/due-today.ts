/**
 * `apply --as-of` a past date must not delete what today's facts keep: an event dated between
 * that date and today (consent given again, a later end of service) has "not happened yet" as of
 * the past date, so the record looks due there while today it is still inside its retention
 * period. A run carries a record out only when it is due both as of its as-of date and as of
 * today (in the policy's timezone); the selection and every batch's last look use this rule.
 */
import { decide } from '../engine/decide.js';
import type { CompiledPolicy, Decision, Hold, RecordFacts } from '../engine/types.js';

/** The dates a run decides as of: `--as-of` (never after today) and today from the clock. */
export interface RunDates {
  readonly asOf: string;
  readonly today: string;
}

/**
 * For a record due as of `dates.asOf`: null when it is due as of today too (or the two dates are
 * one), else the decision as of today, which says why it is kept now.
 */
export function keptToday(policy: CompiledPolicy, facts: RecordFacts, holds: readonly Hold[], dates: RunDates): Decision | null {
  if (dates.asOf === dates.today) return null;
  const today = decide(policy, facts, holds, dates.today);
  return today.status === 'due' ? null : today;
}
