import type { Hold, InventoryRecord } from '../engine/types.js';

/**
 * Finds the holds that could apply to a record without scanning every hold for every
 * record: a million-record plan with a few hundred holds must not cost a million × hundreds.
 */
export class HoldIndex {
  private readonly byScope = { record: new Map<string, Hold[]>(), subject: new Map<string, Hold[]>(), category: new Map<string, Hold[]>() };

  private readonly empty: boolean;

  constructor(holds: readonly Hold[]) {
    this.empty = holds.length === 0;
    for (const hold of holds) {
      const map = this.byScope[hold.scope];
      const list = map.get(hold.ref);
      if (list) list.push(hold);
      else map.set(hold.ref, [hold]);
    }
  }

  /** Holds on the record, its subject or its category; whether each is still active is the engine's call. */
  holdsFor(record: InventoryRecord): readonly Hold[] {
    // A plan from an inventory file has no holds: no three lookups per record for nothing.
    if (this.empty) return NO_HOLDS;
    const onRecord = this.byScope.record.get(record.id);
    const onSubject = record.subject === null ? undefined : this.byScope.subject.get(record.subject);
    const onCategory = this.byScope.category.get(record.category);
    if (!onRecord && !onSubject && !onCategory) return NO_HOLDS;
    return [...(onRecord ?? []), ...(onSubject ?? []), ...(onCategory ?? [])];
  }
}

const NO_HOLDS: readonly Hold[] = Object.freeze([]);
