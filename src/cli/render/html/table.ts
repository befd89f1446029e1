/** A worklist: a heading, one line saying what the reader should do, and a table (or "none"). */
import { html, type Html, type Markup } from './markup.js';

export interface Column<Row> {
  heading: string;
  cell: (row: Row) => Markup;
}

export interface WorklistSpec<Row> {
  /** The section's id, for links from the summary figures. */
  id: string;
  title: string;
  /** What the reader should do about the rows, in one sentence. */
  todo: string;
  rows: readonly Row[];
  columns: readonly Column<Row>[];
}

export function renderWorklist<Row>(spec: WorklistSpec<Row>): Html {
  const { id, title, todo, rows, columns } = spec;
  const body =
    rows.length === 0
      ? html`<p class="none">None.</p>`
      : html`<table>
<thead><tr>${columns.map((c) => html`<th scope="col">${c.heading}</th>`)}</tr></thead>
<tbody>
${rows.map((row) => html`<tr>${columns.map((c) => html`<td>${c.cell(row)}</td>`)}</tr>\n`)}</tbody>
</table>`;
  return html`<section class="worklist" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${title} <span class="tally">${rows.length}</span></h3>
<p class="todo">${todo}</p>
${body}
</section>
`;
}
