import type { Certificate } from '../../../audit/certificate.js';
import { html, trusted } from '../html/markup.js';
import { STYLES } from '../html/styles.js';
import { countOf } from '../../../plural.js';

/** A self-contained page an auditor can print and file. */
export function certificateHtml(c: Certificate, generatedAt: string): string {
  const rows = c.lines.map(
    (l) => html`<tr><td><code>${l.record}</code></td><td>${l.category ?? ''}</td><td>${l.rule ?? ''}</td><td>${l.approval}</td>
<td>${l.destroyedAt}</td><td>${l.destroyedBy}</td><td>${l.method}</td><td>${l.seq}</td><td><code class="hash">${l.hash}</code></td></tr>`,
  );
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Destruction certificate — ${c.run}</title>
<style>${STYLES}${trusted('.hash{word-break:break-all;font-size:0.75em}')}</style></head>
<body>
<h1>Destruction certificate</h1>
<div class="meta">
<div>Run <code>${c.run}</code>${c.status ? html` — ${c.status}` : ''}</div>
<div>Started ${c.startedAt ?? 'unknown'}, ended ${c.endedAt ?? 'unknown'}${c.asOf ? html`, decided as of ${c.asOf}` : ''}</div>
<div>Policy SHA-256 <code class="hash">${c.policySha256 ?? 'unknown'}</code></div>
</div>
<h2>${countOf(c.lines.length, 'record')} destroyed</h2>
${
  c.lines.length > 0
    ? html`<table><thead><tr><th>record</th><th>category</th><th>rule</th><th>approval</th><th>destroyed at (UTC)</th><th>by</th><th>method</th><th>audit seq</th><th>entry hash</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p>No record was destroyed in this run.</p>`
}
${c.failed > 0 ? html`<p>${countOf(c.failed, 'deletion')} failed in this run and are not certified here (see <code>retention audit list --run ${c.run} --action failed</code>).</p>` : ''}
<h2>Audit chain</h2>
<p>Chain head when this certificate was made: seq ${c.head?.seq ?? 0}, hash <code class="hash">${c.head?.hash ?? ''}</code>.
The chain ${c.chainVerified ? 'verified' : html`<strong>did NOT verify</strong>`} at that time. Each entry's hash is the SHA-256 of the RFC 8785 canonical JSON of the entry without its hash; check them with <code>retention audit export</code> and any JCS implementation.</p>
<p class="meta">Generated ${generatedAt} by retention.</p>
</body></html>
`;
  return page.text;
}
