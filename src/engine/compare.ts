/**
 * What a change of policy does to one record (`plan --compare`): the record decided under the
 * old and under the new policy, two pure decisions, and the differences that change what apply
 * does — status, governing rule, the last day it is kept, and whether its deletion needs an
 * approved plan. Findings are data; the planner words them.
 */
import type { Approval } from '../vocabulary.js';
import { periodBetween } from './dates.js';
import type { Decision, Status } from './types.js';

export type DecisionChange =
  | { kind: 'status'; from: Status; to: Status }
  | { kind: 'rule'; from: string | null; to: string | null }
  /** An approval required → automatic: apply now deletes the record (when due) without a person's approval. */
  | { kind: 'approval'; from: Approval; to: Approval }
  /** Both dates known: kept longer or shorter by `by` (ISO 8601 period). */
  | { kind: 'kept-longer' | 'kept-shorter'; by: string }
  /** One of the dates is unknown (kept indefinitely, or waiting for its trigger). */
  | { kind: 'end-date'; from: string | null; to: string | null };

/** The differences between `before` and `after`, the same record decided under two policies; empty when none. */
export function compareDecisions(before: Decision, after: Decision): DecisionChange[] {
  const changes: DecisionChange[] = [];
  if (before.status !== after.status) changes.push({ kind: 'status', from: before.status, to: after.status });
  if (before.rule !== after.rule) changes.push({ kind: 'rule', from: before.rule, to: after.rule });
  if (before.approval !== after.approval) changes.push({ kind: 'approval', from: before.approval, to: after.approval });
  const change = endDateChange(before.retainUntil, after.retainUntil);
  if (change) changes.push(change);
  return changes;
}

function endDateChange(from: string | null, to: string | null): DecisionChange | null {
  if (from === to) return null;
  if (from === null || to === null) return { kind: 'end-date', from, to };
  return from < to ? { kind: 'kept-longer', by: periodBetween(from, to) } : { kind: 'kept-shorter', by: periodBetween(to, from) };
}
