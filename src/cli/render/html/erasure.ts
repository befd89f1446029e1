/**
 * The erasure-requests worklist (UK GDPR art. 17, DESIGN §4.5): what each request erases,
 * what it cannot, and the exemption that keeps the rest. The requests come gathered from the
 * whole plan (src/planner/erasure-requests.ts), whatever `--status` listed.
 */
import type { ErasureRequestSummary } from '../../../planner/erasure-requests.js';
import { html, type Html } from './markup.js';
import { dateCell } from './format.js';
import { renderWorklist } from './table.js';

/** The erasure-requests worklist; a deadline before the as-of date is marked as passed. */
export function renderErasureRequests(requests: readonly ErasureRequestSummary[], asOf: string): Html {
  return renderWorklist({
    id: 'erasure',
    title: 'Erasure requests',
    todo: 'Answer each person within one calendar month of their request: tell them which records were erased and which are kept, and the exemption that keeps them.',
    rows: requests,
    columns: [
      { heading: 'Subject', cell: (r) => html`<code>${r.subject}</code>` },
      { heading: 'Requested', cell: (r) => dateCell(r.requested) },
      {
        heading: 'Response deadline',
        cell: (r) => html`${dateCell(r.deadline)}${r.deadline < asOf ? html` <span class="flag">deadline passed</span>` : null}`,
      },
      // Records still here that the request (or their own rule) makes due now: to erase, not yet erased.
      {
        heading: 'To erase (due now)',
        cell: (r) =>
          recordList([...r.due.map((id) => ({ id, note: null })), ...r.dueByRule.map((id) => ({ id, note: 'due under its own rule' }))]),
      },
      { heading: 'Kept, and why', cell: (r) => recordList(r.kept.map((k) => ({ id: k.id, note: k.exemption }))) },
      // Records the plan does not decide (no longer listed, forgotten): nothing proves them erased.
      { heading: 'Not proven erased', cell: (r) => recordList(r.notErased.map((n) => ({ id: n.id, note: n.why }))) },
    ],
  });
}

function recordList(records: readonly { id: string; note: string | null }[]): Html {
  if (records.length === 0) return html`—`;
  return html`<ul class="records">${records.map((r) => html`<li><code>${r.id}</code>${r.note === null ? null : html` — ${r.note}`}</li>`)}</ul>`;
}
