/**
 * Erasure requests (UK GDPR art. 17), one per subject and request date: what each request
 * erases, what it cannot, and the exemption that keeps the rest (DESIGN §4.5).
 */
import type { Decision } from '../../../engine/types.js';
import { html, type Html } from './markup.js';
import { byRecordId, dateCell } from './format.js';
import { renderWorklist } from './table.js';

export interface ErasureRequest {
  /** The data subject, or the record itself when it names no subject. */
  subject: string;
  requested: string;
  deadline: string;
  /** Records the request lets us erase (due, unless a hold keeps them). */
  erased: Decision[];
  /** Records kept under another basis, each with its exemption. */
  kept: Decision[];
}

/** Groups the decisions an erasure request touched, earliest deadline first. */
export function groupErasureRequests(decisions: readonly Decision[]): ErasureRequest[] {
  const groups = new Map<string, ErasureRequest>();
  for (const d of decisions) {
    if (!d.erasure) continue;
    const subject = d.subject ?? d.id;
    const key = JSON.stringify([subject, d.erasure.requested]);
    let request = groups.get(key);
    if (!request) {
      request = { subject, requested: d.erasure.requested, deadline: d.erasure.deadline, erased: [], kept: [] };
      groups.set(key, request);
    }
    (d.erasure.erasable ? request.erased : request.kept).push(d);
  }
  const requests = [...groups.values()];
  for (const r of requests) {
    r.erased.sort(byRecordId);
    r.kept.sort(byRecordId);
  }
  return requests.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.subject.localeCompare(b.subject));
}

/** The erasure-requests worklist; a deadline before the as-of date is marked as passed. */
export function renderErasureRequests(requests: readonly ErasureRequest[], asOf: string): Html {
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
      { heading: 'Erased by the request', cell: (r) => recordList(r.erased, erasedNote) },
      { heading: 'Kept, and why', cell: (r) => recordList(r.kept, (d) => d.erasure?.exemption ?? 'kept') },
    ],
  });
}

function erasedNote(d: Decision): string | null {
  return d.status === 'due' ? null : `${d.status}: not deleted yet`;
}

function recordList(records: readonly Decision[], note: (d: Decision) => string | null): Html {
  if (records.length === 0) return html`—`;
  return html`<ul class="records">${records.map((d) => {
    const text = note(d);
    return html`<li><code>${d.id}</code>${text === null ? null : html` — ${text}`}</li>`;
  })}</ul>`;
}
