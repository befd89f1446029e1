/**
 * `plan --compare OLD-POLICY`: every record decided under the old policy too (the same facts,
 * holds and as-of date), the records whose status, rule, last day kept or approval differ, and counts
 * per rule and per change in plain English ("care-records: 1,204 records kept 1 year longer;
 * 14 no longer due"). The engine compares; this module words and counts.
 */
import { compareDecisions, type DecisionChange } from '../engine/compare.js';
import { decide } from '../engine/decide.js';
import type { CompiledPolicy, Decision, RecordFacts, Status } from '../engine/types.js';
import type { Approval } from '../vocabulary.js';
import { humaniseDuration } from '../policy/durations.js';
import type { HoldIndex } from './hold-index.js';
import { UNMATCHED_KEY } from './summary.js';

/** A record's fate under one policy, as the comparison shows it. */
export interface DecisionSnapshot {
  status: Status;
  rule: string | null;
  retainUntil: string | null;
  approval: Approval;
}

export interface ChangedRecord {
  id: string;
  subject: string | null;
  category: string;
  before: DecisionSnapshot;
  after: DecisionSnapshot;
  /** Each difference in plain English: "kept 1 year longer", "no longer due". */
  changes: string[];
}

export interface PolicyImpact {
  /** The old policy the plan's policy is compared with. */
  policy: { file: string; sha256: string };
  /** Records compared (every record the plan decided). */
  records: number;
  changed: number;
  /** Rule id (the new governing rule, else the old one, else `(unmatched)`) → change → records. */
  byRule: Record<string, Record<string, number>>;
  /** One sentence per rule with changes, by rule id: "care-records: 1,204 records kept 1 year longer; 14 no longer due". */
  lines: string[];
  /** Every changed record, in the order the plan decided them (by id from a store). */
  changedRecords: ChangedRecord[];
}

const STATUS_WORDS: Readonly<Record<Status, string>> = {
  held: 'held',
  due: 'due',
  review: 'to review',
  pending: 'waiting for an event',
  indefinite: 'kept indefinitely',
  retained: 'retained',
  unmatched: 'matched by no rule',
};

/** One difference in plain English. */
export function describeChange(change: DecisionChange): string {
  switch (change.kind) {
    case 'status':
      if (change.from === 'due') return 'no longer due';
      return `now ${STATUS_WORDS[change.to]}`;
    case 'rule':
      return `now under ${change.to ?? 'no rule'} (was ${change.from ?? 'no rule'})`;
    case 'approval':
      return change.to === 'automatic' ? 'now deleted without approval' : 'now deleted only under an approved plan';
    case 'kept-longer':
      return `kept ${humaniseDuration(change.by)} longer`;
    case 'kept-shorter':
      return `kept ${humaniseDuration(change.by)} less`;
    case 'end-date':
      return change.to === null ? 'no longer has an end date' : 'now has an end date';
  }
}

const numberFormat = new Intl.NumberFormat('en-GB');

/** Decides each record under the old policy as the plan decides it under the new one, and collects the differences. */
export class PolicyImpactCollector {
  private records = 0;
  private changedCount = 0;
  private readonly changed: ChangedRecord[] = [];
  // Rule ids are the DPO's names: a rule called `constructor` must not find Object's own.
  private readonly byRule = Object.create(null) as Record<string, Record<string, number>>;

  constructor(
    private readonly old: { policy: CompiledPolicy; file: string; sha256: string },
    private readonly holds: HoldIndex,
    private readonly asOf: string,
    /** false: count only (apply's `policy-changed` entry over a whole store), `changedRecords` stays empty. */
    private readonly keepRecords = true,
  ) {}

  /** `decisions[i]` is the new policy's decision for `facts[i]`. */
  observe(decisions: readonly Decision[], facts: readonly RecordFacts[]): void {
    decisions.forEach((after, i) => {
      const f = facts[i];
      if (f === undefined) return;
      this.records += 1;
      const before = decide(this.old.policy, f, this.holds.holdsFor(f.record), this.asOf);
      const changes = compareDecisions(before, after).map(describeChange);
      if (changes.length === 0) return;
      this.changedCount += 1;
      if (this.keepRecords)
        this.changed.push({
          id: after.id,
          subject: after.subject,
          category: after.category,
          before: snapshot(before),
          after: snapshot(after),
          changes,
        });
      const perRule = (this.byRule[after.rule ?? before.rule ?? UNMATCHED_KEY] ??= Object.create(null) as Record<string, number>);
      for (const change of changes) perRule[change] = (perRule[change] ?? 0) + 1;
    });
  }

  result(): PolicyImpact {
    const lines = Object.keys(this.byRule)
      .sort()
      .map((rule) => `${rule}: ${countsSentence(this.byRule[rule] ?? {})}`);
    return {
      policy: { file: this.old.file, sha256: this.old.sha256 },
      records: this.records,
      changed: this.changedCount,
      byRule: this.byRule,
      lines,
      changedRecords: this.changed,
    };
  }
}

/** "1,204 records kept 1 year longer; 14 no longer due": the commonest change first. */
function countsSentence(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([change, n], i) => `${numberFormat.format(n)}${i === 0 ? (n === 1 ? ' record' : ' records') : ''} ${change}`)
    .join('; ');
}

function snapshot(d: Decision): DecisionSnapshot {
  return { status: d.status, rule: d.rule, retainUntil: d.retainUntil, approval: d.approval };
}
