/** The report's list of records the latest import no longer listed (see ../no-longer-listed.ts). */
import type { NoLongerListed } from '../../../store/types.js';
import { html, type Html } from './markup.js';
import { dateCell } from './format.js';
import { renderWorklist } from './table.js';
import { NO_LONGER_LISTED_TODO } from '../no-longer-listed.js';

export function renderNoLongerListed(records: readonly NoLongerListed[]): Html | null {
  if (records.length === 0) return null;
  return renderWorklist({
    id: 'no-longer-listed',
    title: 'No longer listed',
    todo: NO_LONGER_LISTED_TODO,
    rows: records,
    columns: [
      { heading: 'Record', cell: (r) => html`<code>${r.id}</code>` },
      { heading: 'Category', cell: (r) => r.category },
      { heading: 'Not listed since', cell: (r) => dateCell(r.since.slice(0, 10)) },
    ],
  });
}
