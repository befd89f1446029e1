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
