/** The report's "Since the last report": what changed since the plan saved last (src/planner/since-last-plan.ts). */
import type { SinceLastPlan } from '../../../planner/since-last-plan.js';
import { html, type Html } from './markup.js';
import { readableDate, shortHash } from './format.js';

/** Ids shown per line before "and N more": a report is read, not searched. */
const SHOWN = 50;

export function renderSinceLastPlan(since: SinceLastPlan | null | undefined): Html | null {
  if (!since) return null;
  const rows: [string, readonly string[]][] = [
    ['Newly due', since.newlyDue],
    ['Newly held', since.newlyHeld],
    ['Deleted or destroyed', since.deleted],
    ['Forgotten (closed without a deletion by retention)', since.forgotten],
    ['Erasure requests opened', since.erasureRequestsOpened],
    ['Erasure requests completed', since.erasureRequestsClosed],
  ];
  return html`<section id="since-last-report" aria-labelledby="since-last-report-title">
<h2 id="since-last-report-title">Since the last report</h2>
<p>Compared with the plan saved on <time datetime="${since.plan.createdAt}">${readableDate(since.plan.createdAt.slice(0, 10))}</time> (as of ${readableDate(since.plan.asOf)}, SHA-256 ${shortHash(since.plan.sha256)}).</p>
<table>
<tbody>
${rows.map(([label, ids]) => html`<tr><th scope="row">${label}</th><td class="num">${ids.length}</td><td>${idList(ids)}</td></tr>\n`)}</tbody>
</table>
</section>`;
}

function idList(ids: readonly string[]): Html {
  if (ids.length === 0) return html`—`;
  const more = ids.length - SHOWN;
  return html`${ids.slice(0, SHOWN).map((id, i) => html`${i > 0 ? ', ' : ''}<code>${id}</code>`)}${more > 0 ? ` and ${more} more` : ''}`;
}
