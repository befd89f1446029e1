/**
 * What a change of policy does to one record (`plan --compare`): the record decided under the
 * old and under the new policy, two pure decisions, and the differences a DPO cares about —
 * status, governing rule, and the last day it is kept. Findings are data; the planner words them.
 */
import { periodBetween } from './dates.js';
import type { Decision, Status } from './types.js';

export type DecisionChange =
  | { kind: 'status'; from: Status; to: Status }
  | { kind: 'rule'; from: string | null; to: string | null }
  /** Both dates known: kept longer or shorter by `by` (ISO 8601 period). */
  | { kind: 'kept-longer' | 'kept-shorter'; by: string }
  /** One of the dates is unknown (kept indefinitely, or waiting for its trigger). */
  | { kind: 'end-date'; from: string | null; to: string | null };

/** The differences between `before` and `after`, the same record decided under two policies; empty when none. */
export function compareDecisions(before: Decision, after: Decision): DecisionChange[] {
  const changes: DecisionChange[] = [];
  if (before.status !== after.status) changes.push({ kind: 'status', from: before.status, to: after.status });
  if (before.rule !== after.rule) changes.push({ kind: 'rule', from: before.rule, to: after.rule });
  const change = endDateChange(before.retainUntil, after.retainUntil);
  if (change) changes.push(change);
  return changes;
}

function endDateChange(from: string | null, to: string | null): DecisionChange | null {
  if (from === to) return null;
  if (from === null || to === null) return { kind: 'end-date', from, to };
  return from < to ? { kind: 'kept-longer', by: periodBetween(from, to) } : { kind: 'kept-shorter', by: periodBetween(to, from) };
}
