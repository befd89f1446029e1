/** The report's "Policy impact" section (`plan --compare`): one sentence per rule, then every changed record. */
import type { ChangedRecord, DecisionSnapshot, PolicyImpact } from '../../../planner/policy-impact.js';
import { countOf } from '../../../plural.js';
import { html, type Html } from './markup.js';
import { dateCell, shortHash } from './format.js';
import { renderWorklist } from './table.js';

export function renderPolicyImpact(impact: PolicyImpact | null | undefined): Html | null {
  if (!impact) return null;
  return html`<h2 id="policy-impact">Policy impact</h2>
<p>Compared with the policy <code>${impact.policy.file}</code>, SHA-256 ${shortHash(impact.policy.sha256)}: ${countOf(impact.changed, 'record')} of ${impact.records} would be decided differently.</p>
${impact.lines.length > 0 ? html`<ul class="impact">${impact.lines.map((line) => html`<li>${line}</li>`)}</ul>` : null}
${renderWorklist<ChangedRecord>({
  id: 'changed-records',
  title: 'Records decided differently',
  todo: 'Check that each change is what the new policy means to do before the next run applies it.',
  rows: impact.changedRecords,
  columns: [
    { heading: 'Record', cell: (r) => html`<code>${r.id}</code>` },
    { heading: 'Before', cell: (r) => fate(r.before) },
    { heading: 'After', cell: (r) => fate(r.after) },
    { heading: 'Change', cell: (r) => r.changes.join('; ') },
  ],
})}`;
}

function fate(s: DecisionSnapshot): Html {
  return html`${s.status}, ${s.rule ?? 'no rule'}${s.retainUntil ? html`, kept to ${dateCell(s.retainUntil)}` : null}`;
}
