/**
 * The ICO's "beyond use" duty for backups: a record deleted earlier that is back in its target
 * (a restored backup, a copy put back by hand) must go again. Each run looks for its deleted
 * records in their targets; one found again is live once more, due "reappeared after deletion".
 * `plan` makes the same look-up read-only, so that it shows what the next run will delete.
 * Only a target's definite "it is there" counts: a listing in an inventory is no evidence, and a
 * manual target (paper) cannot be checked, so its records never reappear. And only the SAME
 * item (issue A3): the target compares what is there with the fingerprint it took at deletion;
 * a different item at the location (a new client's file at a reused path, a new row at a reused
 * key) is another record's, reported and never taken for the deleted one.
 */
import { splitLocation } from '../targets/registry.js';
import type { AuditContext, FoundBack, Inventory, TombstoneLocation } from '../store/types.js';
import type { TargetSet } from './target-set.js';

/**
 * What to do when a target cannot be opened or asked. Absent: the error is thrown (apply).
 * Given: called once per target, and that target's records count as not found back (plan).
 */
export type UncheckableTarget = (target: string, error: unknown) => void;

/**
 * The deleted item found again at `location` (see FoundAgain), with the target it is in; null
 * when nothing is there. `onUncheckable` hears of a target that could not be looked in at all
 * (a database that stayed locked), as opposed to one that could not tell about this one item.
 */
export async function foundAgainAt(
  targets: TargetSet,
  tombstone: Pick<TombstoneLocation, 'location' | 'fingerprint'>,
  onUncheckable?: UncheckableTarget,
): Promise<{ target: string; found: 'same' | 'unverified' | 'different' } | null> {
  const resolved = await targets.resolve(tombstone.location);
  // Refused refs, undeclared targets and manual targets ('none') are not "there".
  if ('problem' in resolved) return null;
  const found = await resolved.target.findAgain(resolved.ref, tombstone.fingerprint);
  const unavailable = found === 'none' ? resolved.target.unavailableReason() : null;
  if (unavailable !== null) onUncheckable?.(resolved.target.name, new Error(unavailable));
  return found === 'none' ? null : { target: resolved.target.name, found };
}

/** The target holding the deleted item at `location` again (the same item, or one that cannot be compared); null otherwise. */
export async function targetHoldingAgain(
  targets: TargetSet,
  tombstone: Pick<TombstoneLocation, 'location' | 'fingerprint'>,
  onUncheckable?: UncheckableTarget,
): Promise<string | null> {
  const again = await foundAgainAt(targets, tombstone, onUncheckable);
  return again === null || again.found === 'different' ? null : again.target;
}

/**
 * Deleted records found back in their targets (those `targets` owns), batch by batch. Changes
 * nothing. `onDifferent` hears of each deleted record whose location now holds a different item.
 */
export async function* foundBackInTargets(
  store: Inventory,
  targets: TargetSet,
  onUncheckable?: UncheckableTarget,
  onDifferent?: (id: string) => void,
): AsyncIterable<FoundBack[]> {
  const uncheckable = new Set<string>();
  for await (const batch of store.tombstones()) {
    const back: FoundBack[] = [];
    for (const tombstone of batch) {
      const { id, location } = tombstone;
      if (!targets.owns(location)) continue;
      const name = location === null ? undefined : splitLocation(location)?.target;
      if (name !== undefined && uncheckable.has(name)) continue;
      const cannotLook = (target: string, error: unknown) => {
        uncheckable.add(target);
        onUncheckable?.(target, error);
      };
      try {
        const again = await foundAgainAt(targets, tombstone, cannotLook);
        if (again?.found === 'different') onDifferent?.(id);
        else if (again !== null) back.push({ id, target: again.target });
      } catch (error) {
        if (onUncheckable === undefined || name === undefined) throw error;
        cannotLook(name, error);
      }
    }
    if (back.length > 0) yield back;
  }
}

/**
 * Apply's look-up: each record found back is marked live again with a `reappeared` entry.
 * Returns how many, and the deleted records whose location holds a different item now.
 */
export async function findReappeared(
  store: Inventory,
  targets: TargetSet,
  by: AuditContext,
): Promise<{ reappeared: number; differentItemAt: string[] }> {
  let reappeared = 0;
  const differentItemAt: string[] = [];
  for await (const back of foundBackInTargets(store, targets, undefined, (id) => differentItemAt.push(id))) {
    await store.markReappeared(back, by);
    reappeared += back.length;
  }
  return { reappeared, differentItemAt };
}
