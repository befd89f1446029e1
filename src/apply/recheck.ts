/**
 * The last look before a batch is journaled (DESIGN §6): inside the store's transaction that
 * writes the batch's intents, each record is decided again from the facts and holds as they
 * are then. A hold placed (or an event added) while the run was deleting other batches wins,
 * and so does a location changed by an import meanwhile (issue A2): the item at the location
 * selected may now be another record's.
 */
import { decide } from '../engine/decide.js';
import type { CompiledPolicy, Decision, Status } from '../engine/types.js';
import { HoldIndex } from '../planner/hold-index.js';
import { locationKey } from '../location.js';
import type { IntentRecheck } from '../store/types.js';
import { keptToday, type RunDates } from './due-today.js';

/** A selected record the run left alone because it stopped being due while the run went on. */
export interface ChangedDuringRun {
  record: string;
  /** Its status when its batch came; null when it was no longer listed, forgotten or gone from the store. */
  status: Status | null;
  reason: string;
}

/** What a recheck saw, to say why the records it did not keep were left alone. */
export interface RecheckFindings {
  /** The decision made for each record seen. */
  readonly decided: Map<string, Decision>;
  /** Records whose location is no longer the one they were selected at. */
  readonly moved: Set<string>;
  /** Records whose location a record imported during the run, which this run does not delete, shares now: id → that record. */
  readonly sharedWith: Map<string, string>;
  /** Records kept because another record of the batch at their location no longer is deleted: id → that record. */
  readonly partnerKept: Map<string, string>;
}

/**
 * A recheck that keeps the records still due as of the run's as-of date and as of today (the
 * selection's rule, due-today.ts) and still at the location they were selected at
 * (`selectedAt`, the batch's, by id), and whose location no record imported during the run
 * shares, unless this run deletes that record there too (`runDeletes`: each record of the run
 * by id, with the location it was selected at): the selection kept a due record whose item is
 * another's (select.ts), and an import while the run goes on must not get round that. Records
 * of the batch that share a location (location-batches.ts puts them in one batch) are kept
 * all or none: when one is no longer deleted (held meanwhile, say), deleting the others would
 * destroy its item. It leaves what it saw in `findings`: the decision that judged each record
 * (to say why the others were left alone), the records that moved, and those that now share
 * their location.
 */
export function stillDue(
  policy: CompiledPolicy,
  dates: RunDates,
  selectedAt: ReadonlyMap<string, string | null>,
  runDeletes: ReadonlyMap<string, string | null>,
  findings: RecheckFindings,
): IntentRecheck {
  const { decided, moved, sharedWith, partnerKept } = findings;
  return ({ facts, holds, arrivals }) => {
    decided.clear();
    moved.clear();
    sharedWith.clear();
    partnerKept.clear();
    const arrivedAt = new Map<string, string>();
    for (const { id, location } of arrivals) {
      const key = locationKey(location);
      // A record of this run still where it was selected is the run's own: its batch decides it.
      const runsOwn = runDeletes.has(id) && locationKey(runDeletes.get(id) ?? null) === key;
      if (key !== null && !runsOwn) arrivedAt.set(key, id);
    }
    const index = new HoldIndex(holds);
    const keep = new Set<string>();
    for (const [id, current] of facts) {
      if (selectedAt.has(id) && selectedAt.get(id) !== current.record.location) {
        moved.add(id);
        continue;
      }
      const other = arrivedAt.get(locationKey(current.record.location) ?? '');
      if (other !== undefined) {
        sharedWith.set(id, other);
        continue;
      }
      const applying = index.holdsFor(current.record);
      const decision = decide(policy, current, applying, dates.asOf);
      const today = decision.status === 'due' ? keptToday(policy, current, applying, dates) : null;
      decided.set(id, today ?? decision);
      if (decision.status === 'due' && today === null) keep.add(id);
    }
    keepWholeLocations(selectedAt, keep, partnerKept);
    return keep;
  };
}

/** Takes out of `keep` every record sharing its selected location with one of the batch not kept, noting which in `partnerKept`. */
function keepWholeLocations(selectedAt: ReadonlyMap<string, string | null>, keep: Set<string>, partnerKept: Map<string, string>): void {
  const notKeptAt = new Map<string, string>();
  for (const [id, location] of selectedAt) {
    // Most batches keep every record: no location is folded then (locationKey is the cost here).
    if (keep.has(id)) continue;
    const key = locationKey(location);
    if (key !== null && !notKeptAt.has(key)) notKeptAt.set(key, id);
  }
  if (notKeptAt.size === 0) return;
  for (const [id, location] of selectedAt) {
    const other = notKeptAt.get(locationKey(location) ?? '');
    if (other !== undefined && keep.delete(id)) partnerKept.set(id, other);
  }
}

/** Why `id` was not journaled, from the decision the recheck made for it. */
export function changedDuringRun(id: string, decision: Decision | undefined): ChangedDuringRun {
  // The store hands the recheck only the records a plan would decide: one an import no longer
  // lists (or a person forgot) meanwhile is in doubt, and left alone like any other.
  if (!decision) return { record: id, status: null, reason: 'no longer listed during the run (or forgotten, or no longer in the store)' };
  return { record: id, status: decision.status, reason: decision.reason };
}
