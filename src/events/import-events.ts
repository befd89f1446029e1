/**
 * `event import FILE` (issue 12): the rows of an event feed join the store's event history.
 * Events are history, so a row is a fact to add, never a value to overwrite; a feed is exported
 * again and again, so a row the history already holds is recognised and not added twice, and
 * one a person removed (entered by mistake) is not brought back by the next export.
 * Every row is checked first (names, dates, that each record is in the store): a bad file
 * records nothing. The rows are then added one by one, each with its `event` entry; should the
 * machine fail half-way, importing the same file again adds only what is missing.
 */
import type { Events, EventInput, Inventory } from '../store/types.js';
import type { AuditContext } from '../store/audit-context.js';
import { eventFileError, type EventRow, type RowProblem } from './event-file.js';

export interface EventImportCounts {
  /** Rows in the file. */
  readonly rows: number;
  /** Added to the history now. */
  readonly added: number;
  /** Already in the history (or earlier in the same file): not added again. */
  readonly alreadyRecorded: number;
  /** Removed from the history by a person before: not added again. */
  readonly removedBefore: number;
}

const keyOf = (e: EventInput): string => JSON.stringify([e.scope, e.ref, e.event, e.date]);

export async function importEvents(
  store: Events & Pick<Inventory, 'getFacts' | 'getTombstone'>,
  file: string,
  rows: readonly EventRow[],
  by: AuditContext,
): Promise<EventImportCounts> {
  const problems: RowProblem[] = [];
  const checked = new Map<string, boolean>();
  for (const row of rows) {
    if (row.scope !== 'record') continue;
    let known = checked.get(row.ref);
    if (known === undefined) {
      known = (await store.getFacts(row.ref)) !== null || (await store.getTombstone(row.ref)) !== null;
      checked.set(row.ref, known);
    }
    if (!known)
      problems.push({
        code: 'events.unknown-record',
        line: row.line,
        message: `no record ${JSON.stringify(row.ref)} in the store`,
        hint: "import the inventory first, or give the subject's events in a subject,event,date file",
      });
  }
  if (problems.length > 0) throw eventFileError(file, problems);

  const history = new Map<string, 'active' | 'removed'>();
  for (const e of await store.listEvents()) {
    const key = keyOf(e);
    if (history.get(key) !== 'active') history.set(key, e.removedAt === null ? 'active' : 'removed');
  }
  let added = 0;
  let alreadyRecorded = 0;
  let removedBefore = 0;
  for (const row of rows) {
    const input: EventInput = { scope: row.scope, ref: row.ref, event: row.event, date: row.date };
    const key = keyOf(input);
    const known = history.get(key);
    if (known === 'active') alreadyRecorded += 1;
    else if (known === 'removed') removedBefore += 1;
    else {
      await store.addEvent(input, by);
      history.set(key, 'active');
      added += 1;
    }
  }
  return { rows: rows.length, added, alreadyRecorded, removedBefore };
}
