/**
 * A destruction certificate an auditor can print and file: one A4 page wide. Each record takes
 * a line of facts and, under it, its audit entry's seq and full SHA-256 across the whole width
 * (64 characters fit there; they wrap on a narrow screen, and copy as one string), and the
 * whole SHA-256 of the plan that allowed it: a row read alone names its plan exactly, on screen
 * and on paper. "Approved plans" repeats each plan with its approvals and notes.
 */
import type { Certificate, CertificateLine } from '../../../audit/certificate.js';
import { html, trusted, type Html } from '../html/markup.js';
import { STYLES } from '../html/styles.js';
import { countOf } from '../../../plural.js';

const COLUMNS = ['Record', 'Category', 'Rule', 'Destroyed at (UTC)', 'By', 'Method', 'Approval'];

const CERTIFICATE_STYLES = trusted(`
code.digest { word-break: break-all; font-size: 0.85em; }
table.certificate td { overflow-wrap: break-word; }
table.certificate tbody { break-inside: avoid; }
table.certificate tr.destroyed td { border-bottom: none; }
table.certificate tr.proof td { padding-top: 0; color: var(--muted); font-size: 0.85em; }
.note { font-style: italic; }
ul.approvals { margin: 4px 0 12px; padding-left: 1.1em; }
`);

export function certificateHtml(c: Certificate, generatedAt: string): string {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Destruction certificate — ${c.run}</title>
<style>${STYLES}${CERTIFICATE_STYLES}</style></head>
<body>
<h1>Destruction certificate</h1>
<div class="meta">
<div>Run <code>${c.run}</code>${c.status ? html` — ${c.status}` : ''}</div>
<div>Started ${c.startedAt ?? 'unknown'}, ended ${c.endedAt ?? 'unknown'}${c.asOf ? html`, decided as of ${c.asOf}` : ''}</div>
<div>Policy SHA-256 <code class="digest">${c.policySha256 ?? 'unknown'}</code></div>
</div>
<h2>${countOf(c.lines.length, 'record')} destroyed</h2>
${
  c.lines.length > 0
    ? html`<table class="certificate"><thead><tr>${COLUMNS.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
${c.lines.map(renderLine)}</table>`
    : html`<p>No record was destroyed in this run.</p>`
}
${c.failed > 0 ? html`<p>${countOf(c.failed, 'deletion')} failed in this run and are not certified here (see <code>retention audit list --run ${c.run} --action failed</code>).</p>` : ''}
${renderPlans(c.lines)}
<h2>Audit chain</h2>
<p>Chain head when this certificate was made: seq ${c.head?.seq ?? 0}, hash <code class="digest">${c.head?.hash ?? ''}</code>.
The chain ${c.chainVerified ? 'verified' : html`<strong>did NOT verify</strong>`} at that time. Each entry's hash is the SHA-256 of the RFC 8785 canonical JSON of the entry without its hash; check them with <code>retention audit export</code> and any JCS implementation.</p>
<p class="meta">Generated ${generatedAt} by retention.</p>
</body></html>
`;
  return page.text;
}

/** One record: its facts on one row, its audit entry under them across the table. */
function renderLine(l: CertificateLine): Html {
  return html`<tbody><tr class="destroyed"><td><code>${l.record}</code></td><td>${l.category ?? ''}</td><td>${l.rule ?? ''}</td><td>${l.destroyedAt}</td><td>${l.destroyedBy}</td><td>${l.method}</td><td>${renderApproval(l)}</td></tr>
<tr class="proof"><td colspan="${COLUMNS.length}">audit entry ${l.seq}, SHA-256 <code class="digest">${l.hash}</code>${
    l.plan === null ? null : html`<br>under plan SHA-256 <code class="digest">${l.plan}</code>`
  }</td></tr></tbody>
`;
}

function renderApproval(l: CertificateLine): Html {
  if (l.plan === null) return html`${l.approval}`;
  // The plan's whole hash is in the row's proof line, under this one.
  if (l.approvals.length === 0) return html`plan below, with no approval in the store`;
  return html`${l.approvals.map(
    (a, i) =>
      html`${i > 0 ? html`<br>` : null}plan below approved by ${a.approvedBy} at ${a.approvedAt}${
        a.note === null ? null : html`: <span class="note">“${a.note}”</span>`
      }`,
  )}`;
}

/** Every plan that carried out a deletion here, with its whole hash, approvals and notes. */
function renderPlans(lines: readonly CertificateLine[]): Html | null {
  const plans = new Map<string, CertificateLine['approvals']>();
  for (const l of lines) if (l.plan !== null) plans.set(l.plan, l.approvals);
  if (plans.size === 0) return null;
  return html`<h2>Approved plans</h2>
${[...plans].map(
  ([sha256, approvals]) => html`<p>Plan SHA-256 <code class="digest">${sha256}</code></p>
<ul class="approvals">${
    approvals.length === 0
      ? html`<li>no approval of this plan is in the store</li>`
      : approvals.map(
          (a) =>
            html`<li>approved by ${a.approvedBy} at ${a.approvedAt}${a.note === null ? null : html`: <span class="note">“${a.note}”</span>`}</li>`,
        )
  }</ul>
`,
)}`;
}
