/**
 * `explain`: the answer to "why is this record (not) being deleted?" — the facts, every rule
 * that matched with its own arithmetic and verdict, the precedence that decided, holds and flags.
 */
import type { ChalkInstance } from 'chalk';
import type { CompiledPolicy, Decision, RecordFacts, Tombstone } from '../../engine/types.js';
import { describeRule } from '../../policy/describe.js';
import { decisionJson } from './decision-json.js';
import { statusColour } from './table.js';
import { eventLines, type EventAccount } from './explain-events.js';
import { visible } from './visible.js';

/** `events`: every date of every event with its source and which one counts (explain-events.ts). */
export function explainJson(facts: RecordFacts, decision: Decision, asOf: string, events: readonly EventAccount[]): unknown {
  const { evaluations, holds, erasure, review, location } = decision;
  return {
    asOf,
    record: facts.record,
    recordedEvents: facts.recordedEvents ?? {},
    subjectEvents: facts.subjectEvents,
    events,
    tombstone: shownTombstone(facts.tombstone),
    decision: decisionJson(decision),
    location,
    evaluations,
    holds,
    erasure,
    review,
  };
}

export function explainText(
  facts: RecordFacts,
  decision: Decision,
  policy: CompiledPolicy,
  asOf: string,
  c: ChalkInstance,
  events: readonly EventAccount[],
): string {
  // What users' files and the store say is shown, never acted on (visible.ts); the rest is ours.
  const r = facts.record;
  const lines: string[] = [];
  lines.push(
    c.bold(`Record ${visible(r.id)}`) +
      ` — category ${visible(r.category)}, subject ${visible(r.subject ?? '(none)')}, created ${visible(r.created ?? '(unknown)')}`,
  );
  if (r.location) lines.push(`Location: ${visible(r.location)}`);
  lines.push(...eventLines(events, { facts, zone: policy.timezone, asOf }));
  const flags = Object.entries(r.flags);
  if (flags.length > 0) lines.push(`Flags: ${flags.map(([k, v]) => `${visible(k)}=${v}`).join(', ')}`);
  if (facts.tombstone)
    lines.push(
      `Deleted before: ${facts.tombstone.deletedAt} (run ${visible(facts.tombstone.run ?? '?')}, rule ${facts.tombstone.rule ?? '?'}) — it has been found back in its target`,
    );
  lines.push(`As of ${asOf}:`, '');

  if (decision.evaluations.length === 0) {
    lines.push(
      `No rule matches category "${visible(r.category)}". Rules cover: ${visible([...new Set(policy.rules.flatMap((x) => x.categories))].sort().join(', '))}.`,
    );
  } else {
    lines.push(`Matching rules (${decision.evaluations.length}):`);
    decision.evaluations.forEach((e, i) => {
      const rule = policy.rules.find((x) => x.id === e.rule);
      lines.push(
        `  ${i + 1}. ${c.bold(e.rule)}${e.rule === decision.rule ? c.green(' (governs)') : ''} — ${rule ? visible(describeRule(rule)) : ''}`,
      );
      if (rule?.source) lines.push(`     source: ${visible(rule.source)}`);
      lines.push(`     basis: ${e.basis ?? '(none given)'}; approval: ${e.approval}`);
      lines.push(`     ${e.note}`);
      if (e.holdFlags.length > 0) lines.push(`     held while: ${e.holdFlags.join(', ')}`);
      if (e.review) lines.push(`     review: ${e.review.note}`);
    });
    if (decision.evaluations.length > 1) {
      lines.push(
        '',
        `Precedence: retention wins — a missing trigger beats "indefinitely", which beats any date; the latest date wins. ${decision.rule ?? 'no rule'} governs.`,
      );
    }
  }
  if (decision.holds.length > 0) {
    lines.push('', 'Holds:');
    for (const h of decision.holds)
      lines.push(`  ${h.id} on ${h.scope} ${visible(h.ref)}: ${visible(h.reason)}${h.until ? ` (until ${h.until})` : ''}`);
  }
  if (decision.erasure) {
    const e = decision.erasure;
    lines.push(
      '',
      `Erasure request: ${e.requested}, answer by ${e.deadline}; ${e.erasable ? 'this record is erasable' : `kept: ${e.exemption}`}`,
    );
  }
  lines.push('', `Decision: ${statusColour(c, decision.status)(decision.status.toUpperCase())} — ${visible(decision.reason)}`);
  if (decision.retainUntil) lines.push(`Kept until ${decision.retainUntil}; deletable from ${decision.eligibleFrom}.`);
  if (decision.status === 'due') {
    lines.push(
      decision.approval === 'automatic'
        ? 'Approval: automatic — "retention apply --yes" deletes it.'
        : 'Approval: required — deleted only through a saved plan that a named person approved.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A tombstone as explain shows it: the fingerprint is the targets' own business (see Tombstone). */
export function shownTombstone(tombstone: Tombstone | null): Omit<Tombstone, 'fingerprint'> | null {
  if (tombstone === null) return null;
  const { fingerprint: _fingerprint, ...shown } = tombstone;
  return shown;
}
