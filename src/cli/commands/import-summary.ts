import type { ImportCounts } from '../../store/inventory.js';
import { countOf } from '../../plural.js';

/** What an import did, as `inventory import` and `inventory scan --import` print it. */
export function importSummary(counts: ImportCounts): string {
  return (
    `${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged` +
    (counts.listedAfterDeletion > 0
      ? `, ${counts.listedAfterDeletion} listed again after deletion — check the inventory export (they stay deleted and are not due; "retention explain ID" shows each one's deletion)`
      : '') +
    (counts.eventDatesKept > 0
      ? `; ${countOf(counts.eventDatesKept, 'event date')} the store had and this file no longer lists (or lists changed) kept in the event history — "retention event list" shows them`
      : '')
  );
}
