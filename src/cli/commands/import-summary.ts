import type { ImportCounts } from '../../store/inventory.js';

/** What an import did, as `inventory import` and `inventory scan --import` print it. */
export function importSummary(counts: ImportCounts): string {
  return (
    `${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged` +
    (counts.listedAfterDeletion > 0
      ? `, ${counts.listedAfterDeletion} listed again after deletion — check the inventory export (they stay deleted and are not due; "retention explain ID" shows each one's deletion)`
      : '')
  );
}
