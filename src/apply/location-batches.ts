/**
 * The run's deletions in batches, records that share an item together. Two due records at one
 * location (locationKey) are deleted by one deletion of that item; if one of them stops being
 * deletable while the run goes on (a hold, an import that changes it), the other must not be
 * deleted either. Only a recheck that sees both in the same transaction can know, so a batch
 * never splits such a group: each group is pulled up to where its first record stands, and a
 * batch that cannot take a whole group ends before it (a group larger than a batch is a batch
 * of its own).
 */
import { locationKey } from '../location.js';

export function locationBatches<Item extends { record: { readonly location: string | null } }>(
  items: readonly Item[],
  batchSize: number,
): Item[][] {
  const groups = new Map<string, Item[]>();
  const ordered: Item[][] = [];
  for (const item of items) {
    const key = locationKey(item.record.location);
    const group = key === null ? undefined : groups.get(key);
    if (group) {
      group.push(item);
      continue;
    }
    const single = [item];
    if (key !== null) groups.set(key, single);
    ordered.push(single);
  }
  const batches: Item[][] = [];
  let batch: Item[] = [];
  for (const group of ordered) {
    if (batch.length > 0 && batch.length + group.length > batchSize) {
      batches.push(batch);
      batch = [];
    }
    batch.push(...group);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * The records of a batch whose location shares its key with one written differently (`d/f1`
 * and `d//f1`, `a.pdf` and `A.pdf`), by id → such a record. A target may take one spelling and
 * refuse the other (not a plain path, not a plain key): deleting the item for one would leave
 * the other's record failing every night over data already gone; or the two are different items
 * on a case-sensitive share. In doubt, neither is deleted until the inventory writes them alike.
 */
export function spelledApart<Item extends { record: { readonly id: string; readonly location: string | null } }>(
  batch: readonly Item[],
): Map<string, string> {
  const firstAt = new Map<string, Item>();
  const apart = new Map<string, string>();
  for (const item of batch) {
    const key = locationKey(item.record.location);
    if (key === null) continue;
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, item);
    else if (first.record.location !== item.record.location) {
      apart.set(item.record.id, first.record.id);
      if (!apart.has(first.record.id)) apart.set(first.record.id, item.record.id);
    }
  }
  // Those written as the first was, at a key with two spellings, are kept too.
  for (const item of batch) {
    const first = firstAt.get(locationKey(item.record.location) ?? '');
    const other = first === undefined ? undefined : apart.get(first.record.id);
    if (other !== undefined && !apart.has(item.record.id)) apart.set(item.record.id, other);
  }
  return apart;
}
