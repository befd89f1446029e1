/**
 * The ICO's "beyond use" duty for backups: a record deleted earlier that is back in its target
 * (a restored backup, a copy put back by hand) must go again. Each run looks for its deleted
 * records in their targets; one found again is live once more, due "reappeared after deletion".
 * `plan` makes the same look-up read-only, so that it shows what the next run will delete.
 * Only a target's definite "it is there" counts: a listing in an inventory is no evidence, and a
 * manual target (paper) cannot be checked, so its records never reappear.
 */
import { splitLocation } from '../targets/registry.js';
import type { AuditContext, FoundBack, Inventory } from '../store/types.js';
import type { TargetSet } from './target-set.js';

/**
 * What to do when a target cannot be opened or asked. Absent: the error is thrown (apply).
 * Given: called once per target, and that target's records count as not found back (plan).
 */
export type UncheckableTarget = (target: string, error: unknown) => void;

/**
 * The target holding `location` if the item is definitely there again; null otherwise.
 * `onUncheckable` hears of a target that could not be looked in at all (a database that stayed
 * locked), as opposed to one that could not tell about this one item.
 */
export async function targetHoldingAgain(targets: TargetSet, location: string | null, onUncheckable?: UncheckableTarget): Promise<string | null> {
  const resolved = await targets.resolve(location);
  // Refused refs, undeclared targets and manual targets ('unknown') are not "there".
  if ('problem' in resolved) return null;
  const answer = await resolved.target.exists(resolved.ref);
  const unavailable = answer === 'unknown' ? resolved.target.unavailableReason() : null;
  if (unavailable !== null) onUncheckable?.(resolved.target.name, new Error(unavailable));
  return answer === true ? resolved.target.name : null;
}

/** Deleted records found back in their targets (those `targets` owns), batch by batch. Changes nothing. */
export async function* foundBackInTargets(store: Inventory, targets: TargetSet, onUncheckable?: UncheckableTarget): AsyncIterable<FoundBack[]> {
  const uncheckable = new Set<string>();
  for await (const batch of store.tombstones()) {
    const back: FoundBack[] = [];
    for (const { id, location } of batch) {
      if (!targets.owns(location)) continue;
      const name = location === null ? undefined : splitLocation(location)?.target;
      if (name !== undefined && uncheckable.has(name)) continue;
      const cannotLook = (target: string, error: unknown) => {
        uncheckable.add(target);
        onUncheckable?.(target, error);
      };
      try {
        const target = await targetHoldingAgain(targets, location, cannotLook);
        if (target !== null) back.push({ id, target });
      } catch (error) {
        if (onUncheckable === undefined || name === undefined) throw error;
        cannotLook(name, error);
      }
    }
    if (back.length > 0) yield back;
  }
}

/** Apply's look-up: each record found back is marked live again with a `reappeared` entry. */
export async function findReappeared(store: Inventory, targets: TargetSet, by: AuditContext): Promise<number> {
  let found = 0;
  for await (const back of foundBackInTargets(store, targets)) {
    await store.markReappeared(back, by);
    found += back.length;
  }
  return found;
}
