/**
 * The domain the decision engine works on. Everything here is plain data: the engine is a
 * pure function of (policy, record facts, holds, as-of date) and never reads a clock or a file.
 * Dates are ISO calendar dates (`YYYY-MM-DD`) in the policy's timezone unless said otherwise.
 */
import type { Approval, Basis, Cutoff } from '../vocabulary.js';

export type { Approval, Basis, Cutoff };

/** How long a rule keeps a record, normalised from the policy's `retain:` forms. */
export type Retention =
  | { kind: 'indefinitely' }
  /** `{ from: E, for: D }`, or `{ until: E }` which is the same with `period: 'P0D'`. */
  | { kind: 'after-event'; event: string; period: string; cutoff: Cutoff | null; form: 'from' | 'until' };

export interface CompiledReview {
  /** `review.every`: periodic review after the latest of `from`'s events. */
  every: string | null;
  from: readonly string[];
  /** `review.if_no_event_after`: ask a human when the trigger never came. */
  ifNoEventAfter: string | null;
}

/** One rule of a validated policy, with defaults filled in (approval from the policy). */
export interface CompiledRule {
  id: string;
  title: string | null;
  source: string | null;
  categories: readonly string[];
  basis: Basis | null;
  retain: Retention;
  eraseOn: readonly string[];
  holdWhile: readonly string[];
  review: CompiledReview | null;
  approval: Approval;
}

export interface CompiledPolicy {
  organisation: string;
  timezone: string;
  /** Month and day (1-based) the financial year ends on; 31 March unless the policy says otherwise. */
  financialYearEnd: { month: number; day: number };
  rules: readonly CompiledRule[];
}

/** One item of personal data, as read from an inventory file or the store. */
export interface InventoryRecord {
  id: string;
  subject: string | null;
  category: string;
  /** Calendar date or timestamp text, already checked to parse. */
  created: string | null;
  /** `target:ref`, e.g. `casefiles:client-17/lpa-notes.pdf`. */
  location: string | null;
  /** Event name → date or timestamp text (checked to parse). Absent = not happened. */
  events: Record<string, string>;
  flags: Record<string, boolean>;
}

/** What the store remembers about a record it already deleted (DESIGN §6, tombstones). */
export interface Tombstone {
  deletedAt: string;
  run: string | null;
  rule: string | null;
  /** When the latest import still listed the deleted record (which does not make it due again). */
  listedAgainAt?: string | null;
  /** What its target took at deletion to tell the item from another put at its location later (issue A3). */
  fingerprint?: string | null;
}

/**
 * Dates recorded with `event add` (the store's own facts, kept across re-imports): event name →
 * every date recorded for it, oldest first. Several dates are history, never substitutes; which
 * one counts is the engine's call (events.ts). A null-prototype object: names come from users.
 */
export type EventHistory = Readonly<Record<string, readonly string[]>>;

/** Everything the engine needs to know about one record. */
export interface RecordFacts {
  record: InventoryRecord;
  /** Dates recorded on the record itself; they count beside the inventory's `events` (absent = none). */
  recordedEvents?: EventHistory;
  /** Dates recorded on the record's subject; the record's own dates of the same event win. */
  subjectEvents: EventHistory;
  /** Set when the record was deleted before and has been found back in its target (restored backup). */
  tombstone: Tombstone | null;
}

export type HoldScope = 'record' | 'subject' | 'category';

export interface Hold {
  id: string;
  scope: HoldScope;
  /** The record id, subject id or category name the hold is on. */
  ref: string;
  reason: string;
  /** Last day the hold applies (inclusive); null = until released. */
  until: string | null;
}

export const STATUSES = ['held', 'due', 'review', 'pending', 'indefinite', 'retained', 'unmatched'] as const;
export type Status = (typeof STATUSES)[number];

/** How one matching rule judged the record on its own; `explain` prints these. */
export interface RuleEvaluation {
  rule: string;
  basis: Basis | null;
  approval: Approval;
  trigger: { event: string | null; date: string | null };
  /** Trigger date after the cutoff was applied (null when no cutoff or no trigger). */
  cutoffDate: string | null;
  /** Last day the record must be kept under this rule; null = indefinitely or trigger missing. */
  retainUntil: string | null;
  /** Why this rule alone would give its verdict, one sentence. */
  note: string;
  /** `erase_on` event that has happened under this rule, if any. */
  erasedBy: { event: string; date: string } | null;
  /** `hold_while` flags that are set. */
  holdFlags: readonly string[];
  /** A review this rule asks for, if any. */
  review: ReviewNeed | null;
}

export interface ReviewNeed {
  kind: 'periodic' | 'missing-trigger';
  /** First day the review was owed. */
  since: string;
  note: string;
}

/** An erasure request (UK GDPR art. 17) seen on the record or its subject. */
export interface ErasureOutcome {
  requested: string;
  /** Response deadline: one calendar month, clamped to the month's end. */
  deadline: string;
  /** True when the governing rule lets the request erase this record. */
  erasable: boolean;
  /** When not erasable: the exemption that keeps the record, e.g. "legal obligation — art. 17(3)(b)". */
  exemption: string | null;
}

export interface Decision {
  id: string;
  subject: string | null;
  category: string;
  status: Status;
  /** The governing rule's id; null when unmatched. */
  rule: string | null;
  /** Every rule that matched, in policy order (one frozen array per category, shared by its records). */
  rules: readonly string[];
  trigger: { event: string | null; date: string | null };
  retainUntil: string | null;
  /** The day after retainUntil, or the day an erase_on event made it due. */
  eligibleFrom: string | null;
  approval: Approval;
  reason: string;
  /** Detail for `explain`, the report and the audit log; not part of the plan's JSON contract. */
  evaluations: readonly RuleEvaluation[];
  holds: readonly Hold[];
  erasure: ErasureOutcome | null;
  review: ReviewNeed | null;
  location: string | null;
  /**
   * Set by a plan from the store (planner/worklist.ts), never by the engine: a due record on
   * the manual destruction worklist since that date (UTC) by that run — its deletion was
   * approved and is under way, it awaits a person's hands, not an approval.
   */
  awaitingDestruction?: { readonly since: string; readonly run: string };
}
