/**
 * `validate --compare OLD-POLICY`: what changed between two versions of a policy, rule by rule,
 * in the same English as `validate` prints a rule (describe.ts). What the change does to the
 * records is `plan --compare`'s job.
 */
import type { CompiledPolicy, CompiledRule } from '../engine/types.js';
import { describeRetention, describeReview, describeRule, orList } from './describe.js';

/** One sentence per difference, policy-wide ones first, then rules in the new policy's order, then removed rules. */
export function comparePolicies(older: CompiledPolicy, newer: CompiledPolicy): string[] {
  const lines: string[] = [];
  if (older.organisation !== newer.organisation) lines.push(`organisation is now ${newer.organisation} (was ${older.organisation})`);
  if (older.timezone !== newer.timezone)
    lines.push(`timezone is now ${newer.timezone} (was ${older.timezone}): dates are read in another zone`);
  const yearEnd = (p: CompiledPolicy) =>
    `${String(p.financialYearEnd.day).padStart(2, '0')}/${String(p.financialYearEnd.month).padStart(2, '0')}`;
  if (yearEnd(older) !== yearEnd(newer)) lines.push(`the financial year now ends on ${yearEnd(newer)} (was ${yearEnd(older)})`);
  const oldRules = new Map(older.rules.map((r) => [r.id, r]));
  const newIds = new Set(newer.rules.map((r) => r.id));
  for (const rule of newer.rules) {
    const before = oldRules.get(rule.id);
    if (before === undefined) lines.push(`${rule.id}: new rule — ${describeRule(rule)}`);
    else lines.push(...ruleChanges(before, rule).map((change) => `${rule.id}: ${change}`));
  }
  for (const rule of older.rules) {
    if (!newIds.has(rule.id))
      lines.push(`${rule.id}: removed — it ${describeRule(rule)}; its records fall to the other rules that match them, or to none`);
  }
  return lines;
}

function ruleChanges(before: CompiledRule, after: CompiledRule): string[] {
  const changes: string[] = [];
  const added = after.categories.filter((c) => !before.categories.includes(c));
  const dropped = before.categories.filter((c) => !after.categories.includes(c));
  if (added.length > 0) changes.push(`now also matches ${added.join(', ')} records`);
  if (dropped.length > 0) changes.push(`no longer matches ${dropped.join(', ')} records`);
  const changed = (what: string, was: string, now: string) => {
    if (was !== now) changes.push(`${what} ${now} (was ${was})`);
  };
  changed('keeps records', describeRetention(before.retain), describeRetention(after.retain));
  changed('basis is now', before.basis ?? 'not given', after.basis ?? 'not given');
  changed('erased on', listOrNothing(before.eraseOn), listOrNothing(after.eraseOn));
  changed('held while', listOrNothing(before.holdWhile), listOrNothing(after.holdWhile));
  const review = (r: CompiledRule) => (r.review ? describeReview(r.review, r.retain).join('; ') : 'no review');
  changed('review:', review(before), review(after));
  if (before.approval !== after.approval)
    changes.push(after.approval === 'required' ? 'now needs approval before deletion' : 'now deleted without approval');
  return changes;
}

function listOrNothing(names: readonly string[]): string {
  return names.length === 0 ? 'nothing' : orList(names);
}
