/**
 * The ICO's "beyond use" duty for backups: a record deleted earlier that is back in its target
 * (a restored backup, a copy put back by hand) must go again. Each run looks for its deleted
 * records in their targets; one found again is live once more, due "reappeared after deletion".
 */
import type { Store } from '../store/types.js';
import type { TargetSet } from './target-set.js';

export async function findReappeared(store: Store, targets: TargetSet, audit: { actor: string; run: string }): Promise<number> {
  let found = 0;
  for await (const batch of store.tombstones()) {
    const back: { id: string; target: string }[] = [];
    for (const { id, location } of batch) {
      const resolved = await targets.resolve(location);
      // Only a definite "it is there" counts: refused refs, manual targets and errors are 'unknown'.
      if (!('problem' in resolved) && (await resolved.target.exists(resolved.ref)) === true) back.push({ id, target: resolved.target.name });
    }
    if (back.length > 0) await store.markReappeared(back, audit);
    found += back.length;
  }
  return found;
}
