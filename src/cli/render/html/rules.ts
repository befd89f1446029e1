/** Rule by rule: what it says in English, why (basis and the notice's clause), and what it decided. */
import { STATUSES, type CompiledRule, type Status } from '../../../engine/types.js';
import { describeRule } from '../../../policy/describe.js';
import { UNMATCHED_KEY, type PlanSummary } from '../../../planner/summary.js';
import { html, type Html } from './markup.js';

export function renderRules(rules: readonly CompiledRule[], summary: PlanSummary): Html {
  const unmatched = summary.byRule[UNMATCHED_KEY];
  return html`<section id="rules" aria-labelledby="rules-title">
<h2 id="rules-title">Rule by rule</h2>
<p class="todo">What each rule of the policy says, the clause of the privacy notice it comes from, and how many records it decided.</p>
${rules.map((rule) => renderRule(rule, summary.byRule[rule.id] ?? {}))}${
    unmatched ? html`<article class="rule"><h3>No rule</h3><p class="counts">${statusCounts(unmatched)}</p></article>` : null
  }</section>
`;
}

function renderRule(rule: CompiledRule, counts: Partial<Record<Status, number>>): Html {
  return html`<article class="rule" id="rule-${rule.id}">
<h3><code>${rule.id}</code>${rule.title === null ? null : html` — ${rule.title}`}</h3>
<p class="describe">${capitalise(describeRule(rule))}.</p>
<dl class="facts"><dt>Lawful basis</dt><dd>${rule.basis ?? 'not stated'}</dd><dt>Deletion</dt><dd>${
    rule.approval === 'required' ? 'needs approval' : 'automatic'
  }</dd><dt>Records</dt><dd class="counts">${statusCounts(counts)}</dd></dl>
${rule.source === null ? null : html`<blockquote class="source">${rule.source}</blockquote>`}
</article>
`;
}

/** "1 due · 3 retained", in the engine's status order; "none" when the rule matched nothing. */
function statusCounts(counts: Partial<Record<Status, number>>): Html {
  const shown = STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  if (shown.length === 0) return html`none`;
  return html`${shown.map((s, i) => html`${i > 0 ? ' · ' : null}<span class="status ${s}">${counts[s] ?? 0} ${s}</span>`)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
