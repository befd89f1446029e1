import type { ImportCounts } from '../../store/inventory.js';
import { countOf } from '../../plural.js';

/**
 * What an import did, as `inventory import` and `inventory scan --import` print it, and what
 * needs a person: records listed after deletion or after being forgotten, event dates kept in
 * the history, and records the import no longer lists (reconciliation).
 */
export function importSummary(counts: ImportCounts): string {
  let line = `${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged`;
  if (counts.listedAfterDeletion > 0) {
    line += `, ${counts.listedAfterDeletion} listed again after deletion — check the inventory export (they stay deleted and are not due; "retention explain ID" shows each one's deletion)`;
  }
  if (counts.listedAfterForget > 0) line += `, ${counts.listedAfterForget} listed again after being forgotten (they stay closed)`;
  if (counts.eventDatesKept > 0) {
    line += `; ${countOf(counts.eventDatesKept, 'event date')} the store had and this file no longer lists (or lists changed) kept in the event history — "retention event list" shows them`;
  }
  if (counts.noLongerListed > 0) {
    line +=
      `\n${countOf(counts.noLongerListed, 'record')} no longer listed — not deleted by retention; were they deleted elsewhere? ` +
      'They are not decided or deleted until listed again; "retention plan" lists them, and "retention inventory forget ID --by NAME --reason TEXT" closes one that is gone.';
  }
  return line;
}
