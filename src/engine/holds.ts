/** Legal holds (DESIGN §4.4): a hold on the record, its subject or its category keeps it. */
import type { Hold, InventoryRecord } from './types.js';

const NO_HOLDS: readonly Hold[] = Object.freeze([]);

/**
 * The holds among `holds` that apply to `record` on `asOf`: scoped to its id, subject or
 * category, and not yet expired (`until` is the last day a hold applies).
 */
export function activeHolds(holds: readonly Hold[], record: InventoryRecord, asOf: string): readonly Hold[] {
  let applying: Hold[] | null = null;
  for (const hold of holds) {
    if (appliesTo(hold, record) && (hold.until === null || hold.until >= asOf)) (applying ??= []).push(hold);
  }
  return applying ?? NO_HOLDS;
}

function appliesTo(hold: Hold, record: InventoryRecord): boolean {
  switch (hold.scope) {
    case 'record':
      return hold.ref === record.id;
    case 'subject':
      return record.subject !== null && hold.ref === record.subject;
    case 'category':
      return hold.ref === record.category;
  }
}
