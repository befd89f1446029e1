/**
 * The table's section for `plan --compare`: what the policy change does, rule by rule in one
 * sentence each, then the changed records (the first LIMIT by the plan's order; JSON and HTML
 * carry every one).
 */
import type { ChalkInstance } from 'chalk';
import type { PolicyImpact } from '../../planner/policy-impact.js';
import { countOf } from '../../plural.js';
import { renderTextTable, wrapText, type TextColumn } from './text-table.js';
import { visible } from './visible.js';

const COLUMNS: readonly TextColumn[] = [
  { heading: 'record' },
  { heading: 'before', prose: true },
  { heading: 'after', prose: true },
  { heading: 'change', prose: true },
];

export function renderPolicyImpact(impact: PolicyImpact | null | undefined, limit: number, width: number, c: ChalkInstance): string {
  if (!impact) return '';
  const heading = `${c.bold('Policy impact')}: compared with ${visible(impact.policy.file)} (SHA-256 ${impact.policy.sha256.slice(0, 12)}…), ${countOf(impact.changed, 'record')} of ${impact.records} decided differently`;
  if (impact.changed === 0) return `\n${wrapText(`${heading}.`, width)}`;
  const lines = impact.lines.map((line) => wrapText(`  ${line}`, width)).join('');
  const shown = impact.changedRecords.slice(0, limit);
  const rows = shown.map((r) => [visible(r.id), fate(r.before), fate(r.after), r.changes.join('; ')]);
  const more = impact.changed - shown.length;
  const rest =
    more > 0
      ? wrapText(
          `… and ${more} more (the first ${limit} are listed); every one: retention plan --compare ${visible(impact.policy.file)} --format json (or html)`,
          width,
        )
      : '';
  return `\n${wrapText(`${heading}:`, width)}${lines}${renderTextTable(COLUMNS, rows, width, c)}\n${rest}`;
}

/** "retained, care-records, to 2026-03-15". */
function fate(s: { status: string; rule: string | null; retainUntil: string | null }): string {
  return [s.status, s.rule ?? 'no rule', s.retainUntil ? `to ${s.retainUntil}` : null].filter((p) => p !== null).join(', ');
}
