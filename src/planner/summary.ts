import type { Decision, Status } from '../engine/types.js';
import type { ErasureRequestSummary } from './erasure-requests.js';
import type { NoLongerListed } from '../store/types.js';

/** Counts a plan's decisions per status and per rule; the table's footer and the JSON `summary`. */
export interface PlanSummary {
  records: number;
  byStatus: Record<Status, number>;
  /** Rule id (or `(unmatched)`) → status → count. */
  byRule: Record<string, Partial<Record<Status, number>>>;
  /** Retained records that become due within the horizon. */
  upcoming: number;
  /** Due records whose rule needs a person's approval before they are deleted (not those on the destruction worklist: approved). */
  awaitingApproval: number;
  /** Every erasure request seen, earliest response deadline first. */
  erasureRequests: ErasureRequestSummary[];
  /**
   * Deleted records the latest import still listed: not decisions (they are deleted, and not
   * due), but the inventory export needs checking. Empty for a plan from an inventory file.
   */
  listedAfterDeletion: ListedAfterDeletion[];
  /**
   * Live records the latest import of their scope no longer listed (reconciliation): not
   * decided and not deleted until listed again or forgotten. Empty for a plan from a file.
   */
  noLongerListed: NoLongerListed[];
}

export interface ListedAfterDeletion {
  id: string;
  /** When the record was deleted (UTC timestamp), and when an import listed it again. */
  deletedAt: string;
  listedAt: string;
}

export const UNMATCHED_KEY = '(unmatched)';

export function emptySummary(): PlanSummary {
  const byStatus: Record<Status, number> = { held: 0, due: 0, review: 0, pending: 0, indefinite: 0, retained: 0, unmatched: 0 };
  // Rule ids are the DPO's names: a rule called `constructor` must not find Object's own.
  const byRule = Object.create(null) as PlanSummary['byRule'];
  return {
    records: 0,
    byStatus,
    byRule,
    upcoming: 0,
    awaitingApproval: 0,
    erasureRequests: [],
    listedAfterDeletion: [],
    noLongerListed: [],
  };
}

export function addToSummary(summary: PlanSummary, decision: Decision, upcoming: boolean): void {
  summary.records += 1;
  summary.byStatus[decision.status] += 1;
  const key = decision.rule ?? UNMATCHED_KEY;
  const perRule = (summary.byRule[key] ??= {});
  perRule[decision.status] = (perRule[decision.status] ?? 0) + 1;
  if (upcoming) summary.upcoming += 1;
  if (decision.status === 'due' && decision.approval === 'required' && decision.awaitingDestruction === undefined)
    summary.awaitingApproval += 1;
}
